import { test, expect, Browser, Page } from '@playwright/test';
import { ADMIN, expectNoAxeViolation, signIn } from './session';
import { waitForMail, linkIn } from './mail';

const MEMBER = { name: 'Amina Haddad', email: 'amina.haddad@emmaus-connect.example', password: 'emmaus connect relit les aperçus' };

/** The secretariat re-sends a demo person's invitation; they choose a password from the e-mail. */
async function activate(browser: Browser, admin: Page, person: { name: string; email: string; password: string }): Promise<Page> {
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

test('une erreur de l’aperçu de la description s’affiche comme du texte, jamais comme du HTML', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  const member = await activate(browser, admin, MEMBER);

  // The preview's answer is replaced by an error whose words hold markup,
  // as an error quoting what was typed would.
  const hostile = '<img src="/x" onerror="window.__pirate = 1">Aperçu impossible <b>maintenant</b>';
  await member.route('**/api/preview_markdown*', (route) =>
    route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ Invalid: hostile }) }),
  );
  await member.goto('/propositions/nouvelle');
  await member.waitForLoadState('networkidle');
  await member.getByLabel('Description').fill('Un **texte** à prévisualiser.');
  await expect(async () => {
    await member.getByRole('button', { name: 'Prévisualiser la description' }).click();
    await expect(member.locator('#preview-error')).toHaveText(hostile, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(member.locator('.ecoute-preview img, .ecoute-preview b, #preview-error img')).toHaveCount(0);
  expect(await member.evaluate(() => (window as unknown as { __pirate?: number }).__pirate)).toBeUndefined();
  await expectNoAxeViolation(member);
});

test('après la connexion, seul un chemin du site est suivi', async ({ page }) => {
  for (const retour of ['/%09/evil.example/', '//evil.example/', '/%5Cevil.example']) {
    await page.context().clearCookies();
    await page.goto(`/connexion?retour=${encodeURIComponent(decodeURIComponent(retour))}`);
    const ours = new URL(page.url()).origin;
    await page.getByLabel('Adresse électronique').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    expect(new URL(page.url()).origin, retour).toBe(ours);
    expect(new URL(page.url()).pathname, retour).toBe('/');
  }
});
