import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { NOT_FOUND, PUBLIC_PAGES } from './pages';

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

/** One line per violation and its targets, to fix them from the report. */
function describe(violations: Violations): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((node) => `    - ${node.target.join(' ')}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
        .join('\n');
      return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

test.describe('accessibilité (axe-core, WCAG 2.1 A et AA)', () => {
  for (const target of [...PUBLIC_PAGES, NOT_FOUND]) {
    test(`${target.path} n’a aucune violation`, async ({ page }) => {
      await page.goto(target.path);
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.heading);

      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();

      expect(results.violations.map((v) => v.id), `axe violations on ${target.path}:\n${describe(results.violations)}`).toEqual([]);
    });
  }
});
