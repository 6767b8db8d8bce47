import { expect, test } from '@playwright/test';
import { BODY_NAME, HOME, PROPOSAL_STATUSES, REFERENCE } from './pages';

const DAY_MS = 24 * 60 * 60 * 1000;

test.describe('page d’accueil', () => {
  test.beforeEach(async ({ page }) => {
    const response = await page.goto(HOME.path);
    expect(response?.status()).toBe(200);
  });

  test('est en français, titrée et nommée', async ({ page }) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveTitle(BODY_NAME);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOME.heading);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  });

  test('annonce la prochaine réunion, tirée de la base', async ({ page }) => {
    const next = page.getByRole('region', { name: 'Prochaine réunion' });
    await expect(next).toBeVisible();
    await expect(next.getByRole('heading', { name: 'Prochaine réunion', level: 2 })).toBeVisible();
    await expect(next).not.toContainText("Aucune réunion n'est programmée");

    // The demo data schedules a working-group meeting 21 days after the
    // database was first filled, which is this run's server start.
    await expect(next.getByRole('heading', { level: 3 })).not.toBeEmpty();
    await expect(next).toContainText('Convocations envoyées');
    await expect(next).toContainText(/Groupe [123]|Réunion de groupe de travail/);

    const time = next.locator('time[datetime]');
    await expect(time).toHaveCount(1);
    await expect(time).not.toBeEmpty();
    const iso = await time.getAttribute('datetime');
    const startsAt = Date.parse(iso ?? '');
    expect(startsAt, `datetime="${iso}" must be a valid date`).not.toBeNaN();
    const daysAhead = (startsAt - Date.now()) / DAY_MS;
    expect(daysAhead, `the next meeting (${iso}) is about 21 days ahead`).toBeGreaterThan(19.5);
    expect(daysAhead, `the next meeting (${iso}) is about 21 days ahead`).toBeLessThan(22.5);
  });

  test('présente les groupes de travail de la démonstration', async ({ page }) => {
    const groups = page.getByRole('region', { name: 'Groupes de travail' });
    await expect(groups).toBeVisible();
    const titles = groups.getByRole('heading', { level: 3 });
    await expect(titles).toHaveCount(3);
    await expect(
      groups.getByRole('heading', { level: 3, name: /^Groupe 1\b.*accessibles au plus grand nombre/ }),
    ).toBeVisible();
    await expect(
      groups.getByRole('heading', { level: 3, name: /^Groupe 2\b.*Améliorer et simplifier les démarches en ligne/ }),
    ).toBeVisible();
    await expect(
      groups.getByRole('heading', { level: 3, name: /^Groupe 3\b.*personnes en situation de handicap/ }),
    ).toBeVisible();
  });

  test('liste les dernières propositions avec leur référence et leur statut', async ({ page }) => {
    const latest = page.getByRole('region', { name: 'Dernières propositions' });
    await expect(latest).toBeVisible();
    await expect(latest).not.toContainText('Aucune proposition publiée');

    const items = latest.getByRole('list').first().locator(':scope > li');
    const count = await items.count();
    expect(count, 'at least one proposal is listed').toBeGreaterThan(0);

    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      await expect(item).toContainText(REFERENCE);
      await expect(item.getByRole('heading')).not.toBeEmpty();
      const badge = item.locator('.fr-badge');
      await expect(badge).toHaveCount(1);
      const status = ((await badge.textContent()) ?? "").trim();
      // DSFR badges may be rendered upper-case by CSS: compare case-insensitively.
      expect(
        PROPOSAL_STATUSES.map((s) => s.toLowerCase()),
        `badge « ${status} » is a proposal status`,
      ).toContain(status.toLowerCase());
    }

    await expect(latest.getByRole('link', { name: 'Toutes les propositions' })).toHaveAttribute(
      'href',
      '/propositions',
    );
  });

  test('s’affiche d’abord sans attendre les polices ni l’icône, puis en Marianne', async ({ page }) => {
    // A first visit: the fonts' stylesheet comes once the page is painted,
    // and the text then takes Marianne.
    const marianne = () =>
      page.waitForFunction(() =>
        [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Marianne' && f.status === 'loaded'),
      );
    await marianne();
    const fonts = page.locator('head link[rel=stylesheet][href="/dsfr/fonts.css"]');
    await expect(fonts).toHaveCount(1);
    await expect(fonts).not.toHaveAttribute('blocking', 'render');
    await expect(page.locator('head link[rel=icon]')).toHaveAttribute('href', '/dsfr/favicon/favicon.svg');
    // The next page of the visit, its fonts in the cache, links them before
    // its first paint.
    await page.getByRole('link', { name: 'Toutes les propositions' }).click();
    await expect(page).toHaveURL(/\/propositions$/);
    await expect(fonts).toHaveCount(1);
    await expect(fonts).toHaveAttribute('blocking', 'render');
    await marianne();
  });
});
