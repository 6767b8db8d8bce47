import { expect, test } from '@playwright/test';
import { tabTo } from './keyboard';
import { expectNoAxeViolation } from './session';

// The one search page, without JavaScript as with it: a typing mistake is
// forgiven and the corrected search offered; results are grouped by kind.

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('« capcha » mène, au clavier, à la proposition sur le captcha et propose « captcha »', async ({ page }) => {
    await page.goto('/recherche');
    await tabTo(page, page.getByLabel('Mots recherchés'), 'the search field');
    await page.keyboard.type('capcha lecteur');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/recherche\?q=capcha\+lecteur$/);

    const proposals = page.getByRole('region', { name: /^Propositions/ });
    await expect(proposals.getByRole('link', { name: "Rendre le captcha accessible aux lecteurs d'écran" })).toBeVisible();
    await expect(page.getByRole('region', { name: /^Comptes rendus/ })).toBeVisible();
    await expect(page.getByRole('region', { name: /^Réunions/ })).toBeVisible();

    await page.goto('/recherche?q=smarphone');
    await page.getByRole('link', { name: 'smartphone', exact: true }).click();
    await expect(page).toHaveURL(/q=smartphone/);
    await expect(page.getByRole('link', { name: /justificatifs photographiés au smartphone/ })).toBeVisible();
  });
});

test('la page de recherche et sa correction, sans violation axe', async ({ page }) => {
  for (const query of ['capcha+lecteur', 'smarphone']) {
    await page.goto(`/recherche?q=${query}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Rechercher' })).toBeVisible();
    await expectNoAxeViolation(page);
  }
});
