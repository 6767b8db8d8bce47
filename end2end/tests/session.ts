import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The first administrator, created from the command line (playwright.config.ts). */
export const ADMIN = { email: 'secretariat@interieur.gouv.fr', password: 'le secrétariat général veille' };

/** The demo's accounts, with the password given by ECOUTE_DEMO_PASSWORD (playwright.config.ts). */
const DEMO_PASSWORD = 'la démonstration se visite';
export const DEMO = {
  secretariat: { name: 'Hélène Marchand', email: 'helene.marchand@interieur.example', password: DEMO_PASSWORD },
  lead: { name: 'Sophie Lambert', email: 'sophie.lambert@interieur.example', password: DEMO_PASSWORD },
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

/** axe-core finds no WCAG 2.1 A or AA violation on the page as it stands. */
export async function expectNoAxeViolation(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, summary.join('\n')).toEqual([]);
}
