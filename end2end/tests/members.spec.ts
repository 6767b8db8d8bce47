import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test("la page d'une organisation présente ses représentants, sans leur adresse pour le public", async ({ page }) => {
  await page.goto('/membres');
  await page.getByRole('link', { name: 'Familles de France' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Familles de France');
  const representatives = page.getByRole('region', { name: 'Représentants' });
  await expect(representatives).toContainText('Marie Lefèvre');
  await expect(representatives.locator('a[href^="mailto:"]')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Propositions déposées' })).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});
