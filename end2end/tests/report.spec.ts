import { expect, test, Page } from '@playwright/test';
import { DEMO, expectNoAxeViolation, signIn } from './session';

// Accountability across the years: the lead keeps a decided proposal's
// progress and milestones, scheduling a plenary session records a snapshot
// of the backlog, and the annual report shows the year in charts whose
// tables are its CSV files, printed as a clean document.

test.describe.configure({ mode: 'serial' });

const YEAR = new Date().getFullYear() + 3;
const SESSION = 33;

/** The text of each page of a PDF, whitespace removed (pdf.js splits words its own way). */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('').replace(/\s+/g, ''));
  }
  return pages;
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The rows of a table as cell texts, header row first. */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) }).first();
  return table.locator('tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim())),
  );
}

test('la pilote tient l’avancement et les jalons d’une proposition de son groupe', async ({ page }) => {
  await signIn(page, DEMO.lead.email, DEMO.lead.password);
  await page.goto('/propositions/DA-2019-0004');
  await page.getByLabel('Avancement (en %)').fill('60');
  await page.getByRole('button', { name: "Enregistrer l'avancement" }).click();
  await expect(page.locator('progress.ecoute-progress')).toHaveAttribute('value', '60');
  await page.getByLabel('Titre du nouveau jalon').fill('Parcours facile à lire publié en préfecture');
  await page.getByLabel('Date prévue').fill(`${YEAR}-03-01`);
  await page.getByRole('button', { name: 'Ajouter le jalon' }).click();
  await expect(page.getByRole('region', { name: 'Tableau : Jalons' })).toContainText('Parcours facile à lire publié en préfecture');
  await expectNoAxeViolation(page);
});

test('programmer une séance plénière enregistre un instantané du suivi, comparé à l’autre', async ({ page }) => {
  await signIn(page, DEMO.secretariat.email, DEMO.secretariat.password);
  await page.goto('/reunions/nouvelle');
  await page.getByLabel('Numéro de la session').fill(String(SESSION));
  await page.getByLabel('Date').fill(`${YEAR}-06-30`);
  await page.getByLabel('Heure de début').fill('14:00');
  await page.getByLabel('Lieu').fill('Ministère de l’Intérieur, place Beauvau');
  await page.getByLabel('Ordre du jour').fill('1. Bilan de l’année');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${SESSION}e session — 30 juin ${YEAR}` })).toBeVisible();

  await page.goto('/bilan');
  const snapshots = page.getByRole('link', { name: /^Depuis l'instantané de la / });
  const mine = page.getByRole('link', { name: new RegExp(`^Depuis l'instantané de la ${SESSION}e session`) });
  await expect(mine).toBeVisible();
  const demo = page.getByRole('link', { name: /^Depuis l'instantané de la 4e session/ });
  const count = async (link: typeof mine) => Number((await link.textContent())!.match(/, (\d+) propositions\)/)![1]);
  const [now, then] = [await count(mine), await count(demo)];
  expect(await snapshots.count()).toBeGreaterThanOrEqual(2);
  await expectNoAxeViolation(page);

  // From the demo's snapshot to this one: proposals are never deleted, so
  // those submitted in between are the difference of the two sizes.
  await demo.click();
  const until = page.getByLabel("Jusqu'à");
  await until.selectOption((await until.locator('option', { hasText: `${SESSION}e session` }).getAttribute('value'))!);
  await page.getByRole('button', { name: 'Comparer' }).click();
  await expect(page).toHaveURL(/\/bilan\/evolution\?de=\d+&a=\d+/);
  const submitted = page.locator('.ecoute-key-figures li', { hasText: 'Propositions déposées' }).locator('.ecoute-key-figure');
  await expect(submitted).toHaveText(String(now - then));
  const byOrganisation = await tableRows(page, 'Changements par organisation');
  const csv = await page.request.get(await page.getByRole('link', { name: /Changements par organisation.*CSV/ }).getAttribute('href') as string);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
  expect(lines).toEqual(byOrganisation);
  await expectNoAxeViolation(page);
});

test('le bilan 2019 : chaque graphique porte les chiffres de son tableau, qui est son fichier CSV', async ({ page }) => {
  await page.goto('/bilan/2019');
  await expect(page.getByRole('heading', { level: 1, name: "Bilan de l'année 2019" })).toBeVisible();
  const figures = page.locator('section.ecoute-figure');
  expect(await figures.count()).toBeGreaterThanOrEqual(6);
  for (const figure of await figures.all()) {
    const caption = (await figure.locator('caption').textContent())!;
    const rows = await tableRows(page, caption);
    const chart = figure.locator('figure.ecoute-chart svg.ecoute-bars');
    if (await chart.count()) {
      await expect(chart).toHaveAttribute('role', 'img');
      const drawn = await chart.locator('.ecoute-chart-value').allTextContents();
      expect(drawn, caption).toEqual(rows.slice(1).flatMap((r) => r.slice(1)));
    }
    const href = await figure.getByRole('link', { name: /\(CSV\)$/ }).getAttribute('href');
    const csv = await page.request.get(href!);
    expect(csv.status(), href!).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines, caption).toEqual(rows);
  }
  await expect(page.getByRole('region', { name: 'Tableau : Améliorations réalisées' })).toContainText('DA-2019-0002');
  await expect(page.getByRole('heading', { level: 2, name: 'Compte rendu de la 3e session — 2 juillet 2019' })).toBeVisible();
  await expectNoAxeViolation(page);
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoAxeViolation(page);
});

