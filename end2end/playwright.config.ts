import { defineConfig } from '@playwright/test';

// Ports can be moved (E2E_PORT, E2E_SMTP_PORT) so that two checkouts can run
// their suites side by side on one machine.
const port = process.env.E2E_PORT ?? '3100';
const smtpPort = process.env.E2E_SMTP_PORT ?? '2525';
// The browser talks to record-html.mjs on `port`, which passes everything on
// to the server on `serverPort` and keeps a copy of each HTML page for the
// HTML checker (.ci/test).
const serverPort = String(Number(port) + 1000);
// The empty body of day-one.spec.ts: its proxy on `port` + 2, its server
// 1000 above.
const emptyPort = String(Number(port) + 2);
const emptyServerPort = String(Number(port) + 1002);

/**
 * End-to-end suite of Écoute.
 *
 * Runs in the system Chromium (Debian's /usr/bin/chromium): no browser is
 * downloaded. The already-built debug server (`cargo leptos build`) is started
 * on a fresh SQLite database loaded with the demo data at every run, plus
 * the first administrator created from the command line.
 */
export default defineConfig({
  testDir: 'tests',
  // The two-server run has its own configuration (playwright.pair.config.ts).
  testIgnore: 'pair/**',
  timeout: 30_000,
  retries: 0,
  // Two cores, and later tests write data: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // The closing line "N passed" is the last thing printed.
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A stuck action fails with its own message instead of the test's timeout.
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
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // A real SMTP server (Debian's python3-aiosmtpd) keeping every message
      // in a Maildir that the tests read back.
      command:
        `bash -c 'rm -rf ../target/e2e-mail && mkdir -p ../target/e2e-mail && exec /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ../target/e2e-mail/maildir'`,
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command:
        "bash -c 'rm -rf ../target/e2e && mkdir -p ../target/e2e && ../target/debug/ecoute seed-demo && ../target/debug/ecoute create-admin --email secretariat@interieur.gouv.fr --name \"Claire Martin\" && exec ../target/debug/ecoute serve 2>../target/e2e/server.log'",
      env: {
        DATABASE_URL: 'sqlite://../target/e2e/ecoute.db',
        ECOUTE_ADDR: `127.0.0.1:${serverPort}`,
        ECOUTE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ECOUTE_SITE_ROOT: '../target/site',
        ECOUTE_DEMO_DATA: 'true',
        ECOUTE_ADMIN_PASSWORD: 'le secrétariat général veille',
        // The demo's accounts (secretariat, lead, member): see session.ts.
        ECOUTE_DEMO_PASSWORD: 'la démonstration se visite',
        ECOUTE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // Digests leave at 6 h, Paris time (notices.spec.ts).
        ECOUTE_DIGEST_HOUR: '6',
        // The serving server's log, one JSON object a line, is checked after
        // the run for any secret the run saw (check-logs.mjs).
        ECOUTE_LOG_FORMAT: 'json',
        RUST_LOG: 'info,sqlx=warn,sea_orm=warn',
      },
      url: `http://127.0.0.1:${serverPort}/sante/pret`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // A second server on an empty database without the demo data, for
      // day-one.spec.ts: the body set up from nothing, as a ministry does.
      command:
        "bash -c 'rm -rf ../target/e2e-empty && mkdir -p ../target/e2e-empty && ../target/debug/ecoute create-admin --email agnes.roussel@interieur.gouv.fr --name \"Agnès Roussel\" && exec ../target/debug/ecoute serve 2>../target/e2e-empty/server.log'",
      env: {
        DATABASE_URL: 'sqlite://../target/e2e-empty/ecoute.db',
        ECOUTE_ADDR: `127.0.0.1:${emptyServerPort}`,
        ECOUTE_PUBLIC_URL: `http://127.0.0.1:${emptyPort}`,
        ECOUTE_SITE_ROOT: '../target/site',
        ECOUTE_DEMO_DATA: 'false',
        ECOUTE_ADMIN_PASSWORD: 'la mise en place commence',
        ECOUTE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        ECOUTE_DIGEST_HOUR: '6',
        RUST_LOG: 'info,sqlx=warn,sea_orm=warn',
      },
      url: `http://127.0.0.1:${emptyServerPort}/sante/pret`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // Started last: Playwright starts each web server once the previous one answers.
    {
      command: `bash -c 'rm -rf ../target/e2e-html ../target/e2e-secrets.txt ../target/e2e-audit && exec node record-html.mjs ${port} ${serverPort} ../target/e2e-html ../target/e2e-secrets.txt'`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // The empty body's pages are checked too (same folder, same secrets).
      command: `node record-html.mjs ${emptyPort} ${emptyServerPort} ../target/e2e-html ../target/e2e-secrets.txt`,
      url: `http://127.0.0.1:${emptyPort}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
