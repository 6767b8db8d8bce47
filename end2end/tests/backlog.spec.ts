import { test, expect } from '@playwright/test';
import { ADMIN, activate, expectNoAxeViolation, signIn } from './session';
import { execFileSync } from 'node:child_process';
import { waitForMail, linkIn } from './mail';
import { REFERENCE } from './pages';

const SUBMITTER = { name: 'Marie Lefèvre', email: 'marie.lefevre@familles-de-france.example', password: 'les familles déposent leurs idées' };
const SUPPORTER = { name: 'Patrick Durand', email: 'patrick.durand@secourspopulaire.example', password: 'le secours populaire soutient' };
const LEAD = { name: 'Julien Garnier', email: 'julien.garnier@ants.example', password: 'le groupe deux instruit tout' };
const TITLE = 'Afficher la liste des pièces justificatives dès la page d’accueil de la pré-demande';


/** Reads CSV text with Python's csv module (a real reader), as rows of cells. */
function parseCsv(text: string): string[][] {
  const script = 'import csv, json, sys\nprint(json.dumps(list(csv.reader(sys.stdin.read().lstrip("\\ufeff").splitlines(), delimiter=";"))))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text }).toString());
}

test('une association dépose une proposition, une autre la soutient, le pilote la retient et le public la suit', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  const submitter = await activate(browser, admin, SUBMITTER);
  const supporter = await activate(browser, admin, SUPPORTER);
  const lead = await activate(browser, admin, LEAD);

  // A bad submission is refused in French and keeps what was typed.
  await submitter.goto('/propositions');
  await submitter.getByRole('link', { name: 'Déposer une proposition' }).click();
  await expect(submitter.getByRole('heading', { level: 1, name: 'Déposer une proposition' })).toBeVisible();
  await expectNoAxeViolation(submitter);
  // Once the page's script runs, the form is sent in the background.
  await submitter.waitForLoadState('networkidle');
  await submitter.getByLabel('Titre').fill(TITLE);
  await submitter.getByLabel('Description').fill("Les familles découvrent **au rendez-vous** qu'il manque un justificatif de domicile.");
  await submitter.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(submitter.getByRole('alert')).toContainText('Cochez au moins une démarche');
  await expect(submitter.getByLabel('Titre')).toHaveValue(TITLE);

  await submitter.locator('label', { hasText: "Pré-demande de carte d'identité" }).click();
  await submitter.locator('label', { hasText: 'Pré-demande de passeport' }).click();
  await submitter.getByLabel('Groupe de travail suggéré').selectOption({ label: 'Groupe 2 — Améliorer et simplifier les démarches en ligne' });
  await submitter.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(submitter.getByText('Votre proposition est déposée')).toBeVisible();
  await expect(submitter.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const reference = new URL(submitter.url()).pathname.split('/').pop()!;
  expect(reference).toMatch(REFERENCE);
  await expect(submitter.getByRole('region', { name: 'Démarches concernées' })).toContainText('Pré-demande de passeport');
  await expectNoAxeViolation(submitter);
  const received = await waitForMail(SUBMITTER.email, `Proposition ${reference} reçue`);
  expect(linkIn(received, '/propositions/')).toContain(`/propositions/${reference}`);

  // Another association supports it.
  await supporter.goto(`/propositions/${reference}`);
  await supporter.getByRole('button', { name: 'Soutenir cette proposition' }).click();
  const supports = supporter.getByRole('region', { name: 'Soutiens' });
  await expect(supports).toContainText('Soutenue par 1 organisation');
  await expect(supports).toContainText('Secours populaire');
  await expect(supporter.getByRole('button', { name: 'Retirer notre soutien' })).toBeVisible();

  // The lead of group 2 instructs it, retains it, records an action, starts it.
  await lead.goto(`/propositions/${reference}`);
  await expectNoAxeViolation(lead);
  const status = async (label: string, reason = '') => {
    await lead.getByLabel('Nouveau statut').selectOption({ label });
    await lead.getByLabel('Explication').fill(reason);
    await lead.getByRole('button', { name: 'Changer le statut' }).click();
    await expect(lead.locator('.fr-callout__title')).toContainText(label);
  };
  await status('En instruction');
  await status('Retenue', "L'ANTS ajoutera la liste des pièces sur la page d'accueil.");
  await lead.locator('summary', { hasText: 'Ajouter une action de suivi' }).click();
  await lead.getByLabel("Intitulé de l'action").fill('Publier la liste des pièces sur la page d’accueil');
  // Typed, or picked among the group's people the field suggests.
  await lead.getByLabel('Responsable').fill(LEAD.email);
  await lead.getByLabel('Échéance').fill(`${new Date().getFullYear() + 1}-03-31`);
  await lead.getByRole('button', { name: "Ajouter l'action" }).click();
  await expect(lead.getByRole('region', { name: 'Actions de suivi' })).toContainText('Publier la liste des pièces');
  await status('En cours');

  // The submitter and the supporter are told of each step.
  for (const who of [SUBMITTER.email, SUPPORTER.email]) {
    await waitForMail(who, `Proposition ${reference} : statut « Retenue »`);
    await waitForMail(who, `Proposition ${reference} : statut « En cours »`);
  }

  // An anonymous visitor finds it by a search typed without accents.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/propositions');
  await visitor.getByLabel('Rechercher dans les titres et les descriptions').fill('piece justificative accueil pre-demande');
  await visitor.getByRole('button', { name: 'Filtrer' }).click();
  await expect(visitor.getByText('1 proposition trouvée')).toBeVisible();
  await visitor.getByRole('link', { name: TITLE }).click();
  await expect(visitor.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const history = visitor.getByRole('region', { name: 'Historique' });
  await expect(history).toContainText('Proposition déposée par Familles de France');
  await expect(history).toContainText('Soutenue par Secours populaire');
  await expect(history).toContainText('Statut : Retenue → En cours');
  await expect(history).toContainText("L'ANTS ajoutera la liste des pièces");
  await expect(visitor.getByRole('button', { name: 'Changer le statut' })).toHaveCount(0);
  await expectNoAxeViolation(visitor);

  // The same view as CSV, read back by a CSV reader.
  const csv = await visitor.request.get('/propositions.csv?q=piece+justificative+accueil');
  expect(csv.headers()['content-type']).toContain('text/csv');
  const rows = parseCsv(await csv.text());
  expect(rows[0]).toEqual(['Référence', 'Titre', 'Statut', 'Organisation', 'Groupe de travail', 'Démarches', 'Origine', 'Priorité', 'Soutiens', 'Déposée le', 'Dernière activité']);
  const row = rows.find((r) => r[0] === reference);
  expect(row, 'the proposal in the export').toBeTruthy();
  expect(row![1]).toBe(TITLE);
  expect(row![2]).toBe('En cours');
  expect(row![3]).toBe('Familles de France');
  expect(row![5]).toContain('Pré-demande de passeport');
  expect(row![8]).toBe('1');
});
