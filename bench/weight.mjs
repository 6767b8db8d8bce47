// The first load of a page in Chromium (empty cache), with the bytes each
// kind of resource took on the wire (compressed, headers included), as a
// Markdown table. Usage: node bench/weight.mjs URL
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
const urls = new Map();
const bytes = new Map();
cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
await page.goto(url, { waitUntil: 'networkidle' });
await browser.close();

const kind = (u) => {
  const path = new URL(u).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'JavaScript';
  if (path.endsWith('.css')) return 'CSS';
  if (/\.(woff2?|ttf)$/.test(path)) return 'polices';
  if (/\.(svg|png|ico|jpe?g)$/.test(path)) return 'images';
  return 'HTML';
};
const totals = new Map();
for (const [id, size] of bytes) {
  const k = kind(urls.get(id) ?? url);
  totals.set(k, (totals.get(k) ?? 0) + size);
}
const all = [...totals.values()].reduce((a, b) => a + b, 0);
console.log('| ressource | octets transférés |');
console.log('|---|---:|');
for (const [k, size] of [...totals].sort()) console.log(`| ${k} | ${size.toLocaleString('fr-FR')} |`);
console.log(`| **total** | **${all.toLocaleString('fr-FR')}** |`);
