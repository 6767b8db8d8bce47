import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Two Écoute servers on one PostgreSQL database behind nginx (pair/serve.sh,
// from the files of docs/deploiement/), reached over HTTPS: nginx sends
// each request to the next server in turn.
const port = Number(process.env.PAIR_PORT ?? '3300');
const smtpPort = process.env.PAIR_SMTP_PORT ?? '2625';
const mail = path.resolve(__dirname, '../target/pair-mail');
const maildir = path.join(mail, 'maildir');
// Read by tests/mail.ts in the test workers.
process.env.E2E_MAILDIR = path.join(maildir, 'new');
process.env.PAIR_PORT = String(port);

export default defineConfig({
  testDir: 'pair',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: `https://127.0.0.1:${port}`,
    // The run's certificate is made at its start (pair/serve.sh).
    ignoreHTTPSErrors: true,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    headless: true,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
  projects: [
    {
      name: 'deux-serveurs',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
  ],
  webServer: [
    {
      command: `bash -c 'rm -rf ${mail} && mkdir -p ${mail} && exec /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}'`,
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'bash pair/serve.sh',
      env: { PAIR_PORT: String(port), PAIR_SMTP_PORT: smtpPort },
      // Through nginx: ready once it answers and a server behind it does.
      url: `https://127.0.0.1:${port}/propositions`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
