import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, ParsedMail } from 'mailparser';
// Shared with the recording proxy (record-html.mjs), in plain CommonJS.
const { tokenIn, recordSecrets } = require('../secrets.cjs');

/** Where the run writes the secrets it saw (check-logs.mjs reads them). */
const SECRETS = process.env.E2E_SECRETS ?? path.resolve(__dirname, '../../target/e2e-secrets.txt');

/** The Maildir the test SMTP server writes into (see playwright.config.ts and playwright.pair.config.ts). */
const MAILDIR = process.env.E2E_MAILDIR ?? path.resolve(__dirname, '../../target/e2e-mail/maildir/new');

async function messages(): Promise<ParsedMail[]> {
  let files: string[] = [];
  try {
    files = await readdir(MAILDIR);
  } catch {
    return [];
  }
  return Promise.all(files.map(async (f) => simpleParser(await readFile(path.join(MAILDIR, f)))));
}

/** Waits (bounded) for a message to `to` whose subject contains `subject`. */
export async function waitForMail(to: string, subject: string, timeoutMs = 20_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await messages()).find(
      (m) => (m.to && JSON.stringify(m.to).includes(to)) && (m.subject ?? '').includes(subject),
    );
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail « ${subject} » to ${to} within ${timeoutMs} ms`);
}

/** The messages received so far for `to` whose subject contains `subject`. */
export async function mailsTo(to: string, subject: string): Promise<ParsedMail[]> {
  return (await messages()).filter(
    (m) => (m.to && JSON.stringify(m.to).includes(to)) && (m.subject ?? '').includes(subject),
  );
}

/** The first link of the message's text part that goes to `pathPrefix`. */
export function linkIn(mail: ParsedMail, pathPrefix: string): string {
  const match = (mail.text ?? '').match(new RegExp(`https?://\\S+${pathPrefix}\\S+`));
  if (!match) throw new Error(`no ${pathPrefix} link in: ${mail.text}`);
  recordSecrets(SECRETS, tokenIn(match[0]));
  return match[0];
}
