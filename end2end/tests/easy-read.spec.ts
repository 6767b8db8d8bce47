import { expect, Page, test } from '@playwright/test';
import { DEMO, expectNoAxeViolation, signIn } from './session';

// « Facile à lire et à comprendre » (FALC): the secretariat writes the
// version of published minutes; a visitor switches to it by a link, without
// JavaScript as with it. The new pages and the switched ones have no axe
// violation.

const EASY = 'Version facile à lire et à comprendre';
const MINUTES = /Compte rendu — Groupe 2 — pièces justificatives et compte ANTS/;
const WRITTEN = 'Le groupe 2 veut une page simple. Cette page dit les papiers à préparer.';
/** The demo's easy-to-read answer to DA-2019-0003. */
const ANSWER = "Vous n'allez pas au commissariat.";

/** The version's section: its own heading and language. */
async function expectEasyVersion(page: Page, text: string) {
  const section = page.getByRole('region', { name: EASY });
  await expect(section.getByRole('heading', { level: 2, name: EASY })).toBeVisible();
  await expect(section).toHaveAttribute('lang', 'fr');
  await expect(section).toContainText(text);
}

/**
 * From the standard text to the version and back, by the switch's links;
 * with `audit`, axe checks the switched page (axe needs JavaScript).
 */
async function switchBothWays(page: Page, path: string, text: string, audit: boolean) {
  await page.goto(path);
  const switcher = page.getByRole('navigation', { name: 'Version du texte' });
  await expect(switcher.getByRole('link', { name: 'Texte standard' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText(text)).toHaveCount(0);
  await switcher.getByRole('link', { name: EASY }).click();
  await expect(page).toHaveURL(/\?version=falc$/);
  await expectEasyVersion(page, text);
  await expect(switcher.getByRole('link', { name: EASY })).toHaveAttribute('aria-current', 'page');
  if (audit) await expectNoAxeViolation(page);
  await switcher.getByRole('link', { name: 'Texte standard' }).click();
  await expect(page.getByRole('region', { name: EASY })).toHaveCount(0);
}

/** « Suite donnée » of the 3rd session, its answers in their easy-to-read version. */
async function followUpInEasyRead(page: Page) {
  await page.goto('/instance');
  await page.getByRole('link', { name: '3e session' }).click();
  await page.getByRole('link', { name: 'Suite donnée aux propositions' }).click();
  const switcher = page.getByRole('navigation', { name: 'Version du texte' });
  await switcher.getByRole('link', { name: EASY }).click();
  const table = page.getByRole('table', { name: /réponses en version facile à lire/ });
  await expect(table.getByRole('columnheader', { name: 'Réponse en facile à lire et à comprendre' })).toBeVisible();
  await expect(table).toContainText(ANSWER);
}

test.describe.configure({ mode: 'serial' });

let minutesPath = '';

test('le secrétariat rédige la version facile à lire d’un compte rendu publié', async ({ page }) => {
  await signIn(page, DEMO.secretariat.email, DEMO.secretariat.password);
  await page.goto('/admin/facile-a-lire');
  await expect(page.getByRole('heading', { level: 1, name: 'Versions faciles à lire et à comprendre' })).toBeVisible();
  const lacking = page.getByRole('table', { name: 'Textes sans version facile à lire' });
  await expect(lacking.getByRole('link', { name: /Bilan annuel 2019/ })).toBeVisible();
  await expectNoAxeViolation(page);

  await lacking.getByRole('link', { name: MINUTES }).click();
  await expect(page.getByRole('heading', { level: 1, name: EASY })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Texte standard' })).toBeVisible();
  await expectNoAxeViolation(page);
  await page.getByRole('button', { name: 'Enregistrer la version facile à lire' }).click();
  // An empty text is refused by the browser before it is sent.
  await expect(page.getByText('La version facile à lire est enregistrée.')).toHaveCount(0);
  await page.getByLabel('Texte en facile à lire et à comprendre').fill(`# Ce que nous avons dit\n\n${WRITTEN}`);
  await page.getByRole('button', { name: 'Enregistrer la version facile à lire' }).click();
  await expect(page.getByText('La version facile à lire est enregistrée.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Supprimer la version facile à lire' })).toBeVisible();
  await expectNoAxeViolation(page);

  await page.getByRole('link', { name: 'voir la page où il paraît' }).click();
  minutesPath = new URL(page.url()).pathname;
  expect(minutesPath).toMatch(/^\/reunions\/\d+\/compte-rendu$/);
  await expect(page.getByRole('link', { name: 'Modifier la version facile à lire et à comprendre' })).toBeVisible();

  await page.goto('/admin/facile-a-lire');
  await expect(page.getByRole('link', { name: MINUTES })).toHaveCount(0);
});

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('un visiteur passe du compte rendu à sa version facile à lire', async ({ page }) => {
    await switchBothWays(page, minutesPath, WRITTEN, false);
  });

  test('la réponse à une proposition et la suite donnée ont leur version facile à lire', async ({ page }) => {
    await switchBothWays(page, '/propositions/DA-2019-0003', ANSWER, false);
    await followUpInEasyRead(page);
  });
});

test('avec JavaScript, le visiteur change de version de la même façon, sans violation axe', async ({ page }) => {
  await switchBothWays(page, minutesPath, WRITTEN, true);
  await switchBothWays(page, '/propositions/DA-2019-0003', ANSWER, true);
  await followUpInEasyRead(page);
  await expectNoAxeViolation(page);
});
