import { expect, test, Browser, Page } from '@playwright/test';
import { ADMIN, expectNoAxeViolation, signIn } from './session';

// The procedures' quality indicators: the secretariat records a value with
// the form and imports a CSV file after its dry run, without JavaScript;
// the procedure's page draws them as a chart (SVG from the server) with
// their table, beside the days its proposals were delivered.

async function signedInAdmin(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  return page;
}

const SOURCE = 'Observatoire « Vos démarches essentielles », T1 2024';

test.describe.serial('indicateurs des démarches', () => {
  test('sans JavaScript, le secrétariat enregistre une valeur, puis importe un fichier après son essai à blanc', async ({ browser }) => {
    test.setTimeout(60_000);
    const page = await signedInAdmin(browser, false);
    await page.goto('/admin/indicateurs');
    await expect(page.getByRole('heading', { level: 1, name: 'Indicateurs de qualité des démarches' })).toBeVisible();

    // A bad value is sent back with its message, what was typed kept.
    await page.getByLabel('Démarche', { exact: true }).selectOption('passeport-pre-demande');
    await page.getByLabel('Indicateur', { exact: true }).selectOption('satisfaction');
    await page.getByLabel('Date de la mesure').fill('2024-03-31');
    await page.getByRole('textbox', { name: /^Valeur/ }).fill('12');
    await page.getByRole('textbox', { name: /^Source/ }).fill(SOURCE);
    await page.getByRole('button', { name: 'Enregistrer la valeur' }).click();
    await expect(page.getByRole('alert')).toContainText('« 12 » ne convient pas pour « Satisfaction des usagers »');
    await expect(page.getByRole('textbox', { name: /^Source/ })).toHaveValue(SOURCE);

    await page.getByRole('textbox', { name: /^Valeur/ }).fill('6,2');
    await page.getByRole('button', { name: 'Enregistrer la valeur' }).click();
    await expect(page.getByRole('status')).toContainText('La valeur est enregistrée.');
    const recorded = page.getByRole('table', { name: /^Valeurs enregistrées/ });
    await expect(recorded.getByRole('row').filter({ hasText: 'Pré-demande de passeport' }).filter({ hasText: '6,2/10' })).toHaveCount(1);

    // A file with a bad line: refused whole, with the line's number.
    await page.goto('/admin/indicateurs/import');
    await expect(page.getByRole('heading', { level: 2, name: 'Format du fichier' })).toBeVisible();
    await page.getByLabel('Ou collez le contenu du fichier').fill(
      [
        'demarche;indicateur;date;valeur;source',
        'passeport-pre-demande;satisfaction;2025-03-31;7;Observatoire T1 2025',
        'passeport-pre-demande;satisfaction;2026-03-31;beaucoup;Observatoire T1 2026',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Vérifier le fichier (essai à blanc)' }).click();
    await expect(page.getByRole('alert')).toContainText('Le fichier est refusé : rien ne sera importé');
    await expect(page.locator('#erreurs')).toContainText('Ligne 3 : « beaucoup » ne convient pas');
    await expect(page.getByRole('button', { name: /^Importer/ })).toHaveCount(0);

    // The corrected file: the dry run says what it will change, then it is imported.
    await page.getByRole('link', { name: 'Vérifier un fichier corrigé' }).click();
    // Sent as a file the way a spreadsheet in French saves it: Windows-1252 (« é » is one byte, 0xE9).
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'indicateurs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'demarche;indicateur;date;valeur;source',
          'passeport-pre-demande;satisfaction;2025-03-31;7;Observatoire T1 2025',
          'passeport-pre-demande;satisfaction;31/03/2026;7,4;"Observatoire; T1 2026, révisé"',
        ].join('\r\n'),
        'latin1',
      ),
    });
    await page.getByRole('button', { name: 'Vérifier le fichier (essai à blanc)' }).click();
    await expect(page.getByText("Rien n'est encore enregistré. L'import ajouterait 2 valeur(s) et en remplacerait 0.")).toBeVisible();
    const changes = page.getByRole('table', { name: /^Ce que l'import changera/ });
    await expect(changes.getByRole('row')).toHaveCount(3);
    await expect(changes).toContainText('Observatoire; T1 2026, révisé');
    await page.getByRole('button', { name: 'Importer ces 2 valeur(s)' }).click();
    await expect(page.getByRole('status')).toContainText('Le fichier est importé : 2 valeur(s) enregistrée(s).');

    // The procedure's page: the chart and its table, from the server alone.
    await page.goto('/demarches/passeport-pre-demande');
    const chart = page.getByRole('img', { name: /^Satisfaction des usagers/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator('circle.ecoute-chart__point')).toHaveCount(3);
    await expect(page.getByText('De 6,2/10 en mars 2024 à 7,4/10 en mars 2026 ; aucune proposition réalisée sur cette période.').first()).toBeVisible();
    const table = page.getByRole('table', { name: 'Satisfaction des usagers : valeurs relevées' });
    await expect(table.getByRole('row')).toHaveCount(4);
    for (const value of ['6,2/10', '7/10', '7,4/10']) {
      await expect(table).toContainText(value);
    }
  });

  test("la page d'une démarche de la démonstration montre ses valeurs d'exemple et ses propositions réalisées", async ({ page }) => {
    await page.goto('/demarches/cni-pre-demande');
    const chart = page.getByRole('img', { name: /^Satisfaction des usagers/ });
    await expect(chart.locator('circle.ecoute-chart__point')).toHaveCount(6);
    await expect(chart.locator('path.ecoute-chart__delivery')).toHaveCount(2);
    await expect(page.getByText('ce ne sont pas des chiffres officiels')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Satisfaction des usagers : valeurs relevées' })).toContainText('Exemple, non officiel');
    const delivered = page.getByRole('table', { name: /^Propositions réalisées sur cette démarche/ });
    await expect(delivered.getByRole('row')).toHaveCount(3);
    await expect(delivered).toContainText('20 juin 2019');
    await expect(delivered).toContainText('15 octobre 2019');
  });

  test('les pages des indicateurs, sans violation axe', async ({ browser }) => {
    test.setTimeout(60_000);
    const page = await signedInAdmin(browser, true);
    for (const path of ['/admin/indicateurs', '/admin/indicateurs/import', '/demarches/cni-pre-demande', '/demarches/passeport-pre-demande']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoAxeViolation(page);
    }
    await page.goto('/admin/indicateurs/import');
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'indicateurs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('demarche;indicateur;date;valeur;source\ncni-pre-demande;duree;2024-03-31;14;Observatoire T1 2024\n'),
    });
    await page.getByRole('button', { name: 'Vérifier le fichier (essai à blanc)' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Essai à blanc de l'import" })).toBeVisible();
    await expectNoAxeViolation(page);

    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/demarches/cni-pre-demande');
    await expect(visitor.getByRole('heading', { level: 2, name: 'Qualité de la démarche' })).toBeVisible();
    await expectNoAxeViolation(visitor);
  });
});