test('le bilan s’imprime sans navigation, sans tableau coupé, son titre sur chaque page', async ({ page }) => {
  await page.goto('/bilan/2019');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.fr-header')).toBeHidden();
  await expect(page.locator('footer.fr-footer')).toBeHidden();
  const pages = await pdfPages(await page.pdf({ format: 'A4', printBackground: true }));
  expect(pages.length).toBeGreaterThan(2);
  const running = squeeze("Bilan de l'année 2019");
  pages.forEach((text, n) => {
    expect(text, `page ${n + 1}`).toContain(running + squeeze(`Page ${n + 1} sur ${pages.length}`));
    expect(text, `page ${n + 1}`).not.toContain(squeeze('Se connecter'));
    expect(text, `page ${n + 1}`).not.toContain(squeeze('Télécharger'));
  });
  // Each table on one page: its caption and its last row's label together.
  const tables = await page.locator('main table').evaluateAll((all) =>
    all.map((t) => {
      const rows = (t as HTMLTableElement).tBodies[0].rows;
      return { caption: t.querySelector('caption')?.textContent ?? '', last: rows[rows.length - 1]?.cells[0]?.textContent ?? '' };
    }),
  );
  expect(tables.length).toBeGreaterThanOrEqual(7);
  for (const { caption, last } of tables) {
    const holding = pages.filter((p) => p.includes(squeeze(caption)));
    expect(holding.length, caption).toBeGreaterThan(0);
    expect(holding.some((p) => p.includes(squeeze(last))), `${caption} ends on its page with « ${last} »`).toBe(true);
  }
});

test('la présence par organisation en 2019, page et fichier, sans violation axe', async ({ page }) => {
  await page.goto('/bilan/2019/presences');
  await expect(page.getByRole('heading', { level: 1, name: 'Présence aux réunions en 2019' })).toBeVisible();
  const byOrganisation = await tableRows(page, 'Présence par organisation');
  expect(byOrganisation.length).toBeGreaterThan(1);
  const invited = byOrganisation.slice(1).reduce((sum, row) => sum + Number(row[1]), 0);
  const csv = await page.request.get('/bilan/2019/presences.csv');
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(';'));
  expect(lines.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(invited);
  await expectNoAxeViolation(page);
});
