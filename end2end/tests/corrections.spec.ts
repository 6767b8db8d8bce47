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

  await admin.getByLabel('Convoquer une autre personne').selectOption({ label: 'Patrick Durand (SPF)' });
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
  await admin.getByLabel('Adresse électronique').fill(GUEST);
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
  await expectNoAxeViolation(admin);
  // DSFR draws its own radio over the input: choose by the label, as a person does.
  const choose = (label: string) => admin.locator('label').filter({ hasText: label }).click();
  await choose('Olivier Caron : Représenté(e)');
  await choose('Sandrine Lopez : Absent(e)');
  await choose('Julien Garnier : Absent(e)');
  await expect(admin.getByRole('button', { name: 'Enregistrer la présence' })).toHaveCount(1);
  await admin.getByRole('button', { name: 'Enregistrer la présence' }).click();

  await expect(admin.getByText('La présence est enregistrée.')).toBeVisible();
  await expect(admin.getByRole('row', { name: /Olivier Caron/ })).toContainText('Représenté(e)');
  await expect(admin.getByRole('row', { name: /Sandrine Lopez/ })).toContainText('Absent(e)');
  await expect(admin.getByRole('row', { name: /Julien Garnier/ })).toContainText('Absent(e)');
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
