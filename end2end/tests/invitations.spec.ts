import { test, expect, Page } from '@playwright/test';
import { ADMIN, expectNoAxeViolation, signIn } from './session';
import { waitForMail, linkIn } from './mail';

async function invite(page: Page, name: string, email: string, role: string, organisation?: string) {
  await page.goto('/admin/comptes');
  await page.getByLabel('Prénom et nom').fill(name);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Rôle', { exact: true }).selectOption({ label: role });
  if (organisation) {
    await page.getByLabel('Organisation').selectOption({ label: organisation });
  }
  await page.getByRole('button', { name: "Envoyer l'invitation", exact: true }).click();
  await expect(page.getByText("L'invitation a été envoyée par courriel.")).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Invitation en attente');
}

async function accept(page: Page, email: string, name: string, password: string) {
  const mail = await waitForMail(email, 'Invitation à rejoindre Écoute');
  expect(mail.text).toContain('Claire Martin vous invite');
  const link = linkIn(mail, '/invitation/');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Activer mon compte' })).toBeVisible();
  await expect(page.getByText(`Bonjour ${name}`)).toBeVisible();
  await expectNoAxeViolation(page);

  await page.getByLabel('Mot de passe', { exact: false }).first().fill(password);
  await page.getByLabel('Confirmation du mot de passe').fill(password + ' différent');
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('ne sont pas identiques');

  await page.goto(link);
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(password);
  await page.getByLabel('Confirmation du mot de passe').fill(password);
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name })).toBeVisible();

  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText("n'est plus valable");
}

test("l'administratrice invite un membre et un pilote, qui activent leur compte depuis le courriel reçu", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/admin/comptes');
  await expect(admin.getByRole('heading', { level: 1, name: 'Comptes' })).toBeVisible();
  await expectNoAxeViolation(admin);

  await invite(admin, 'Nina Petit', 'nina.petit@familles-de-france.example', 'Membre', 'Familles de France');
  await invite(admin, 'Léo Garnier', 'leo.garnier@ants.example', 'Pilote de groupe de travail');

  for (const [email, name, password] of [
    ['nina.petit@familles-de-france.example', 'Nina Petit', 'des familles partout en France'],
    ['leo.garnier@ants.example', 'Léo Garnier', 'le groupe deux simplifie tout'],
  ]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await accept(page, email, name, password);
    const forbidden = await page.goto('/admin/comptes');
    expect(forbidden?.status()).toBe(403);
    await expect(page.getByRole('alert')).toContainText("Vous n'avez pas les droits");
    await context.close();
  }

  await admin.reload();
  await expect(admin.getByRole('row', { name: /Nina Petit/ })).toContainText('Actif');
  await admin.goto('/admin/journal?type=account.activated');
  await expect(admin.getByRole('cell', { name: 'nina.petit@familles-de-france.example' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await adminContext.close();
});

test('une mauvaise connexion est refusée avec un message en français, et la page de connexion est accessible', async ({ page }) => {
  await page.goto('/connexion');
  await expectNoAxeViolation(page);
  await page.getByLabel('Adresse électronique').fill(ADMIN.email);
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText('Adresse électronique ou mot de passe incorrect.');
});

test('un visiteur anonyme est envoyé vers la connexion, puis ramené à la page demandée', async ({ page }) => {
  await page.goto('/admin/journal');
  await expect(page).toHaveURL(/\/connexion\?retour=(%2F|\/)admin(%2F|\/)journal/);
  await page.getByLabel('Adresse électronique').fill(ADMIN.email);
  await page.getByLabel('Mot de passe').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/admin\/journal$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Journal des actions' })).toBeVisible();
});
