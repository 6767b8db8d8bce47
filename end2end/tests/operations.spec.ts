import { test, expect } from '@playwright/test';
import { ADMIN, signIn } from './session';

test('the health answers are plain and cheap, and every response has a request id', async ({ request }) => {
  const alive = await request.get('/sante/vivant');
  expect(alive.status()).toBe(200);
  expect(await alive.text()).toBe('vivant\n');
  const ready = await request.get('/sante/pret');
  expect(ready.status()).toBe(200);
  const text = await ready.text();
  expect(text).toContain('prêt\nbase de données : ok\nmigrations : ok\nenvoi des courriels : ok');

  const page = await request.get('/propositions');
  expect(page.headers()['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
  const quoted = await request.get('/propositions', { headers: { 'X-Request-Id': 'proxy-1234' } });
  expect(quoted.headers()['x-request-id']).toBe('proxy-1234');
});

test("a person's calendar feed answers at its secret address", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/compte/calendrier');
  await page.getByRole('button', { name: /^Créer une nouvelle adresse/ }).click();
  const feed = await page.getByLabel('Adresse de mon agenda').inputValue();
  expect(feed).toMatch(/\/calendrier\/[^/]+\.ics$/);
  // Through the recording proxy, which writes the token down for check-logs.mjs.
  const answer = await page.request.get(new URL(feed).pathname);
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain('BEGIN:VCALENDAR');
});
