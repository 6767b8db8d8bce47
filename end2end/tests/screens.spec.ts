import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { tabTo } from './keyboard';
import { DEMO, expectNoAxeViolation, record, signIn } from './session';

// Every screen, every way of reading (RGAA 10.11, 12.x): the main pages at
// three widths and at 200 % zoom, for a visitor and for each role, with no
// axe violation and no sideways scrolling of the page; the same pages in
// forced colours (Windows high contrast) with reduced motion; the header's
// menu on a phone, with and without JavaScript; and the visitor's journey
// done with the keyboard alone.

const WIDTHS = [320, 768, 1280];
/** A window of 1 280 × 800 pixels zoomed to 200 %: 640 × 400 CSS pixels, each drawn twice as large. */
const ZOOMED = { width: 640, height: 400 };
/** Pages audited by one test, so that each stays well within its timeout. */
const PAGES_A_TEST = 8;

/**
 * A page found from another one: the first link of `from`'s content to an
 * address under `under`, other than a form that creates one.
 */
interface Found {
  label: string;
  from: string;
  under: string;
}

interface Role {
  name: string;
  account?: { email: string; password: string };
  pages: (string | Found)[];
}

const group: Found = { label: '/groupes/…', from: '/groupes', under: '/groupes/' };
const meeting: Found = { label: '/reunions/…', from: '/instance', under: '/reunions/' };
const proposal: Found = { label: '/propositions/…', from: '/propositions', under: '/propositions/' };

const ROLES: Role[] = [
  {
    name: 'visiteur',
    pages: [
      '/', '/instance', '/groupes', '/membres', '/propositions', '/demarches', '/campagnes', '/connexion',
      group, meeting, proposal,
      { label: '/membres/…', from: '/membres', under: '/membres/' },
      { label: '/demarches/…', from: '/demarches', under: '/demarches/' },
      { label: '/campagnes/…', from: '/campagnes', under: '/campagnes/' },
    ],
  },
  {
    name: 'secrétariat',
    account: DEMO.secretariat,
    pages: [
      '/tableau-de-bord', '/admin/comptes', '/admin/journal', '/admin/mise-en-place', '/admin/identite',
      '/admin/demarches', '/admin/facile-a-lire', '/reunions/nouvelle', '/compte/sessions', group, meeting,
    ],
  },
  {
    name: 'pilote',
    account: DEMO.lead,
    pages: ['/tableau-de-bord', '/compte/notifications', '/compte/calendrier', group, meeting, proposal],
  },
  {
    name: 'membre',
    account: DEMO.member,
    pages: ['/tableau-de-bord', '/propositions/nouvelle', '/compte', '/compte/sessions', proposal],
  },
];

function labelOf(target: string | Found): string {
  return typeof target === 'string' ? target : target.label;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The page scrolls not sideways: nothing reaches past the right edge of the viewport. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const beyond = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, beyond };
  });
  expect(
    overflow.scrollWidth,
    `${page.url()} scrolls sideways by ${overflow.scrollWidth - overflow.clientWidth} px: ${overflow.beyond.join(', ')}`,
  ).toBeLessThanOrEqual(overflow.clientWidth);
}

/**
 * In forced colours, what the DSFR draws with a background stays visible:
 * its icons keep their colour (drawn with `currentColor` over a mask, they
 * would vanish into the forced background), buttons keep a border, table
 * cells their rules, and a link that takes the focus shows it.
 */
async function expectForcedColoursKept(page: Page) {
  const lost = await page.evaluate(() => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const describe = (el: Element) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">`;
    const found: string[] = [];
    for (const el of document.querySelectorAll('main [class*="fr-icon-"], main [class*="fr-fi-"]')) {
      const before = getComputedStyle(el, '::before');
      if (visible(el) && before.content !== 'none' && before.forcedColorAdjust !== 'none' && before.maskImage !== 'none') {
        found.push(`icon lost: ${describe(el)}`);
      }
    }
    for (const el of document.querySelectorAll('main .fr-btn')) {
      const style = getComputedStyle(el);
      if (visible(el) && parseFloat(style.borderTopWidth) === 0 && style.outlineStyle === 'none' && !style.boxShadow.includes('px')) {
        found.push(`button without an edge: ${describe(el)}`);
      }
    }
    for (const el of document.querySelectorAll('main .fr-table td')) {
      if (visible(el) && parseFloat(getComputedStyle(el).borderTopWidth) === 0) found.push(`table cell without rules: ${describe(el)}`);
    }
    return found.slice(0, 5);
  });
  expect(lost, `${page.url()} in forced colours`).toEqual([]);
}

