import { expect, Page, test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';
import { ADMIN, signIn } from './session';

// Pages are rendered on the server. Only their islands (the forms sent in
// the background, the previews) run in the browser, and only a page with an
// island loads the script and the WebAssembly that wake it.

/** Records console errors, page errors and WebAssembly downloads of `page`. */
function watch(page: Page) {
  const errors: string[] = [];
  const wasm: { url: string; status: number }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      errors.push(`console.error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) {
      wasm.push({ url: response.url(), status: response.status() });
    }
  });
  return { errors, wasm };
}

test.describe('îles', () => {
  for (const target of PUBLIC_PAGES) {
    test(`${target.path} s’affiche sans script ni WebAssembly, sans erreur`, async ({ page }) => {
      const { errors, wasm } = watch(page);
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.url());
      });

      const response = await page.goto(target.path);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState('networkidle');

      await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.heading);
      expect(wasm, 'no WebAssembly on a page without an island').toEqual([]);
      expect(scripts, 'no script on a page without an island').toEqual([]);
      expect(errors, `no error in the console:\n${errors.join('\n')}`).toEqual([]);
    });
  }

  test('l’éditeur du compte rendu, une île, se réveille sans erreur et prévisualise le texte', async ({ page }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/groupes');
    await page.getByRole('link', { name: /^Groupe 2/ }).click();
    await page.getByRole('region', { name: 'Réunions' }).getByRole('link').first().click();
    const minutes = `${new URL(page.url()).pathname}/compte-rendu`;
    // Watched from the island's page on: the pages before it are covered,
    // signed out, by the tests above.
    await page.waitForLoadState('networkidle');
    const { errors, wasm } = watch(page);
    await page.goto(minutes);
    await expect(page.getByLabel('Texte du compte rendu')).toBeVisible();
    await page.waitForLoadState('networkidle');

    await page.getByLabel('Texte du compte rendu').fill('## Relevé de décisions\n\n- **Adopté** à l’unanimité.');
    await expect(async () => {
      await page.getByRole('button', { name: 'Prévisualiser' }).click();
      await expect(page.locator('.ecoute-preview strong')).toHaveText('Adopté', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    expect(wasm.length, 'the WebAssembly was loaded').toBeGreaterThan(0);
    expect(wasm.filter((w) => w.status !== 200), 'and served').toEqual([]);
    expect(errors, `no error in the console:\n${errors.join('\n')}`).toEqual([]);
  });
});
