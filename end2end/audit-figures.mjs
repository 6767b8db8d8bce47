// The accessibility statement's figures (app/data/audit.toml) against what
// this end-to-end run checked: the checks the suite noted in
// ../target/e2e-audit/checks.jsonl (tests/session.ts) and the HTML checker's
// totals (check-html.mjs).
//
// Usage: node audit-figures.mjs            fails when the run shows less than
//                                          the statement claims
//        node audit-figures.mjs --record   writes this run's figures into
//                                          app/data/audit.toml, dated today
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const auditDir = path.resolve(here, '../target/e2e-audit');
const statementFile = path.resolve(here, '../app/data/audit.toml');
const PROFILES = ['visiteur', 'secrétariat', 'pilote', 'membre'];
const COMMAND = 'make test : suite de bout en bout (Playwright, Chromium) puis Nu Html Checker';

function measured() {
  const checks = readFileSync(path.join(auditDir, 'checks.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  const html = JSON.parse(readFileSync(path.join(auditDir, 'html.json'), 'utf8'));
  const axe = checks.filter((c) => c.kind === 'axe');
  const distinct = (items) => [...new Set(items)];
  const inOrder = (found) => PROFILES.filter((p) => found.includes(p));
  return {
    axe_audits: axe.length,
    axe_addresses: distinct(axe.map((c) => c.path)).length,
    axe_violations: axe.reduce((sum, c) => sum + c.violations, 0),
    widths: distinct(axe.map((c) => c.width)).sort((a, b) => a - b),
    profiles: inOrder(distinct(axe.map((c) => c.profile))),
    html_pages: html.pages,
    html_errors: html.errors,
    keyboard_journeys: inOrder(distinct(checks.filter((c) => c.kind === 'keyboard').map((c) => c.profile))),
    forced_colours_pages: distinct(checks.filter((c) => c.kind === 'forced-colours').map((c) => c.path)).length,
    zoom_pages: distinct(checks.filter((c) => c.kind === 'zoom').map((c) => c.path)).length,
  };
}

/** The few TOML forms the statement's file holds: strings, numbers, lists of them. */
function readToml(text) {
  const figures = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^(\w+)\s*=\s*(.+)$/);
    if (m) figures[m[1]] = JSON.parse(m[2]);
  }
  return figures;
}

function toToml(figures) {
  const lines = [
    '# The figures of the automated accessibility audit shown on the statement',
    '# (/accessibilite): what one full end-to-end run checked, written by',
    '# `node end2end/audit-figures.mjs --record` after that run. Every later run',
    '# of .ci/test is compared with them and fails if it shows less.',
  ];
  for (const [key, value] of Object.entries(figures)) lines.push(`${key} = ${JSON.stringify(value)}`);
  return `${lines.join('\n')}\n`;
}

const run = measured();
console.log(`audit-figures: this run: ${JSON.stringify(run)}`);
if (process.argv.includes('--record')) {
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(statementFile, toToml({ date, command: COMMAND, ...run }));
  console.log(`audit-figures: recorded in ${statementFile}, dated ${date}.`);
  process.exit(0);
}

const claimed = readToml(readFileSync(statementFile, 'utf8'));
const failures = [];
for (const key of ['axe_violations', 'html_errors']) {
  if (run[key] !== claimed[key]) failures.push(`${key}: the statement says ${claimed[key]}, the run found ${run[key]}`);
}
for (const key of ['axe_audits', 'axe_addresses', 'html_pages', 'forced_colours_pages', 'zoom_pages']) {
  if (run[key] < claimed[key]) failures.push(`${key}: the statement says ${claimed[key]}, the run checked ${run[key]}`);
}
for (const key of ['widths', 'profiles', 'keyboard_journeys']) {
  const missing = claimed[key].filter((item) => !run[key].includes(item));
  if (missing.length > 0) failures.push(`${key}: the statement names ${missing.join(', ')}, which the run did not check`);
}
for (const failure of failures) console.error(`audit-figures: ${failure}`);
if (failures.length > 0) {
  console.error('audit-figures: the accessibility statement claims more than this run shows.');
  process.exit(1);
}
console.log('audit-figures: the accessibility statement claims nothing this run did not show.');
