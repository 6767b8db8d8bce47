import { expect, Page, test } from '@playwright/test';
import { BODY_NAME, HOME, SECTIONS } from './pages';

const MAX_TABS = 40;

/** Describes the focused element, for assertion messages. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> ${text}`;
  });
}

/**
 * Presses Tab until the focused element is a link of the main navigation
 * reading `label`, at most MAX_TABS times.
 */
async function tabToNavLink(page: Page, label: string): Promise<void> {
  const isWanted = () =>
    page.evaluate((wanted) => {
      const el = document.activeElement;
      return (
        el instanceof HTMLAnchorElement &&
        el.closest('nav#navigation') !== null &&
        (el.textContent ?? '').trim() === wanted
      );
    }, label);
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if (await isWanted()) return;
    await page.keyboard.press('Tab');
  }
  expect(await isWanted(), `« ${label} » reached within ${MAX_TABS} Tab presses; focus is on ${await focused(page)}`).toBe(true);
}

test.describe('navigation au clavier', () => {
  test('le premier Tab atteint le lien d’évitement « Contenu », qui mène au contenu', async ({ page }) => {
    await page.goto(HOME.path);
    await page.waitForLoadState('networkidle');

    await page.keyboard.press('Tab');
    const skip = page.locator('.fr-skiplinks').getByRole('link', { name: 'Contenu', exact: true });
    await expect(skip, `first focus is the skip link, not ${await focused(page)}`).toBeFocused();
    await expect(skip).toHaveAttribute('href', '#contenu');
    // Focused, the DSFR skip links slide into view.
    await expect(skip).toBeInViewport();

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#contenu$/);
    const main = page.locator('main#contenu');
    await expect(main).toBeFocused();
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('contenu');

    // The next Tab goes on inside the main content, not back to the header.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.querySelector('main#contenu')?.contains(document.activeElement)),
      `after the skip link, Tab stays in the content; focus is on ${await focused(page)}`,
    ).toBe(true);
  });

  test('le menu principal est visible sur grand écran et mène à chaque rubrique', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(HOME.path);
    await page.waitForLoadState('networkidle');

    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await expect(nav).toBeVisible();
    await expect(nav).toHaveAttribute('id', 'navigation');
    await expect(nav.getByRole('link')).toHaveText(SECTIONS.map((s) => s.navLabel!));
    for (const section of SECTIONS) {
      await expect(nav.getByRole('link', { name: section.navLabel, exact: true })).toBeInViewport();
    }
    // On the home page, no section is the current one.
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(0);

    for (const section of SECTIONS) {
      await tabToNavLink(page, section.navLabel!);
      await page.keyboard.press('Enter');

      await expect(page).toHaveURL(new RegExp(`${section.path}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(section.heading);
      await expect(page).toHaveTitle(new RegExp(` — ${BODY_NAME}$`));

      const current = nav.locator('[aria-current="page"]');
      await expect(current).toHaveCount(1);
      await expect(current).toHaveText(section.navLabel!);
      await expect(current).toHaveAttribute('href', section.path);
    }
  });
});
