import { test, expect } from '@playwright/test';
import path from 'node:path';
import { ADMIN, activate, expectNoAxeViolation, signIn } from './session';
import { twoDaysLater } from './digests';
import { waitForMail, linkIn, mailsTo } from './mail';
import { REFERENCE } from './pages';

const LEAD = { name: 'Sophie Lambert', email: 'sophie.lambert@interieur.example', password: 'le groupe un accueille tout le monde' };
const MEMBER = { name: 'François Girard', email: 'francois.girard@unaf.example', password: "l'union des familles propose" };
const TITLE = 'Expliquer les délais de traitement sur la page de suivi de la demande';

/** The e2e server's database (playwright.config.ts). */
const DATABASE = path.resolve(__dirname, '../../target/e2e/ecoute.db');

test("un pilote choisit ses notifications sans JavaScript, reçoit un commentaire tout de suite et la nouvelle proposition dans son résumé", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  const lead = await activate(browser, admin, LEAD);
  const member = await activate(browser, admin, MEMBER);

  // The lead's dashboard leads to « Mes notifications ».
  await lead.goto('/tableau-de-bord');
  await expect(lead.getByRole('heading', { level: 2, name: /^À instruire — Groupe 1/ })).toBeVisible();
  await expectNoAxeViolation(lead);
  await lead.getByRole('link', { name: /^Mes notifications/ }).click();
  await expect(lead.getByRole('heading', { level: 1, name: 'Mes notifications' })).toBeVisible();
  await expect(lead.getByText('Les résumés partent à 6 h, heure de Paris')).toBeVisible();
  await expectNoAxeViolation(lead);

  // The form, without JavaScript: new proposals in the daily digest,
  // comments and supports at once.
  const noScript = await (
    await browser.newContext({ javaScriptEnabled: false, storageState: await lead.context().storageState() })
  ).newPage();
  await noScript.goto('/compte/notifications');
  const proposals = noScript.getByRole('group', { name: /^Nouvelles propositions/ });
  const comments = noScript.getByRole('group', { name: /^Commentaires et soutiens/ });
  await expect(proposals.getByLabel('Tout de suite')).toBeChecked();
  await expect(comments.getByLabel('Résumé quotidien')).toBeChecked();
  // DSFR radio buttons are chosen through their label, as a person does.
  await proposals.locator('label', { hasText: 'Résumé quotidien' }).click();
  await comments.locator('label', { hasText: 'Tout de suite' }).click();
  await noScript.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  await expect(noScript.getByRole('status')).toContainText('Vos préférences de notification sont enregistrées.');
  await expect(proposals.getByLabel('Résumé quotidien')).toBeChecked();
  await expect(comments.getByLabel('Tout de suite')).toBeChecked();

  // A member of the UNAF proposes to group 1, then comments.
  await member.goto('/propositions/nouvelle');
  await member.waitForLoadState('networkidle');
  await member.getByLabel('Titre').fill(TITLE);
  await member.getByLabel('Description').fill('Les familles ne savent pas combien de temps attendre après le dépôt.');
  await member.locator('label', { hasText: "Pré-demande de carte d'identité" }).click();
  await member.getByLabel('Groupe de travail suggéré').selectOption({ label: 'Groupe 1 — Rendre les démarches en ligne accessibles au plus grand nombre' });
  await member.getByRole('button', { name: 'Déposer la proposition' }).click();
  await expect(member.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const reference = new URL(member.url()).pathname.split('/').pop()!;
  expect(reference).toMatch(REFERENCE);
  await member.getByLabel('Ajouter un commentaire').fill('Une durée indicative suffirait, même approximative.');
  await member.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(member.getByRole('region', { name: 'Historique' })).toContainText('Une durée indicative suffirait');

  // The comment arrives at once; the new proposal waits for the digest.
  const comment = await waitForMail(LEAD.email, `Proposition ${reference} : nouveau commentaire`);
  expect(comment.text).toContain('François Girard (');
  expect(comment.text).toContain('Une durée indicative suffirait, même approximative.');
  expect(linkIn(comment, '/propositions/')).toContain(`/propositions/${reference}#historique`);
  expect(comment.text).toContain('/compte/notifications');
  expect(await mailsTo(LEAD.email, `Nouvelle proposition ${reference}`)).toEqual([]);
  expect(await mailsTo(MEMBER.email, 'nouveau commentaire')).toEqual([]);

  // Once the digest hour has passed, the worker sends the digest, grouped
  // by proposal.
  expect(twoDaysLater(DATABASE, LEAD.email)).toBe(1);
  const digest = await waitForMail(LEAD.email, 'Écoute : résumé du ');
  expect(digest.text).toContain(`${reference} « ${TITLE} »`);
  expect(digest.text).toContain('Nouvelle proposition déposée par');
  expect(digest.html).toContain('<h2>');
  expect(linkIn(digest, '/propositions/')).toContain(`/propositions/${reference}`);
  expect(await mailsTo(LEAD.email, `Nouvelle proposition ${reference}`)).toEqual([]);

  // The lead's dashboard lists it among those awaiting triage.
  await lead.goto('/tableau-de-bord');
  await expect(lead.getByRole('region', { name: /^À instruire — Groupe 1/ }).getByRole('link', { name: TITLE })).toBeVisible();
});
