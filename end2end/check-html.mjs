// Checks every HTML page the end-to-end suite visited (kept by
// record-html.mjs) with the Nu Html Checker (npm vnu-jar, run by Java) and
// fails when any page has an error (RGAA 8.2: valid generated code). Its
// totals go to ../target/e2e-audit/html.json, for audit-figures.mjs.
//
// Usage: node check-html.mjs DIR
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? '../target/e2e-html');
const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
if (pages.length === 0) {
  console.error(`check-html: no page in ${dir}: did the end-to-end suite run?`);
  process.exit(1);
}
const jar = String(createRequire(import.meta.url)('vnu-jar'));
let report;
try {
  report = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages.map((p) => path.join(dir, p))], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
} catch (failed) {
  // vnu exits 1 when it found errors, and writes its JSON report to stderr.
  report = failed.stderr || failed.stdout;
}
const messages = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === 'error');
const urlOf = (file) => readFileSync(file.replace(/^file:/, '').replace(/\.html$/, '.url'), 'utf8').trim();
for (const m of messages) {
  console.error(`${urlOf(m.url)} (line ${m.lastLine}): ${m.message}\n    ${(m.extract ?? '').replace(/\s+/g, ' ').slice(0, 160)}`);
}
console.log(`check-html: ${pages.length} pages checked, ${messages.length} errors.`);
// The totals, for the accessibility statement's figures (audit-figures.mjs).
const audit = path.join(path.dirname(dir), 'e2e-audit');
mkdirSync(audit, { recursive: true });
writeFileSync(path.join(audit, 'html.json'), JSON.stringify({ pages: pages.length, errors: messages.length }));
process.exit(messages.length === 0 ? 0 : 1);
