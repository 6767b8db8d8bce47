import { expect, test } from '@playwright/test';
import { BODY_NAME, HOME, NOT_FOUND } from './pages';

test.describe('page introuvable', () => {
  test('répond 404 avec une page en français', async ({ request }) => {
    const response = await request.get(NOT_FOUND.path);
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain(NOT_FOUND.heading);
  });

  test('dit que la page n’existe pas et ramène à l’accueil', async ({ page }) => {
    const response = await page.goto(NOT_FOUND.path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(NOT_FOUND.heading);
    await expect(page).toHaveTitle(`Page non trouvée — ${BODY_NAME}`);
    // The site's header and navigation stay there to find one's way.
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();

    const home = page.getByRole('main').getByRole('link', { name: "Page d'accueil" });
    await expect(home).toHaveAttribute('href', '/');
    await home.click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOME.heading);
  });
});
