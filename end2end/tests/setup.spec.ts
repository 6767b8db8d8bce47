import { Browser, expect, Page, test } from '@playwright/test';
import { ADMIN, DEMO, expectNoAxeViolation, signIn } from './session';
import { BODY_NAME } from './pages';

/**
 * The secretariat, signed in. The set-up pages have no island: they load no
 * script and their forms post as plain forms (the last test runs them with
 * JavaScript off; axe-core needs it on to run).
 */
async function secretariat(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  return page;
}

test('la mise en place présente ses étapes et mène à leurs pages de gestion', async ({ browser }) => {
  const admin = await secretariat(browser);
  await admin.getByRole('link', { name: 'Mise en place' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: "Mise en place de l'instance" })).toBeVisible();
  for (const step of ["Identité de l'instance", 'Groupes de travail', 'Catalogue des démarches', 'Organisations membres', 'Premières invitations']) {
    await expect(admin.getByRole('heading', { level: 2, name: step })).toBeVisible();
  }
  await expect(admin.getByRole('button', { name: 'Retirer les données de démonstration' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByRole('link', { name: 'Gérer le catalogue' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Catalogue des démarches' })).toBeVisible();
});

test("l'identité de l'instance se corrige, garde la saisie refusée et s'affiche partout", async ({ browser }) => {
  const admin = await secretariat(browser);
  await admin.goto('/admin/identite');
  await expect(admin.getByRole('heading', { level: 1, name: "Identité de l'instance" })).toBeVisible();
  await expectNoAxeViolation(admin);
  const name = admin.getByLabel("Nom de l'instance");
  await expect(name).toHaveValue(BODY_NAME);

  // Refused: the message is next to the field, what was typed stays.
  await name.fill(' ');
  await admin.getByLabel('Devise').fill('Une devise tapée');
  await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
  await expect(admin.getByRole('alert')).toContainText("Indiquez le nom de l'instance");
  await expect(admin.getByLabel('Devise')).toHaveValue('Une devise tapée');
  await expect(admin.getByLabel("Nom de l'instance")).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.locator('#identity-name-erreur')).toContainText("Indiquez le nom de l'instance");
  await expectNoAxeViolation(admin);

  await admin.getByLabel("Nom de l'instance").fill('Comité des usagers <en essai>');
  await admin.getByLabel('Devise').fill('');
  await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
  await expect(admin.getByText("L'identité de l'instance est enregistrée.")).toBeVisible();
  await expect(admin.locator('.fr-header__service-title')).toHaveText('Comité des usagers <en essai>');
  await expect(admin).toHaveTitle('Mise en place — Comité des usagers <en essai>');
  await admin.goto('/');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Comité des usagers <en essai>');

  // Back to the demo's name, which the other tests read.
  await admin.goto('/admin/identite');
  await admin.getByLabel("Nom de l'instance").fill(BODY_NAME);
  await admin.getByLabel('Devise').fill('Démarches en ligne des titres sécurisés');
  await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
  await expect(admin.locator('.fr-header__service-title')).toHaveText(BODY_NAME);
});

test('un groupe de travail se crée puis s’archive, listé à part', async ({ browser }) => {
  const admin = await secretariat(browser);
  await admin.goto('/groupes');
  await admin.getByRole('link', { name: 'Créer un groupe de travail' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Créer un groupe de travail' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Intitulé').fill('Accueil téléphonique des usagers');
  await admin.getByLabel('Mandat').fill('Écouter les appels au **centre de contact**.');
  await admin.getByLabel('Pilote').selectOption({ label: DEMO.lead.name });
  await admin.getByRole('button', { name: 'Créer le groupe' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: /^Groupe \d+ — Accueil téléphonique des usagers$/ })).toBeVisible();
  await expect(admin.getByText(`Pilote : ${DEMO.lead.name}`)).toBeVisible();
  await expectNoAxeViolation(admin);

  await admin.getByRole('button', { name: 'Archiver le groupe' }).click();
  await expect(admin.getByText('Ce groupe est archivé')).toBeVisible();
  await admin.goto('/groupes');
  const archived = admin.getByRole('region', { name: 'Groupes archivés' });
  await expect(archived.getByRole('link', { name: /Accueil téléphonique des usagers/ })).toBeVisible();
  await expectNoAxeViolation(admin);
});

test('le catalogue des démarches s’enrichit, s’ordonne et retire une démarche sans script', async ({ browser }) => {
  const admin = await secretariat(browser);
  await admin.goto('/admin/demarches');
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Nom de la famille').fill('Titres de séjour');
  await admin.getByRole('button', { name: 'Ajouter la famille' }).click();
  const family = admin.getByRole('region', { name: 'Titres de séjour' });
  await expect(family).toContainText('Aucune démarche dans cette famille.');

  await family.getByRole('link', { name: /Ajouter une démarche/ }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Ajouter une démarche' })).toBeVisible();
  await expect(admin.getByLabel('Famille')).toHaveValue('titres-de-sejour');
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Nom de la démarche').fill('Renouvellement du titre de séjour');
  await admin.getByLabel('Adresse de la démarche en ligne').fill('ftp://exemple.fr');
  await admin.getByRole('button', { name: 'Ajouter la démarche' }).click();
  await expect(admin.locator('#procedure-url-erreur')).toContainText('https://');
  await expect(admin.getByLabel('Nom de la démarche')).toHaveValue('Renouvellement du titre de séjour');
  await admin.getByLabel('Adresse de la démarche en ligne').fill('');
  await admin.getByRole('button', { name: 'Ajouter la démarche' }).click();
  await expect(admin.getByText('Le catalogue est enregistré.')).toBeVisible();

  await family.getByRole('link', { name: /Ajouter une démarche/ }).click();
  await admin.getByLabel('Nom de la démarche').fill('Première demande de titre de séjour');
  await admin.getByRole('button', { name: 'Ajouter la démarche' }).click();
  const rows = family.getByRole('rowheader');
  await expect(rows).toHaveText(['Renouvellement du titre de séjour', 'Première demande de titre de séjour']);
  await family.getByRole('button', { name: 'Monter la démarche « Première demande de titre de séjour »' }).click();
  await expect(rows).toHaveText(['Première demande de titre de séjour', 'Renouvellement du titre de séjour']);

  await family.getByRole('button', { name: 'Retirer la démarche « Renouvellement du titre de séjour »' }).click();
  await expect(family.getByRole('row', { name: /Renouvellement du titre de séjour/ })).toContainText('Retirée');
  await admin.goto('/demarches');
  await expect(admin.getByRole('heading', { level: 2, name: 'Titres de séjour' })).toBeVisible();
  await expectNoAxeViolation(admin);
});

test('une campagne de tests se crée depuis le menu, se corrige et se clôt', async ({ browser }) => {
  const admin = await secretariat(browser);
  await admin.goto('/');
  await admin.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Campagnes de tests' }).click();
  await admin.getByRole('link', { name: 'Créer une campagne de tests' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Créer une campagne de tests' })).toBeVisible();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Titre', { exact: true }).fill('Tests à la préfecture du Nord');
  await admin.getByLabel('Lieu').fill('Préfecture du Nord, Lille');
  await admin.getByLabel('Date (ou premier jour)').fill('2024-05-02');
  await admin.getByLabel('Dernier jour').fill('2024-05-01');
  await admin.getByRole('textbox', { name: /^Participants/ }).fill('Dix usagers du point numérique');
  await admin.getByLabel('Organisée avec').selectOption({ label: 'La Poste' });
  await admin.locator('label', { hasText: "Déclaration de cession d'un véhicule" }).click();
  await admin.getByLabel('Constats').fill('- Le **code de cession** n’est pas compris.');
  await admin.getByRole('button', { name: 'Créer la campagne' }).click();
  await expect(admin.locator('#campaign-ends-on-erreur')).toContainText('ne peut pas précéder');
  await expect(admin.getByLabel('Titre', { exact: true })).toHaveValue('Tests à la préfecture du Nord');
  await expect(admin.getByLabel("Déclaration de cession d'un véhicule")).toBeChecked();
  await expectNoAxeViolation(admin);
  await admin.getByLabel('Dernier jour').fill('2024-05-03');
  await admin.getByRole('button', { name: 'Créer la campagne' }).click();

  await expect(admin.getByRole('heading', { level: 1, name: 'Tests à la préfecture du Nord' })).toBeVisible();
  await expect(admin.getByText('La campagne est enregistrée.')).toBeVisible();
  await expect(admin.getByRole('region', { name: 'Constats' }).locator('strong')).toHaveText('code de cession');
  await admin.getByRole('link', { name: 'Modifier la campagne' }).click();
  await admin.getByRole('textbox', { name: /^Participants/ }).fill('Douze usagers du point numérique');
  await admin.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(admin.getByText('Douze usagers du point numérique')).toBeVisible();
  await admin.getByRole('button', { name: 'Clore la campagne' }).click();
  await expect(admin.getByText('Campagne close')).toBeVisible();
  await expect(admin.getByRole('link', { name: 'Créer une proposition à partir de cette campagne' })).toHaveCount(0);
  await expectNoAxeViolation(admin);
});

test('les formulaires de la mise en place fonctionnent sans JavaScript', async ({ browser }) => {
  const admin = await secretariat(browser, false);
  await admin.goto('/admin/identite');
  await admin.getByLabel("Nom de l'instance").fill(' ');
  await admin.getByLabel('Présentation').fill('Une présentation tapée sans script.');
  await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
  await expect(admin.getByRole('alert')).toContainText("Indiquez le nom de l'instance");
  await expect(admin.getByLabel('Présentation')).toHaveValue('Une présentation tapée sans script.');

  await admin.goto('/admin/demarches');
  await admin.getByLabel('Nom de la famille').fill('Cartes de stationnement');
  await admin.getByRole('button', { name: 'Ajouter la famille' }).click();
  await expect(admin.getByText('Le catalogue est enregistré.')).toBeVisible();
  const family = admin.getByRole('region', { name: 'Cartes de stationnement' });
  await family.getByRole('button', { name: 'Monter la famille « Cartes de stationnement »' }).click();
  await expect(admin.getByText('Le catalogue est enregistré.')).toBeVisible();
  await family.getByRole('button', { name: 'Retirer la famille « Cartes de stationnement »' }).click();
  await expect(family.getByRole('heading', { level: 2 })).toContainText('Retirée');
});

test('la démonstration se visite avec chacun de ses comptes', async ({ browser }) => {
  for (const [who, heading] of [
    [DEMO.secretariat, 'Mise en place'],
    [DEMO.lead, 'Tableau de bord'],
    [DEMO.member, 'Tableau de bord'],
  ] as const) {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signIn(page, who.email, who.password);
    await expect(page.getByRole('link', { name: who.name })).toBeVisible();
    await expect(page.getByRole('link', { name: heading })).toBeVisible();
    await page.close();
  }
});
