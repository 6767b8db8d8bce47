import { test, expect, Page } from '@playwright/test';
import { ADMIN, activate, signIn } from './session';

// Text that ends the element it lands in when a page writes it raw: a
// proposal's title in the page's <title>, minutes in the editor's <textarea>.
const MEMBER = { name: 'Élodie Petit', email: 'elodie.petit@quechoisir.example', password: 'que choisir relit chaque démarche' };
const TITLE = 'Délai trop court x </title><meta http-equiv="refresh" content="0;url=https://evil.example/"> &lt;b&gt;';
const MINUTES = '# Relevé\n\n</textarea><base href="//evil.example/"><form action="https://evil.example/">\n\nÀ garder tel quel : &lt;b&gt; & <i>fin';

/** Nothing on the page points elsewhere: no <base>, no refresh, forms sent home. */
async function expectNothingInjected(page: Page) {
  expect(await page.locator('base').count(), 'no <base>').toBe(0);
  expect(await page.locator('meta[http-equiv]').count(), 'no <meta http-equiv>').toBe(0);
  const actions = await page.evaluate(() => Array.from(document.forms, (form) => form.action));
  const origin = new URL(page.url()).origin;
  expect(actions.filter((action) => !action.startsWith(origin)), 'every form is sent to us').toEqual([]);
}

test('un titre de proposition hostile reste du texte dans le titre de la page, pour chacun', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  const member = await activate(browser, admin, MEMBER);
  await member.goto('/propositions/nouvelle');
  await member.waitForLoadState('networkidle');
  await member.getByLabel('Titre').fill(TITLE);
  await member.getByLabel('Description').fill('Le délai de rendez-vous est trop court.');
  await member.locator('label', { hasText: 'Pré-demande de passeport' }).click();
  await member.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(member.getByText('Votre proposition est déposée')).toBeVisible();
  const path = new URL(member.url()).pathname;
  const reference = path.split('/').pop()!;

  for (const page of [member, admin]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    expect(await page.title()).toBe(`${reference} — ${TITLE} — Écoute`);
    await expectNothingInjected(page);
    expect(new URL(page.url()).pathname).toBe(path);
  }
});

test('un compte rendu hostile reste du texte dans l’éditeur, avant comme après le réveil de l’île', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/groupes');
  await page.getByRole('link', { name: /^Groupe 3/ }).click();
  await page.getByRole('region', { name: 'Réunions' }).getByRole('link').first().click();
  const minutes = `${new URL(page.url()).pathname}/compte-rendu`;
  await page.goto(minutes);
  await page.waitForLoadState('networkidle');
  const field = page.getByLabel('Texte du compte rendu');
  await field.fill(MINUTES);
  await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(page.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();

  // The next writer opens the editor: the text is the field's value, as typed.
  for (let save = 0; save < 2; save++) {
    await page.goto(minutes);
    await expect(field).toHaveValue(MINUTES);
    await expectNothingInjected(page);
    await page.waitForLoadState('networkidle');
    await expect(field).toHaveValue(MINUTES);
    await expect(page.locator('.ecoute-preview')).toContainText('</textarea><base href="//evil.example/">');
    await expect(page.locator('.ecoute-preview')).toContainText('À garder tel quel : <b> & <i>fin');
    await expectNothingInjected(page);
    // Saved again as it stands: nothing is escaped twice.
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await expect(page.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();
  }
  await page.goto(minutes);
  await expect(field).toHaveValue(MINUTES);
});
