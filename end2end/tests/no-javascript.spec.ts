import { expect, Page, test } from '@playwright/test';
import { HOME, LOADING, PUBLIC_PAGES, REFERENCE } from './pages';

// Every page must work from the server-rendered HTML alone.
test.use({ javaScriptEnabled: false });

/** What each page must show from the seeded database. */
const CONTENT: Record<string, (page: Page) => Promise<void>> = {
  '/': async (page) => {
    const next = page.getByRole('region', { name: 'Prochaine réunion' });
    await expect(next).toContainText('Convocations envoyées');
    await expect(next.locator('time[datetime]')).toHaveCount(1);
    const groups = page.getByRole('region', { name: 'Groupes de travail' });
    for (const n of [1, 2, 3]) {
      await expect(groups.getByRole('heading', { level: 3, name: new RegExp(`^Groupe ${n}\\b`) })).toBeVisible();
    }
    await expect(page.getByRole('region', { name: 'Dernières propositions' })).toContainText(REFERENCE);
  },
  '/instance': async (page) => {
    const third = page.getByRole('main').getByRole('listitem').filter({ hasText: /3e session/ });
    await expect(third).toHaveCount(1);
    await expect(third).toContainText('2 juillet 2019');
  },
  '/groupes': async (page) => {
    await expect(page.getByRole('heading', { level: 3, name: /^Groupe 1\b.*plus grand nombre/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: /^Groupe 2\b.*simplifier/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: /^Groupe 3\b.*handicap/ })).toBeVisible();
  },
  '/membres': async (page) => {
    const main = page.getByRole('main');
    await expect(main.getByRole('rowheader', { name: /Familles de France/ })).toBeVisible();
    await expect(main.getByRole('rowheader', { name: /Secours populaire/ })).toBeVisible();
  },
  '/propositions': async (page) => {
    const main = page.getByRole('main');
    await expect(main).toContainText(REFERENCE);
    await expect(main).not.toContainText('Aucune proposition publiée');
  },
  '/demarches': async (page) => {
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2, name: "Carte nationale d'identité" })).toBeVisible();
    await expect(main.getByRole('heading', { level: 2, name: "Certificat d'immatriculation" })).toBeVisible();
    await expect(main.getByRole('heading', { level: 3 }).first()).toBeVisible();
  },
  '/bilan': async (page) => {
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: 'Bilan 2019', exact: true })).toBeVisible();
    await expect(main.getByRole('link', { name: /^Bilan présenté à la 3e session/ })).toBeVisible();
    await expect(main.getByRole('link', { name: /^Depuis l'instantané de la 4e session/ })).toBeVisible();
  },
  '/campagnes': async (page) => {
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: "Tests utilisateurs à la préfecture du Val-d'Oise" })).toBeVisible();
  },
};

test.describe('sans JavaScript', () => {
  for (const target of PUBLIC_PAGES) {
    test(`${target.path} s’affiche entièrement depuis le serveur`, async ({ page }) => {
      const response = await page.goto(target.path);
      expect(response?.status()).toBe(200);

      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.heading);
      await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();
      await CONTENT[target.path](page);
      await expect(page.locator('body')).not.toContainText(LOADING);
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }

  test('le texte prend la police Marianne', async ({ page }) => {
    const font = page.waitForResponse((r) => r.url().endsWith('/dsfr/fonts/Marianne-Regular.woff2'));
    await page.goto(HOME.path);
    expect((await font).status()).toBe(200);
    await expect(page.locator('link[rel=stylesheet][href="/dsfr/fonts.css"]')).toHaveCount(1);
  });

  test('le lien d’évitement mène au contenu', async ({ page }) => {
    await page.goto(HOME.path);
    await page.keyboard.press('Tab');
    await expect(page.locator('.fr-skiplinks').getByRole('link', { name: 'Contenu', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#contenu$/);
    await expect(page.locator('main#contenu')).toBeFocused();
  });

  test('les liens du menu principal mènent aux rubriques', async ({ page }) => {
    await page.goto(HOME.path);
    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(new URL(request.url()).pathname);
    });
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await nav.getByRole('link', { name: 'Propositions', exact: true }).click();
    await expect(page).toHaveURL(/\/propositions$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Propositions d'amélioration");
    await expect(nav.locator('[aria-current="page"]')).toHaveText('Propositions');
    // Without JavaScript, the server renders the new page.
    expect(documents).toEqual(['/propositions']);
  });

  test('la connexion ramène à la page demandée, sans JavaScript', async ({ page }) => {
    await page.goto('/admin/journal');
    await expect(page).toHaveURL(/\/connexion\?retour=/);
    await page.getByLabel('Adresse électronique').fill('secretariat@interieur.gouv.fr');
    await page.getByLabel('Mot de passe').fill('le secrétariat général veille');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/admin\/journal$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Journal des actions' })).toBeVisible();
  });
});
