import { expect, Locator, Page } from '@playwright/test';

// Moving through a page with the keyboard alone (RGAA 10.7, 12.8): each
// element the Tab key reaches shows its focus, and no positive tabindex
// reorders the page.

/** Describes the focused element, for assertion messages. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> ${text}`;
  });
}

/**
 * The focused element shows it: an outline or a shadow on itself or on the
 * box the DSFR draws over it (`::before` of a link that enlarges to its
 * block), or, for the check boxes and radio buttons the DSFR draws in their
 * label, on the label's drawn box.
 */
async function expectFocusVisible(page: Page) {
  const shown = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return true;
    const ring = (style: CSSStyleDeclaration) =>
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const drawn = (target: Element) =>
      ring(getComputedStyle(target)) || ring(getComputedStyle(target, '::before')) || ring(getComputedStyle(target, '::after'));
    if (drawn(el)) return true;
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    return label !== null && drawn(label);
  });
  expect(shown, `the focus on ${await focused(page)} is visible`).toBe(true);
}

/** No element takes the focus out of the page's order. */
export async function expectNoPositiveTabindex(page: Page) {
  const reordered = await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex^="-"])').count();
  expect(reordered, `${page.url()}: elements with a positive tabindex`).toBe(0);
}

/** Presses Tab until `target` has the focus, at most `most` times, each focus visible. */
export async function tabTo(page: Page, target: Locator, what: string, most = 60) {
  await expectNoPositiveTabindex(page);
  for (let presses = 0; presses < most; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
    await expectFocusVisible(page);
  }
  throw new Error(`${what} not reached within ${most} Tab presses; focus is on ${await focused(page)}`);
}

/** Chooses the option of a focused list whose text starts with `label`, with the arrow keys. */
export async function arrowTo(page: Page, select: Locator, label: string) {
  const chosen = () => select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text.trim() ?? '');
  for (let presses = 0; presses < 40; presses++) {
    if ((await chosen()).startsWith(label)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`« ${label} » not reached with the arrow keys; the list shows « ${await chosen()} »`);
}

/** Signs in from the sign-in page with the keyboard alone. */
export async function signInByKeyboard(page: Page, account: { email: string; password: string }) {
  await page.goto('/connexion');
  await tabTo(page, page.getByLabel('Adresse électronique'), 'the e-mail field');
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Mot de passe')).toBeFocused();
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}
