import { expect, test } from '@playwright/test';
import { HOME, PUBLIC_PAGES } from './pages';

test.describe('hydratation', () => {
  for (const target of PUBLIC_PAGES) {
    test(`${target.path} se charge et s’hydrate sans erreur`, async ({ page }) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          const where = message.location();
          errors.push(`console.error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
        }
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      const wasm: { url: string; status: number }[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname.endsWith('.wasm')) {
          wasm.push({ url: response.url(), status: response.status() });
        }
      });

      const response = await page.goto(target.path);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState('networkidle');

      await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.heading);
      expect(wasm.length, 'the wasm bundle was requested').toBeGreaterThan(0);
      expect(wasm.filter((w) => w.status !== 200), 'the wasm bundle was served').toEqual([]);
      expect(errors, `no error in the console:\n${errors.join('\n')}`).toEqual([]);
    });
  }

  test('une fois hydratée, la navigation se fait sans recharger la page', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });

    await page.goto(HOME.path);
    await page.waitForLoadState('networkidle');
    // A marker that a full page load would wipe out.
    await page.evaluate(() => ((window as unknown as { ecouteMarker: string }).ecouteMarker = 'toujours là'));
    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(request.url());
    });

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Membres', exact: true }).click();
    await expect(page).toHaveURL(/\/membres$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Membres de l'instance");
    await expect(page.getByRole('main').getByRole('rowheader', { name: /Familles de France/ })).toBeVisible();
    await expect(page).toHaveTitle(/^Membres — Écoute$/);

    expect(documents, 'client-side navigation loads no new document').toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { ecouteMarker?: string }).ecouteMarker)).toBe('toujours là');
    expect(errors, `no error in the console:\n${errors.join('\n')}`).toEqual([]);
  });
});
