import { expect, Browser, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { linkIn, waitForMail } from './mail';

/** The first administrator, created from the command line (playwright.config.ts). */
export const ADMIN = { name: 'Claire Martin', email: 'secretariat@interieur.gouv.fr', password: 'le secrétariat général veille' };

/** The demo's accounts, with the password given by ECOUTE_DEMO_PASSWORD (playwright.config.ts). */
const DEMO_PASSWORD = 'la démonstration se visite';
export const DEMO = {
  secretariat: { name: 'Hélène Marchand', email: 'helene.marchand@interieur.example', password: DEMO_PASSWORD },
  lead: { name: 'Nathalie Rousseau', email: 'nathalie.rousseau@apf-francehandicap.example', password: DEMO_PASSWORD },
  member: { name: 'Isabelle Moreau', email: 'isabelle.moreau@papillonsblancs-paris.example', password: DEMO_PASSWORD },
};

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/**
 * What the run checked, one JSON line a check, read by audit-figures.mjs for
 * the accessibility statement's figures (emptied when the suite starts).
 */
const AUDIT_LOG = path.resolve(__dirname, '../../target/e2e-audit/checks.jsonl');

export type Check =
  | { kind: 'axe'; path: string; width: number; profile: string; violations: number }
  | { kind: 'keyboard'; profile: string }
  | { kind: 'forced-colours' | 'zoom'; path: string };

export function record(check: Check) {
  mkdirSync(path.dirname(AUDIT_LOG), { recursive: true });
  appendFileSync(AUDIT_LOG, `${JSON.stringify(check)}\n`);
}

/** Who reads the page: « visiteur », the demo role of the person signed in, or « autre compte ». */
async function profileOf(page: Page): Promise<string> {
  const name = await page.evaluate(() => document.querySelector('a[href="/compte"]')?.textContent?.trim() ?? null);
  if (name === null) return 'visiteur';
  const roles: Record<string, string> = {
    [ADMIN.name]: 'secrétariat',
    [DEMO.secretariat.name]: 'secrétariat',
    [DEMO.lead.name]: 'pilote',
    [DEMO.member.name]: 'membre',
  };
  return roles[name] ?? 'autre compte';
}

/** axe-core finds no WCAG 2.1 A or AA violation on the page as it stands. */
export async function expectNoAxeViolation(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  record({
    kind: 'axe',
    path: new URL(page.url()).pathname,
    width: page.viewportSize()?.width ?? 0,
    profile: await profileOf(page),
    violations: results.violations.reduce((sum, v) => sum + v.nodes.length, 0),
  });
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, summary.join('\n')).toEqual([]);
}

/** The secretariat re-sends a demo person's invitation; they choose a password from the e-mail. */
export async function activate(browser: Browser, admin: Page, person: { name: string; email: string; password: string }): Promise<Page> {
  await admin.goto('/admin/comptes');
  await admin.getByRole('button', { name: `Renvoyer l'invitation à ${person.name}` }).click();
  const mail = await waitForMail(person.email, 'Invitation à rejoindre Écoute');
  const page = await (await browser.newContext()).newPage();
  await page.goto(linkIn(mail, '/invitation/'));
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(person.password);
  await page.getByLabel('Confirmation du mot de passe').fill(person.password);
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await expect(page.getByRole('link', { name: person.name })).toBeVisible();
  return page;
}
