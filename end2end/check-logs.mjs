// Checks the server's log of an end-to-end run: every line is one JSON
// object (ECOUTE_LOG_FORMAT=json), and no secret the run saw (secrets.cjs:
// session cookies, passwords, the tokens of single-use links and calendar
// feeds) appears in it, as written or URL-encoded.
//
// Usage: node check-logs.mjs SERVER_LOG SECRETS_FILE [KIND…]
// Each KIND named must have been seen at least once, so that a recorder
// that saw nothing cannot pass.
import { readFileSync } from 'node:fs';

const [logFile, secretsFile, ...required] = process.argv.slice(2);
const log = readFileSync(logFile, 'utf8');
const lines = log.split('\n').filter((line) => line.trim() !== '');
let failures = 0;
for (const [index, line] of lines.entries()) {
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    console.error(`check-logs: line ${index + 1} is not one JSON object: ${line.slice(0, 200)}`);
    failures += 1;
  }
}
if (lines.length === 0) {
  console.error(`check-logs: ${logFile} is empty: did the server log at all?`);
  failures += 1;
}

const secrets = new Map();
for (const line of readFileSync(secretsFile, 'utf8').split('\n')) {
  const [kind, value] = line.split('\t');
  if (kind && value) secrets.set(value, kind);
}
const kinds = new Set(secrets.values());
for (const kind of required) {
  if (!kinds.has(kind)) {
    console.error(`check-logs: the run saw no « ${kind} »: the recording is broken`);
    failures += 1;
  }
}
for (const [value, kind] of secrets) {
  for (const form of new Set([value, encodeURIComponent(value), value.replace(/ /g, '+')])) {
    if (log.includes(form)) {
      const where = lines.findIndex((line) => line.includes(form));
      console.error(`check-logs: a ${kind} is in the log, line ${where + 1}`);
      failures += 1;
    }
  }
}
const counts = [...kinds].map((kind) => `${[...secrets.values()].filter((k) => k === kind).length} ${kind}`).join(', ');
console.log(`check-logs: ${lines.length} log lines, ${secrets.size} secrets (${counts}): ${failures === 0 ? 'none logged' : `${failures} problems`}`);
process.exit(failures === 0 ? 0 : 1);
