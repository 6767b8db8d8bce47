import { expect, test } from '@playwright/test';
import { waitForMail } from './mail';
import { arrowTo, signInByKeyboard, tabTo } from './keyboard';
import { DEMO, record } from './session';

// Each role's own journey with the keyboard alone, the focus visible at
// every step: the member submits a proposal, the lead of its group triages
// it, the secretariat schedules a plenary session and convenes the body.
// (The visitor's journey, on a phone, is in screens.spec.ts.)

test.describe.configure({ mode: 'serial' });

const TITLE = 'Annoncer au lecteur d’écran la fin du délai de saisie';
const SESSION = 31;
const YEAR = new Date().getFullYear() + 2;
let reference = '';

test('au clavier seul, un membre dépose une proposition', async ({ page }) => {
  await signInByKeyboard(page, DEMO.member);
  await page.goto('/propositions/nouvelle');
  await page.waitForLoadState('networkidle');

  await tabTo(page, page.getByLabel('Titre'), 'the title');
  await page.keyboard.type(TITLE);
  await tabTo(page, page.getByLabel('Description'), 'the description');
  await page.keyboard.type('Le formulaire se ferme sans prévenir après vingt minutes : il faut une annonce, et un moyen de prolonger.');
  const procedure = page.locator('input[type="checkbox"][name^="procedures"]').first();
  await tabTo(page, procedure, 'the first procedure');
  await page.keyboard.press('Space');
  await expect(procedure).toBeChecked();
  const group = page.getByLabel('Groupe de travail suggéré');
  await tabTo(page, group, 'the group list');
  await arrowTo(page, group, 'Groupe 3');
  await tabTo(page, page.getByRole('button', { name: 'Déposer la proposition' }), 'the submit button');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  reference = new URL(page.url()).pathname.split('/').pop()!;
  record({ kind: 'keyboard', profile: 'membre' });
});

test('au clavier seul, la pilote du groupe instruit la proposition', async ({ page }) => {
  expect(reference, 'the member’s proposal').not.toBe('');
  await signInByKeyboard(page, DEMO.lead);
  await page.goto(`/propositions/${reference}`);

  const status = page.getByLabel('Nouveau statut');
  await tabTo(page, status, 'the status list', 120);
  await arrowTo(page, status, 'En instruction');
  await tabTo(page, page.getByLabel('Explication'), 'the explanation');
  await page.keyboard.type('Le groupe vérifie le délai avec l’ANTS.');
  await tabTo(page, page.getByRole('button', { name: 'Changer le statut' }), 'the status button');
  await page.keyboard.press('Enter');

  await expect(page.locator('.fr-callout__title')).toContainText('En instruction');
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText('Le groupe vérifie le délai avec l’ANTS.');
  await waitForMail(DEMO.member.email, `Proposition ${reference} : statut « En instruction »`);
  record({ kind: 'keyboard', profile: 'pilote' });
});

test('au clavier seul, le secrétariat programme une séance plénière et convoque', async ({ page }) => {
  test.setTimeout(60_000);
  await signInByKeyboard(page, DEMO.secretariat);
  await page.goto('/instance');
  await tabTo(page, page.getByRole('link', { name: 'Programmer une séance' }), '« Programmer une séance »');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Programmer une séance plénière' })).toBeVisible();

  await tabTo(page, page.getByLabel('Numéro de la session'), 'the session number');
  await page.keyboard.type(String(SESSION));
  await tabTo(page, page.getByLabel('Date'), 'the date');
  // Chromium lays date and time fields out in its own language (English
  // here, whatever the page's): month, day, year; hours, minutes, AM or PM.
  await page.keyboard.type(`1015${YEAR}`);
  await expect(page.getByLabel('Date')).toHaveValue(`${YEAR}-10-15`);
  await tabTo(page, page.getByLabel('Heure de début'), 'the start time');
  await page.keyboard.type('1000A');
  await expect(page.getByLabel('Heure de début')).toHaveValue('10:00');
  await tabTo(page, page.getByLabel('Lieu'), 'the place');
  await page.keyboard.type("Ministère de l'Intérieur, salle des fêtes");
  await tabTo(page, page.getByLabel('Ordre du jour'), 'the agenda');
  await page.keyboard.type('1. Bilan de l’année\n2. Propositions des associations');
  await tabTo(page, page.getByRole('button', { name: 'Enregistrer' }), 'the save button');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: `${SESSION}e session — 15 octobre ${YEAR}` })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Convoquer' }), '« Convoquer »', 120);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Les convocations ont été envoyées par courriel.')).toBeVisible();
  await waitForMail(DEMO.member.email, `Convocation : ${SESSION}e session`);
  record({ kind: 'keyboard', profile: 'secrétariat' });
});
