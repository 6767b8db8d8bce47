import { Browser, expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { twoDaysLater } from './digests';
import { expectNoAxeViolation, signIn } from './session';
import { linkIn, mailsTo, waitForMail } from './mail';

/**
 * Day one of a real body: Écoute started on an empty database without the
 * demo data (the second server of playwright.config.ts, `EMPTY_URL`), set
 * up through the browser only by the secretariat made with `create-admin`,
 * then put to work by the lead and the member it invited. Every e-mail is
 * read from the real SMTP server, the digest included.
 */
const EMPTY_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? '3100') + 2}`;
const EMPTY_DB = path.resolve(__dirname, '../../target/e2e-empty/ecoute.db');

const SECRETARIAT = { name: 'Agnès Roussel', email: 'agnes.roussel@interieur.gouv.fr', password: 'la mise en place commence' };
const LEAD = { name: 'Paul Lefort', email: 'paul.lefort@prefecture-nord.example', password: 'le pilote lit chaque proposition' };
const MEMBER = { name: 'Inès Carpentier', email: 'ines.carpentier@usagers-nord.example', password: 'les usagers du Nord proposent' };
const BODY = 'Instance d’écoute des usagers du Nord';
const ORGANISATION = 'Association des usagers du Nord';
const GROUP = 'Démarches accessibles à tous';
const TITLE = 'Indiquer le délai de fabrication de la carte d’identité';
const EDITED = 'Indiquer le délai de fabrication et de mise à disposition de la carte';

test.use({ baseURL: EMPTY_URL });
// One journey, from the empty body to the digest: its steps depend on each other.
test.describe.configure({ mode: 'serial' });

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: EMPTY_URL })).newPage();
  await signIn(page, who.email, who.password);
  return page;
}

async function invite(admin: Page, who: { name: string; email: string }, role: string, organisation?: string) {
  await admin.goto('/admin/comptes');
  await admin.getByLabel('Prénom et nom').fill(who.name);
  await admin.getByLabel('Adresse électronique').fill(who.email);
  await admin.getByLabel('Rôle', { exact: true }).selectOption({ label: role });
  if (organisation) await admin.getByLabel('Organisation').selectOption({ label: organisation });
  await admin.getByRole('button', { name: "Envoyer l'invitation", exact: true }).click();
  await expect(admin.getByText("L'invitation a été envoyée par courriel.")).toBeVisible();
}

async function activate(browser: Browser, who: { name: string; email: string; password: string }) {
  const mail = await waitForMail(who.email, 'Invitation à rejoindre');
  expect(mail.text).toContain(`${SECRETARIAT.name} vous invite`);
  const page = await (await browser.newContext({ baseURL: EMPTY_URL })).newPage();
  await page.goto(linkIn(mail, '/invitation/'));
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(who.password);
  await page.getByLabel('Confirmation du mot de passe').fill(who.password);
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await expect(page.getByRole('link', { name: who.name })).toBeVisible();
  await page.context().close();
}

test('la secrétaire générale met en place une instance vide, sans données de démonstration', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext({ baseURL: EMPTY_URL })).newPage();
  // An empty body: nothing to submit into, and no demo anywhere.
  await admin.goto('/');
  await expect(admin.getByText("Les groupes de travail de l'instance n'ont pas encore été constitués.")).toBeVisible();

  // Signing in, the secretariat is led to « Mise en place ».
  await signIn(admin, SECRETARIAT.email, SECRETARIAT.password);
  await expect(admin).toHaveURL(/\/admin\/mise-en-place$/);
  await expect(admin.getByRole('heading', { level: 1, name: "Mise en place de l'instance" })).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Retirer les données de démonstration' })).toHaveCount(0);
  await expectNoAxeViolation(admin);

  // The body's name.
  await admin.goto('/admin/identite');
  await admin.getByLabel("Nom de l'instance").fill(BODY);
  await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
  await expect(admin.locator('.fr-header__service-title')).toHaveText(BODY);

  // The procedure catalogue, loaded from the starting set in one click.
  await admin.goto('/admin/demarches');
  await admin.getByRole('button', { name: 'Charger le catalogue de départ' }).click();
  await expect(admin.getByRole('rowheader', { name: "Pré-demande de carte d'identité" })).toBeVisible();

  // A member organisation.
  await admin.goto('/membres/nouvelle');
  await admin.getByLabel('Nom', { exact: true }).fill(ORGANISATION);
  await admin.getByLabel('Type').selectOption({ label: "Association d'usagers" });
  await admin.getByLabel('Membre depuis le').fill('2026-01-15');
  await admin.getByRole('button', { name: "Ajouter l'organisation" }).click();
  await expect(admin.getByRole('heading', { level: 1, name: ORGANISATION })).toBeVisible();

  // The first invitations: a lead, then a member of the organisation.
  await invite(admin, LEAD, 'Pilote de groupe de travail');
  await invite(admin, MEMBER, 'Membre', ORGANISATION);
  await activate(browser, LEAD);
  await activate(browser, MEMBER);

  // A working group, led by the lead just activated.
  await admin.goto('/groupes/nouveau');
  await admin.getByLabel('Intitulé').fill(GROUP);
  await admin.getByLabel('Mandat').fill('Rendre les démarches en ligne **accessibles à tous**.');
  await admin.getByLabel('Pilote').selectOption({ label: LEAD.name });
  await admin.getByRole('button', { name: 'Créer le groupe' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: `Groupe 1 — ${GROUP}` })).toBeVisible();
  await expect(admin.getByText(`Pilote : ${LEAD.name}`)).toBeVisible();
});

test('le membre dépose puis corrige sa proposition, le pilote est prévenu, la trie et reçoit son résumé', async ({ browser }) => {
  test.setTimeout(120_000);
  // The lead chooses: new proposals in the daily digest, comments at once.
  const lead = await signedIn(browser, LEAD);
  await lead.goto('/compte/notifications');
  await lead.getByRole('group', { name: /^Nouvelles propositions/ }).locator('label', { hasText: 'Résumé quotidien' }).click();
  await lead.getByRole('group', { name: /^Commentaires et soutiens/ }).locator('label', { hasText: 'Tout de suite' }).click();
  await lead.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  await expect(lead.getByRole('status')).toContainText('Vos préférences de notification sont enregistrées.');

  // The member submits into the group, with a procedure of the catalogue.
  const member = await signedIn(browser, MEMBER);
  await member.goto('/propositions/nouvelle');
  await member.waitForLoadState('networkidle');
  await expect(member.getByText(`La proposition sera déposée au nom de : ${ORGANISATION}.`)).toBeVisible();
  await member.getByLabel('Titre').fill(TITLE);
  await member.getByLabel('Description').fill('Les familles ne savent pas combien de temps attendre après le rendez-vous.');
  await member.locator('label', { hasText: "Pré-demande de carte d'identité" }).click();
  await member.getByLabel('Groupe de travail suggéré').selectOption({ label: `Groupe 1 — ${GROUP}` });
  await member.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(member.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const reference = new URL(member.url()).pathname.split('/').pop()!;

  // The lead and the secretariat (by default) get new proposals in their
  // daily digest, not at once.
  expect(await mailsTo(LEAD.email, `Nouvelle proposition ${reference}`)).toEqual([]);
  expect(await mailsTo(SECRETARIAT.email, `Nouvelle proposition ${reference}`)).toEqual([]);

  // While it is « déposée », the member corrects it: the timeline keeps the version.
  await member.getByRole('link', { name: 'Modifier la proposition' }).click();
  await member.getByLabel('Titre').fill(EDITED);
  await member.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(member.getByRole('heading', { level: 1, name: EDITED })).toBeVisible();
  const history = member.getByRole('region', { name: 'Historique' });
  await expect(history).toContainText('Texte modifié par son organisation');
  await expect(history).toContainText(`Titre : ${TITLE}`);

  // A comment reaches the lead at once.
  await member.getByLabel('Ajouter un commentaire').fill('Une durée indicative suffirait.');
  await member.getByRole('button', { name: 'Publier le commentaire' }).click();
  const comment = await waitForMail(LEAD.email, `Proposition ${reference} : nouveau commentaire`);
  expect(comment.text).toContain('Une durée indicative suffirait.');

  // The lead triages it; the member is told of the new status.
  await lead.goto(`/propositions/${reference}`);
  await expect(lead.getByRole('heading', { level: 1, name: EDITED })).toBeVisible();
  await lead.getByLabel('Nouveau statut').selectOption({ label: 'En instruction' });
  await lead.getByRole('button', { name: 'Changer le statut' }).click();
  await expect(lead.locator('.fr-callout__title')).toContainText('En instruction');
  await waitForMail(MEMBER.email, `Proposition ${reference} : statut « En instruction »`);
  await expectNoAxeViolation(lead);

  // Once the digest hour has passed, the new proposal reaches the lead and
  // the secretariat in their digests.
  expect(twoDaysLater(EMPTY_DB, LEAD.email)).toBe(1);
  expect(twoDaysLater(EMPTY_DB, SECRETARIAT.email)).toBeGreaterThanOrEqual(1);
  for (const who of [LEAD, SECRETARIAT]) {
    const digest = await waitForMail(who.email, 'résumé du ');
    expect(digest.text).toContain(reference);
    expect(digest.text).toContain('Nouvelle proposition déposée par');
    expect(digest.text).toContain(BODY);
  }
  expect(await mailsTo(LEAD.email, `Nouvelle proposition ${reference}`)).toEqual([]);
});