/** With reduced motion asked for, nothing moves: no transition, no animation, no smooth scrolling. */
async function expectNoMotion(page: Page) {
  const moving = await page.evaluate(() => {
    const seconds = (list: string) => Math.max(...list.split(',').map((d) => (d.trim().endsWith('ms') ? parseFloat(d) / 1000 : parseFloat(d))));
    const found: string[] = [];
    for (const el of [document.documentElement, ...document.querySelectorAll('body *')]) {
      for (const style of [getComputedStyle(el), getComputedStyle(el, '::before'), getComputedStyle(el, '::after')]) {
        if (seconds(style.transitionDuration) > 0.001 || seconds(style.animationDuration) > 0.001) {
          found.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">`);
          break;
        }
      }
    }
    if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') found.push('smooth scrolling');
    return found.slice(0, 5);
  });
  expect(moving, `${page.url()} with reduced motion`).toEqual([]);
}

/** A new context signed in as `account` (or a visitor's), and the addresses of the role's found pages. */
async function prepare(browser: Browser, testInfo: TestInfo, role: Role) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'fr-FR' });
  const page = await context.newPage();
  if (role.account) await signIn(page, role.account.email, role.account.password);
  const addresses = new Map<string, string>();
  for (const target of role.pages) {
    if (typeof target === 'string') continue;
    await page.goto(target.from);
    const link = `a[href^="${target.under}"]:not([href$="/nouvelle"]):not([href$="/nouveau"])`;
    const href = await page.locator('main').locator(link).first().getAttribute('href');
    expect(href, `a link ${link} on ${target.from}`).toBeTruthy();
    addresses.set(target.label, href!);
  }
  const state = await context.storageState();
  await context.close();
  return { state, addresses };
}

