import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { ADMIN, DEMO, expectNoAxeViolation, signIn } from './session';

const LEGAL_PAGES = [
  { link: 'Plan du site', heading: 'Plan du site' },
  { link: 'Accessibilité : partiellement conforme', heading: "Déclaration d'accessibilité" },
  { link: 'Mentions légales', heading: 'Mentions légales' },
  { link: 'Données personnelles', heading: 'Données personnelles' },
];

test('le pied de page mène aux quatre pages légales, sans défaut d’accessibilité', async ({ page }) => {
  for (const { link, heading } of LEGAL_PAGES) {
    await page.goto('/propositions');
    await page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectNoAxeViolation(page);
  }
  await expect(page.getByRole('table', { name: 'Durées de conservation' })).toBeVisible();
  await page.goto('/accessibilite');
  await expect(page.getByText('Défenseur des droits').first()).toBeVisible();
});

test('le secrétariat complète les mentions légales, qui s’affichent', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/mentions-legales');
  await page.getByRole('link', { name: 'Modifier ce texte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modifier : Mentions légales' })).toBeVisible();
  await expectNoAxeViolation(page);
  const text = page.getByLabel('Mentions légales');
  await text.fill('# Éditeur\n\nLe secrétariat général du ministère, place Beauvau.');
  await page.getByRole('button', { name: 'Enregistrer le texte' }).click();
  await expect(page.getByText('Le texte est enregistré.')).toBeVisible();
  await expect(page.getByText('Le secrétariat général du ministère, place Beauvau.')).toBeVisible();
  // Emptied, the text shipped with Écoute is back.
  await page.getByRole('link', { name: 'Modifier ce texte' }).click();
  await page.getByLabel('Mentions légales').fill('');
  await page.getByRole('button', { name: 'Enregistrer le texte' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Directeur de la publication' })).toBeVisible();
});

test('un membre télécharge ses données et les lit sur une page', async ({ page }) => {
  await signIn(page, DEMO.member.email, DEMO.member.password);
  await page.getByRole('link', { name: DEMO.member.name }).first().click();
  await page.getByRole('link', { name: 'Mes données personnelles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes données personnelles' })).toBeVisible();
  await expect(page.getByText(DEMO.member.email).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Propositions déposées' })).toBeVisible();
  await expectNoAxeViolation(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click();
  const file = await (await download).path();
  const data = JSON.parse(await readFile(file, 'utf-8'));
  expect(data.account.email).toBe(DEMO.member.email);
  expect(JSON.stringify(data)).not.toContain(DEMO.lead.email);
});

test('le secrétariat efface une personne qui le demande', async ({ page }) => {
  const stamp = Date.now();
  const person = { name: `Camille Effacée ${stamp}`, email: `camille.${stamp}@exemple.fr` };
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/admin/comptes');
  await page.getByLabel('Prénom et nom').fill(person.name);
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByLabel('Organisation').selectOption({ index: 1 });
  await page.getByRole('button', { name: "Envoyer l'invitation", exact: true }).click();
  await expect(page.getByText("L'invitation a été envoyée par courriel.")).toBeVisible();

  await page.getByLabel('Personne à effacer').selectOption({ label: `${person.name} (${person.email})` });
  await page.getByLabel("La personne l'a demandé", { exact: false }).check({ force: true });
  await page.getByRole('button', { name: 'Effacer la personne' }).click();
  await expect(page.getByText('La personne est effacée', { exact: false })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Comptes' })).not.toContainText(person.email);
  await expectNoAxeViolation(page);
  await page.goto('/admin/journal?type=user.erased');
  await expect(page.getByRole('table', { name: 'Journal' })).toContainText('user.erased');
});
