import { expect, test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';

// Pages are rendered on the server; only their islands (the forms sent in
// the background, the previews) run in the browser.
test.describe('hydratation des îles', () => {
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
});