for (const role of ROLES) {
  test.describe(`chaque écran, ${role.name}`, () => {
    let cookies: Awaited<ReturnType<typeof prepare>>['state']['cookies'] = [];
    let addresses = new Map<string, string>();
    test.beforeAll(async ({ browser }, testInfo) => {
      const prepared = await prepare(browser, testInfo, role);
      cookies = prepared.state.cookies;
      addresses = prepared.addresses;
    });

    /** Visits each page of `labels`, as the role, and runs `check` on it. */
    async function visit(page: Page, labels: string[], check: (page: Page, path: string) => Promise<void>) {
      await page.context().addCookies(cookies);
      for (const label of labels) {
        const path = addresses.get(label) ?? label;
        await page.goto(path);
        // Neither sent to the sign-in page nor elsewhere.
        expect(new URL(page.url()).pathname).toBe(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await check(page, path);
      }
    }

    for (const targets of chunks(role.pages, PAGES_A_TEST)) {
      const labels = targets.map(labelOf);
      for (const width of WIDTHS) {
        test(`à ${width} px, sans défilement horizontal ni violation axe : ${labels.join(', ')}`, async ({ page }) => {
          await page.setViewportSize({ width, height: 800 });
          await visit(page, labels, async (page) => {
            await expectNoSidewaysScroll(page);
            await expectNoAxeViolation(page);
          });
        });
      }

      test.describe('zoom à 200 %', () => {
        test.use({ viewport: ZOOMED, deviceScaleFactor: 2 });
        test(`sans défilement horizontal, menu atteignable : ${labels.join(', ')}`, async ({ page }) => {
          await visit(page, labels, async (page, path) => {
            await expectNoSidewaysScroll(page);
            // The navigation stays within reach: the menu button, or the menu itself.
            const menu = page.locator('#bouton-menu');
            const nav = page.getByRole('navigation', { name: 'Menu principal' });
            expect((await menu.isVisible()) || (await nav.isVisible()), `${path}: the menu within reach`).toBe(true);
            record({ kind: 'zoom', path });
          });
        });
      });

      test(`en couleurs forcées, sans animation : ${labels.join(', ')}`, async ({ page }) => {
        await page.emulateMedia({ forcedColors: 'active', reducedMotion: 'reduce' });
        await visit(page, labels, async (page, path) => {
          await expectForcedColoursKept(page);
          await expectNoMotion(page);
          // The focus stays visible: the first link of the content, reached by the keyboard.
          const link = page.locator('main a[href]').first();
          if ((await link.count()) > 0 && (await link.isVisible())) {
            await tabTo(page, link, `the first link of ${path}`, 200);
          }
          record({ kind: 'forced-colours', path });
        });
      });
    }
  });
}

test.describe('le menu sur un téléphone (375 px)', () => {
  test.use({ viewport: { width: 375, height: 700 } });

  test.describe('sans JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('« Menu » ouvre le menu, ses liens mènent aux rubriques, « Fermer » le ferme', async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Menu principal' });
      const opener = page.locator('#bouton-menu');
      await expect(nav).toBeHidden();
      await expect(opener).toBeVisible();

      await opener.click();
      await expect(nav).toBeVisible();
      // The tools' links, hidden on a phone, are in the menu.
      await expect(page.locator('#menu-principal').getByRole('link', { name: 'Se connecter' })).toBeVisible();
      await page.getByRole('link', { name: 'Fermer le menu' }).click();
      await expect(nav).toBeHidden();
      await expect(opener).toBeFocused();

      for (const [label, path, heading] of [
        ['Propositions', '/propositions', "Propositions d'amélioration"],
        ['Groupes de travail', '/groupes', 'Groupes de travail'],
      ]) {
        await opener.click();
        await nav.getByRole('link', { name: label, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`${path}$`));
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await expect(nav).toBeHidden();
        await expect(page.locator('#navigation [aria-current="page"]')).toHaveText(label);
      }
    });

    test('le lien d’évitement « Menu » ouvre le menu', async ({ page }) => {
      await page.goto('/groupes');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.locator('.fr-skiplinks').getByRole('link', { name: 'Menu', exact: true })).toBeFocused();
      await page.keyboard.press('Enter');
      const nav = page.getByRole('navigation', { name: 'Menu principal' });
      await expect(nav).toBeVisible();
      await page.keyboard.press('Tab');
      await expect(nav.getByRole('link', { name: 'Instance', exact: true })).toBeFocused();
    });
  });

  test('avec JavaScript, sur une page à île, le menu s’ouvre et mène au compte', async ({ page }) => {
    // Signed in on a large screen, where « Se déconnecter » shows in the header.
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, DEMO.member.email, DEMO.member.password);
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto('/propositions/nouvelle');
    await page.waitForLoadState('networkidle');
    const menu = page.locator('#menu-principal');
    await page.locator('#bouton-menu').click();
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();
    await expect(menu.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await menu.getByRole('link', { name: DEMO.member.name }).click();
    await expect(page).toHaveURL(/\/compte$/);
    await expect(menu).toBeHidden();
  });
});

test.describe('au clavier seul, sur un téléphone', () => {
  test.use({ viewport: { width: 375, height: 700 } });

  test('lien d’évitement, menu, connexion par le formulaire, puis une rubrique', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    await expect(page.locator('.fr-skiplinks').getByRole('link', { name: 'Contenu', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#contenu')).toBeFocused();

    // Back to the top: the menu button, then its « Se connecter ».
    await page.goto('/');
    const opener = page.locator('#bouton-menu');
    await tabTo(page, opener, '« Menu »');
    await page.keyboard.press('Enter');
    const menu = page.locator('#menu-principal');
    await expect(menu.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();
    await tabTo(page, menu.getByRole('link', { name: 'Se connecter' }), '« Se connecter » in the menu');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/connexion$/);

    await tabTo(page, page.getByLabel('Adresse électronique'), 'the e-mail field');
    await page.keyboard.type(DEMO.member.email);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Mot de passe')).toBeFocused();
    await page.keyboard.type(DEMO.member.password);
    await tabTo(page, page.getByRole('button', { name: 'Se connecter' }), 'the submit button');
    await page.keyboard.press('Enter');
    await expect(page).not.toHaveURL(/\/connexion/);

    await tabTo(page, opener, '« Menu », signed in');
    await page.keyboard.press('Enter');
    await expect(menu.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await tabTo(page, menu.getByRole('link', { name: 'Propositions', exact: true }), '« Propositions » in the menu');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Propositions d'amélioration");
    record({ kind: 'keyboard', profile: 'visiteur' });
  });
});
