import { test, expect, Browser, Page } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, signIn } from '../tests/session';
import { linkIn, mailsTo, waitForMail } from '../tests/mail';
import { PORT, SERVERS, alternate, ecoute, mark, sql, upstreamsSince } from './pair';

const LEAD_2 = 'julien.garnier@ants.example';

async function admin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  return page;
}

test('une session vit sur les deux serveurs, tour à tour, derrière nginx en HTTPS', async ({ browser, request }) => {
  const from = mark();
  const page = await admin(browser);
  for (const path of ['/tableau-de-bord', '/propositions', '/instance', '/groupes', '/membres', '/compte/sessions']) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  }
  const upstreams = await upstreamsSince(from);
  expect(upstreams.length).toBeGreaterThanOrEqual(8);
  expect(alternate(upstreams), upstreams.join(' ')).toBe(true);
  // One session, whichever server reads it.
  await expect(page.getByRole('table')).toContainText('Cette session');
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toContain('__Host-ecoute_session');
  expect(cookies.find((c) => c.name === '__Host-ecoute_session')?.secure).toBe(true);

  // nginx: HTTPS only, HSTS, the files it serves itself, cached as the guide says.
  const home = await request.get('/');
  expect(home.headers()['strict-transport-security']).toContain('max-age=');
  expect(home.headers()['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  const font = await request.get('/dsfr/fonts/Marianne-Regular.woff2');
  expect(font.status()).toBe(200);
  expect(font.headers()['cache-control']).toBe('public, max-age=31536000');
  const css = await request.get('/pkg/ecoute.css');
  expect(css.headers()['cache-control']).toBe('public, no-cache');
  const health = await request.get('/sante/pret');
  expect(health.status()).toBe(200);
});

test('un changement de statut se voit aussitôt sur les deux serveurs', async ({ browser }) => {
  const [reference] = sql("SELECT reference FROM proposals WHERE status = 'retenue' ORDER BY id LIMIT 1");
  const page = await admin(browser);
  const visitor = await (await browser.newContext()).newPage();
  for (let i = 0; i < 2; i++) {
    await page.goto(`/propositions/${reference}`);
    await expect(page.locator('.fr-callout__title')).toContainText('Retenue');
    await visitor.goto(`/propositions/${reference}`);
  }
  await page.getByLabel('Nouveau statut').selectOption({ label: 'En cours' });
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  await expect(page.locator('.fr-callout__title')).toContainText('En cours');

  // Signed in: at once, from either server.
  const from = mark();
  for (let i = 0; i < 2; i++) {
    await page.goto(`/propositions/${reference}`);
    await expect(page.locator('.fr-callout__title')).toContainText('En cours');
  }
  expect(new Set(await upstreamsSince(from))).toEqual(new Set(SERVERS));
  // Anonymous: once each server's kept copy is older than ECOUTE_PUBLIC_CACHE_SECONDS.
  await expect(async () => {
    for (let i = 0; i < 2; i++) {
      await visitor.goto(`/propositions/${reference}`);
      await expect(visitor.locator('.fr-callout__title')).toContainText('En cours', { timeout: 500 });
    }
  }).toPass({ timeout: 15_000 });
});

test("deux rédacteurs du même compte rendu sur deux serveurs : le second n'écrase pas le premier", async ({ browser }) => {
  const [meeting] = sql("SELECT meeting_id FROM minutes WHERE status = 'draft' ORDER BY meeting_id LIMIT 1");
  const first = await admin(browser);
  const second = await admin(browser);
  const from = mark();
  await first.goto(`/reunions/${meeting}/compte-rendu`);
  await second.goto(`/reunions/${meeting}/compte-rendu`);
  expect(new Set((await upstreamsSince(from)).slice(-2))).toEqual(new Set(SERVERS));
  await first.waitForLoadState('networkidle');
  await second.waitForLoadState('networkidle');

  await first.getByLabel('Texte du compte rendu').fill('# Relevé\n\nVersion du premier rédacteur.');
  await first.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(first.getByText('La nouvelle version du compte rendu est enregistrée.')).toBeVisible();

  const typed = '# Relevé\n\nVersion du second rédacteur, écrite en même temps.';
  await second.getByLabel('Texte du compte rendu').fill(typed);
  await second.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(second.getByRole('alert')).toContainText('Une version plus récente');
  await expect(second.getByLabel('Texte du compte rendu')).toHaveValue(typed);
});

test('chaque courriel part une fois et chaque résumé une fois, avec deux serveurs qui envoient', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await admin(browser);
  const year = new Date().getFullYear() + 1;
  await page.goto('/instance');
  await page.getByRole('link', { name: 'Programmer une séance' }).click();
  await page.getByLabel('Numéro de la session').fill('11');
  await page.getByLabel('Date').fill(`${year}-07-01`);
  await page.getByLabel('Heure de début').fill('10:00');
  await page.getByLabel('Durée (en minutes)').fill('120');
  await page.getByLabel('Lieu').fill("Ministère de l'Intérieur, place Beauvau, Paris");
  await page.getByLabel('Ordre du jour').fill('1. Bilan');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `11e session — 1er juillet ${year}` })).toBeVisible();
  const meeting = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Convoquer' }).click();
  await expect(page.getByText('Les convocations ont été envoyées par courriel.')).toBeVisible();

  // A comment on a group 2 proposal waits for its lead's daily digest.
  const [reference] = sql(
    "SELECT p.reference FROM proposals p JOIN working_groups g ON g.id = p.working_group_id WHERE g.number = 2 AND p.status <> 'deposee' ORDER BY p.id LIMIT 1",
  );
  await page.goto(`/propositions/${reference}`);
  await page.getByLabel('Ajouter un commentaire').fill('Le secrétariat relance le groupe 2.');
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText('Le secrétariat relance le groupe 2.');

  const invited = sql(`SELECT u.email FROM meeting_invitations i JOIN users u ON u.id = i.user_id WHERE i.meeting_id = ${meeting}`);
  expect(invited.length).toBeGreaterThan(5);
  await expect
    .poll(() => sql("SELECT count(*) FROM outbox_emails WHERE status <> 'sent'")[0], { timeout: 30_000 })
    .toBe('0');
  for (const email of invited) {
    expect(await mailsTo(email, 'Convocation : 11e session'), email).toHaveLength(1);
  }
  // Links in e-mails lead to the public address, through nginx.
  const mail = await waitForMail(invited[0], 'Convocation : 11e session');
  expect(linkIn(mail, '/reunions/reponse/')).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${PORT}/reunions/reponse/`));

  // Two days later (the lines moved back), both workers race for the digest.
  expect(
    sql(
      `UPDATE digest_items SET created_at = created_at - interval '2 days' WHERE digest_id IS NULL AND user_id = (SELECT id FROM users WHERE email = '${LEAD_2}') RETURNING id`,
    ).length,
  ).toBeGreaterThanOrEqual(1);
  const digest = await waitForMail(LEAD_2, 'Écoute : résumé du ');
  expect(digest.text).toContain(reference);
  // Several more rounds of both workers: still one.
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await mailsTo(LEAD_2, 'Écoute : résumé du ')).toHaveLength(1);
  expect(sql(`SELECT count(*) FROM digests WHERE user_id = (SELECT id FROM users WHERE email = '${LEAD_2}')`)).toEqual(['1']);
});

test("une sauvegarde se fait pendant que les deux serveurs servent, et se vérifie", async ({ page }) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ecoute-pair-')), 'ecoute.dump');
  const printed = ecoute('backup', file);
  expect(printed).toContain('Sauvegarde écrite et vérifiée');
  expect(existsSync(file)).toBe(true);
  await page.goto('/propositions');
  await expect(page.getByRole('heading', { level: 1 })).toContainText("Propositions d'amélioration");
});
