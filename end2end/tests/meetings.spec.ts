import { test, expect, Page, Browser } from '@playwright/test';
import { ADMIN, expectNoAxeViolation, signIn } from './session';
import { execFileSync } from 'node:child_process';
import { waitForMail, linkIn } from './mail';

const MEMBER = 'marie.lefevre@familles-de-france.example';
const YEAR = new Date().getFullYear() + 1;


/** Reads an iCalendar text with Python's icalendar package (a real parser). */
function parseIcs(ics: string): Record<string, string> {
  const script = `
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
event = next(iter(cal.walk("VEVENT")))
start = event.decoded("DTSTART")
print("METHOD=" + str(cal.get("METHOD")))
print("TZID=" + str(event.get("DTSTART").params.get("TZID")))
print("LOCAL=" + start.strftime("%Y-%m-%d %H:%M"))
print("OFFSET=" + str(start.utcoffset()))
print("SUMMARY=" + str(event.get("SUMMARY")))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: ics }).toString();
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

async function anonymousPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('le secrétariat programme la séance plénière, convoque, un membre répond, le compte rendu est publié', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);

  await admin.goto('/instance');
  await admin.getByRole('link', { name: 'Programmer une séance' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Programmer une séance plénière' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Numéro de la session').fill('10');
  await admin.getByLabel('Date').fill(`${YEAR}-07-02`);
  await admin.getByLabel('Heure de début').fill('14:00');
  await admin.getByLabel('Durée (en minutes)').fill('180');
  await admin.getByLabel('Lieu').fill("Ministère de l'Intérieur, place Beauvau, Paris");
  await admin.getByLabel('Ordre du jour').fill("1. Accueil par le secrétaire général\n2. Bilan des groupes de travail");
  await admin.getByRole('button', { name: 'Enregistrer' }).click();

  await expect(admin.getByRole('heading', { level: 1, name: `10e session — 2 juillet ${YEAR}` })).toBeVisible();
  await expect(admin.getByRole('region', { name: 'Ordre du jour' })).toContainText('Bilan des groupes de travail');
  const meetingUrl = admin.url();
  await expectNoAxeViolation(admin);
  await admin.getByRole('button', { name: 'Convoquer' }).click();
  await expect(admin.getByText('Les convocations ont été envoyées par courriel.')).toBeVisible();
  await expect(admin.getByRole('row', { name: /Marie Lefèvre/ })).toContainText('Sans réponse');

  // The member answers from the link of the e-mail received by the SMTP server.
  const mail = await waitForMail(MEMBER, `Convocation : 10e session`);
  expect(mail.text).toContain('Accueil par le secrétaire général');
  const ics = mail.attachments.find((a) => a.filename === 'invitation.ics' || a.contentType.startsWith('text/calendar'));
  expect(ics, 'an iCalendar invitation').toBeTruthy();
  const parsed = parseIcs(ics!.content.toString('utf8'));
  expect(parsed.METHOD).toBe('REQUEST');
  expect(parsed.TZID).toBe('Europe/Paris');
  expect(parsed.LOCAL).toBe(`${YEAR}-07-02 14:00`);
  expect(parsed.OFFSET).toBe('2:00:00');

  const member = await anonymousPage(browser);
  await member.goto(linkIn(mail, '/reunions/reponse/'));
  await expect(member.getByText('Bonjour Marie Lefèvre,')).toBeVisible();
  await expectNoAxeViolation(member);
  // DSFR draws its own radio over the input: choose by the label, as a person does.
  await member.locator('label[for="reponse-present"]').click();
  await expect(member.getByLabel('Présent', { exact: true })).toBeChecked();
  await member.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
  await expect(member.getByText('Votre réponse est enregistrée. Merci !')).toBeVisible();
  await expect(member.getByText('Réponse enregistrée : Présent')).toBeVisible();

  await admin.goto(meetingUrl);
  await expect(admin.getByRole('row', { name: /Marie Lefèvre/ })).toContainText('Présent');

  // The meeting's calendar file, downloaded from its page, parses too.
  const download = await admin.request.get(`${meetingUrl}/invitation.ics`);
  expect(download.headers()['content-type']).toContain('text/calendar');
  expect(parseIcs(await download.text()).LOCAL).toBe(`${YEAR}-07-02 14:00`);

  // Minutes: drafted, revised, published.
  await admin.getByRole('link', { name: 'Rédiger le compte rendu' }).click();
  await expect(admin.getByText('Brouillon : pas encore publié')).toBeVisible();
  await admin.getByLabel('Texte du compte rendu').fill('# Compte rendu de la 10e session\n\nPrésents : 18 membres.');
  await admin.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(admin.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();
  await admin.getByLabel('Texte du compte rendu').fill('# Compte rendu de la 10e session\n\nPrésents : 21 membres.\n\n## Décisions\n\n- Le groupe 2 présentera ses propositions.');
  // The instant preview needs the page's script: click again until it has loaded.
  await expect(async () => {
    await admin.getByRole('button', { name: 'Prévisualiser' }).click();
    await expect(admin.locator('.ecoute-preview')).toContainText('Le groupe 2 présentera ses propositions.', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await admin.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(admin.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();
  await admin.getByLabel('Comparer la version').selectOption('1');
  await admin.getByLabel('avec la version').selectOption('2');
  await admin.getByRole('button', { name: 'Comparer' }).click();
  await expect(admin.locator('del')).toContainText('Présents : 18 membres.');
  await expect(admin.locator('ins').first()).toContainText('Présents : 21 membres.');
  await expectNoAxeViolation(admin);
  // The button says what it will do, then that it is done.
  await admin.getByRole('button', { name: /^Publier la version 2 et prévenir les \d+ participants$/ }).click();
  await expect(admin.getByText('Le compte rendu est publié')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Version 2 déjà publiée' })).toBeDisabled();
  const minutesUrl = admin.url().split('?')[0];

  const visitor = await anonymousPage(browser);
  await visitor.goto(minutesUrl);
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText('Compte rendu — 10e session');
  await expect(visitor.getByRole('article', { name: 'Compte rendu publié' })).toContainText('Le groupe 2 présentera ses propositions.');
  await expect(visitor.getByRole('textbox')).toHaveCount(0);
  await expectNoAxeViolation(visitor);
  await waitForMail(MEMBER, 'Compte rendu publié : 10e session');
});

test('une action décidée en réunion apparaît sur le tableau de bord de son responsable et sur la page du groupe', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/groupes');
  await admin.getByRole('link', { name: /^Groupe 2/ }).click();
  await expect(admin.getByRole('heading', { level: 1, name: /^Groupe 2/ })).toBeVisible();
  await admin.getByRole('region', { name: 'Réunions' }).getByRole('link').first().click();
  const meetingPath = new URL(admin.url()).pathname;
  await admin.goto(`${meetingPath}/compte-rendu`);
  await admin.locator('summary', { hasText: 'Ajouter une action' }).click();
  await admin.getByLabel("Intitulé de l'action").fill('Tester la nouvelle page avec les bénévoles');
  await expect(admin.locator('#action-owners option').first()).toHaveAttribute('value', /@/);
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Responsable').fill('Claire Martin');
  await admin.getByLabel('Échéance').fill(`${YEAR}-03-31`);
  await admin.getByRole('button', { name: "Ajouter l'action" }).click();
  const row = admin.getByRole('row', { name: /Tester la nouvelle page avec les bénévoles/ });
  await expect(row).toContainText('Claire Martin');
  await expect(row).toContainText(`31 mars ${YEAR}`);

  await admin.getByRole('link', { name: 'Tableau de bord' }).click();
  // Among the secretariat's actions of every group, and its own.
  const mine = admin.getByRole('region', { name: 'Mes actions' }).getByRole('row', { name: /Tester la nouvelle page avec les bénévoles/ });
  await expect(mine).toContainText('À faire');
  await expect(admin.getByRole('region', { name: /^Actions en cours/ })).toContainText('Tester la nouvelle page avec les bénévoles');
  await expectNoAxeViolation(admin);
  await mine.getByRole('combobox').selectOption({ label: 'En cours' });
  await mine.getByRole('button', { name: /Changer/ }).click();
  await expect(mine).toContainText('En cours');

  const visitor = await anonymousPage(browser);
  await visitor.goto('/groupes');
  await visitor.getByRole('link', { name: /^Groupe 2/ }).click();
  await expect(visitor.getByRole('region', { name: 'Actions en cours' })).toContainText('Tester la nouvelle page avec les bénévoles');
  await expect(visitor.getByRole('button', { name: /Changer/ })).toHaveCount(0);
  await expectNoAxeViolation(visitor);
});

test("deux rédacteurs du même compte rendu : le second voit la version du premier et garde son texte", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, ADMIN.email, ADMIN.password);
  await first.goto('/groupes');
  await first.getByRole('link', { name: /^Groupe 1/ }).click();
  await first.getByRole('region', { name: 'Réunions' }).getByRole('link').first().click();
  const minutesPath = `${new URL(first.url()).pathname}/compte-rendu`;
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(minutesPath);
    await page.waitForLoadState('networkidle');
  }

  await first.getByLabel('Texte du compte rendu').fill('# Relevé\n\nTexte de la première rédactrice.');
  await first.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(first.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();

  const mine = '# Relevé\n\nTexte du second rédacteur.';
  await second.getByLabel('Texte du compte rendu').fill(mine);
  await second.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(second.getByRole('alert')).toContainText('Une version plus récente');
  await expect(second.getByRole('region', { name: 'Version enregistrée entre-temps' })).toContainText('Texte de la première rédactrice.');
  await expect(second.getByLabel('Texte du compte rendu')).toHaveValue(mine);
  await expectNoAxeViolation(second);

  await second.getByLabel('Texte du compte rendu').fill(`${mine}\n\nTexte de la première rédactrice.`);
  await second.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(second.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();
  await expect(second.locator('.ecoute-preview')).toContainText('Texte du second rédacteur.');
  await context.close();
});
