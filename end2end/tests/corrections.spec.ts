import { test, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { ADMIN, expectNoAxeViolation, signIn } from './session';
import { waitForMail, linkIn } from './mail';

const PATRICK = 'patrick.durand@secourspopulaire.example';
const GUEST = 'lucie.fabre@exemple.fr';

/** The METHOD, UID and SEQUENCE of an iCalendar text, read with Python's icalendar. */
function parseIcs(ics: string): Record<string, string> {
  const script = `
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
event = next(iter(cal.walk("VEVENT")))
print("METHOD=" + str(cal.get("METHOD")))
print("UID=" + str(event.get("UID")))
print("SEQUENCE=" + str(event.get("SEQUENCE")))
print("STATUS=" + str(event.get("STATUS")))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: ics }).toString();
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** The calendar of the last e-mail to `to` whose subject holds `subject`, from the SMTP server. */
async function calendarOf(to: string, subject: string): Promise<Record<string, string>> {
  const mail = await waitForMail(to, subject);
  const ics = mail.attachments.find((a) => a.filename === 'invitation.ics' || a.contentType.startsWith('text/calendar'));
  expect(ics, `an iCalendar invitation in « ${subject} »`).toBeTruthy();
  return parseIcs(ics!.content.toString('utf8'));
}

async function signedInAdmin(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  return page;
}

test("une personne ajoutée après la convocation reçoit l'invitation d'agenda, une personne retirée son annulation", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedInAdmin(browser);
  await admin.goto('/groupes');
  await admin.getByRole('link', { name: /^Groupe 2/ }).click();
  await admin.getByRole('link', { name: 'Groupe 2 — simplifier le changement de titulaire' }).first().click();
  const meetingPath = new URL(admin.url()).pathname;
  const uid = parseIcs(await (await admin.request.get(`${meetingPath}/invitation.ics`)).text()).UID;

  await admin.getByLabel('Convoquer une autre personne').fill('Patrick Durand');
  await admin.getByRole('button', { name: 'Convoquer cette personne' }).click();
  await expect(admin.getByText('La liste est à jour')).toBeVisible();
  await expect(admin.getByRole('row', { name: /Patrick Durand/ })).toContainText('Sans réponse');
  await expectNoAxeViolation(admin);
  const request = await calendarOf(PATRICK, 'Convocation : Groupe 2 — simplifier le changement de titulaire');
  expect(request.METHOD).toBe('REQUEST');
  expect(request.UID).toBe(uid);

  await admin.getByRole('button', { name: 'Retirer Patrick Durand de la liste' }).click();
  await expect(admin.getByRole('row', { name: /Patrick Durand/ })).toHaveCount(0);
  const cancel = await calendarOf(PATRICK, 'Convocation retirée : Groupe 2');
  expect(cancel.METHOD).toBe('CANCEL');
  expect(cancel.UID).toBe(uid);
  expect(Number(cancel.SEQUENCE)).toBe(Number(request.SEQUENCE) + 1);
  expect(cancel.STATUS).toBe('CANCELLED');

  // A guest without an account, invited by e-mail, answers through their own link.
  await admin.getByLabel('Prénom et nom').fill('Lucie Fabre');
  await admin.getByRole('textbox', { name: /^Adresse électronique/ }).fill(GUEST);
  await admin.getByRole('button', { name: 'Inviter cette personne' }).click();
  await expect(admin.getByRole('row', { name: /Lucie Fabre/ })).toContainText(`Invité(e) : ${GUEST}`);
  const invitation = await waitForMail(GUEST, 'Convocation : Groupe 2');
  const guestCalendar = await calendarOf(GUEST, 'Convocation : Groupe 2');
  expect(guestCalendar.UID).toBe(uid);
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(linkIn(invitation, '/reunions/invite/'));
  await expect(guest.getByText('Bonjour Lucie Fabre,')).toBeVisible();
  await guest.locator('label[for="reponse-absent"]').click();
  await guest.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
  await expect(guest.getByText('Réponse enregistrée : Absent')).toBeVisible();
  await expectNoAxeViolation(guest);
  await admin.reload();
  await expect(admin.getByRole('row', { name: /Lucie Fabre/ })).toContainText('Absent');
});

test('la présence de toute la liste se relève sur une page, en un seul envoi, même sans JavaScript', async ({ browser }) => {
  const admin = await signedInAdmin(browser, false);
  await admin.goto('/instance');
  await admin.getByRole('link', { name: '3e session — 2 juillet 2019' }).click();
  await admin.getByRole('link', { name: 'Relever la présence' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Présence — 3e session');
  // axe-core runs in the page: the sheet is checked in a browser with JavaScript.
  const checked = await signedInAdmin(browser);
  await checked.goto(admin.url());
  await expectNoAxeViolation(checked);
  // DSFR draws its own radio over the input: choose by the label, as a person does.
  const choose = (label: string) => admin.locator('label').filter({ hasText: label }).click();
  await choose('Olivier Caron : Représenté(e)');
  await choose('Sandrine Lopez : Absent(e)');
  await choose('Julien Garnier : Absent(e)');
  await expect(admin.getByRole('button', { name: 'Enregistrer la présence' })).toHaveCount(1);
  await admin.getByRole('button', { name: 'Enregistrer la présence' }).click();

  await expect(admin.getByText('La présence est enregistrée.')).toBeVisible();
  const list = admin.getByRole('region', { name: 'Personnes convoquées' });
  await expect(list.getByRole('row', { name: /Olivier Caron/ })).toContainText('Représenté(e)');
  await expect(list.getByRole('row', { name: /Sandrine Lopez/ })).toContainText('Absent(e)');
  await expect(list.getByRole('row', { name: /Julien Garnier/ })).toContainText('Absent(e)');
  await admin.getByRole('link', { name: 'Relever la présence' }).click();
  await expect(admin.getByLabel('Olivier Caron : Représenté(e)')).toBeChecked();
});

test('le bouton de publication dit ce qu’il fera : publier et prévenir, ou rien si la version est déjà publiée', async ({ browser }) => {
  const admin = await signedInAdmin(browser);
  await admin.goto('/instance');
  await admin.getByRole('link', { name: '3e session — 2 juillet 2019' }).click();
  await admin.getByRole('link', { name: /compte rendu/ }).click();
  const published = admin.getByRole('button', { name: /^Version \d+ déjà publiée$/ });
  await expect(published).toBeDisabled();
  await expectNoAxeViolation(admin);
  const version = Number((await published.textContent())!.match(/\d+/)![0]);

  await admin.getByLabel('Texte du compte rendu').fill('# Compte rendu de la 3e session\n\nVersion corrigée.');
  await admin.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(admin.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();
  const publish = admin.getByRole('button', { name: new RegExp(`^Publier la version ${version + 1} et prévenir les \\d+ participants$`) });
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(admin.getByText('Le compte rendu est publié')).toBeVisible();
  await expect(admin.getByRole('button', { name: `Version ${version + 1} déjà publiée` })).toBeDisabled();
});

test('le secrétariat dépose pour une organisation, corrige la proposition puis la retire ; il corrige un compte, chacun le sien', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedInAdmin(browser);
  await admin.goto('/propositions/nouvelle');
  await admin.waitForLoadState('networkidle');
  await admin.getByLabel('Déposée au nom de').selectOption({ label: 'Familles de France' });
  await admin.getByLabel('Titre').fill('Indiquer le délai de fabrication du passeport');
  await admin.getByLabel('Description').fill('Signalé par téléphone au secrétariat.');
  await admin.locator('label', { hasText: 'Pré-demande de passeport' }).click();
  await admin.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(admin.getByText('Proposition déposée par le secrétariat pour le compte de Familles de France')).toBeVisible();
  const ack = await waitForMail('marie.lefevre@familles-de-france.example', 'déposée pour Familles de France');
  expect(ack.text).toContain("Claire Martin, du secrétariat de l'instance, a déposé pour le compte de Familles de France");

  // The edit form keeps what was typed when the server refuses it.
  await admin.getByRole('link', { name: 'Modifier la proposition' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Modifier la proposition' })).toBeVisible();
  await admin.waitForLoadState('networkidle');
  await expectNoAxeViolation(admin);
  const corrected = 'Signalé par téléphone : le délai affiché éviterait des rendez-vous inutiles.';
  await admin.getByLabel('Description').fill(corrected);
  await admin.locator('label', { hasText: 'Pré-demande de passeport' }).click();
  await admin.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(admin.getByRole('alert')).toContainText('Cochez au moins une démarche');
  await expect(admin.getByLabel('Description')).toHaveValue(corrected);
  await admin.locator('label', { hasText: 'Pré-demande de passeport' }).click();
  await admin.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(admin.getByText("C'est enregistré.")).toBeVisible();
  const history = admin.getByRole('region', { name: 'Historique' });
  await expect(history).toContainText('Texte modifié par son organisation');
  await history.locator('summary', { hasText: 'Texte précédent' }).click();
  await expect(history).toContainText('Signalé par téléphone au secrétariat.');

  await admin.locator('summary', { hasText: 'ne souhaite plus porter cette proposition' }).click();
  await admin.getByLabel('Raison du retrait').fill('Le besoin est déjà suivi par une autre proposition.');
  await admin.getByRole('button', { name: 'Retirer la proposition' }).click();
  await expect(admin.locator('.fr-callout__title')).toContainText('Retirée');
  await expect(admin.getByText('Le besoin est déjà suivi par une autre proposition.').first()).toBeVisible();
  await expectNoAxeViolation(admin);

  // The secretariat's page about a person, and one's own account.
  await admin.goto('/admin/comptes');
  await admin.getByRole('link', { name: 'Marie Lefèvre' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Marie Lefèvre' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Fonction').fill('Présidente de la commission numérique');
  await admin.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(admin.getByText('Les modifications sont enregistrées.')).toBeVisible();
  await expect(admin.getByLabel('Fonction')).toHaveValue('Présidente de la commission numérique');

  await admin.getByRole('link', { name: 'Claire Martin' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Fonction').fill('Secrétaire générale adjointe');
  await admin.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(admin.getByText('Vos modifications sont enregistrées.')).toBeVisible();
});
