// The part of the State design system (DSFR) that Écoute uses, as one
// stylesheet: the DSFR's CSS and icon classes, kept only where a selector
// names a class, element or attribute that appears in the application's
// source. Every page loads it, so it is kept small.
//
// Usage: node style/subset.mjs OUTPUT.css   (run by .ci/tools on every build;
// writes fonts.css beside OUTPUT.css)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PurgeCSS } from 'purgecss';
import { FRENCH_RANGE } from './french.mjs';

const dsfr = 'node_modules/@gouvfr/dsfr/dist';
const output = process.argv[2];

// What sanitised Markdown may produce, which the source never spells out.
const markdownElements = [
  'blockquote', 'code', 'pre', 'hr', 'em', 'strong', 'img', 'ol', 'ul', 'li',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'del', 'ins', 'sup', 'sub', 'a', 'p',
];

const main = await readFile(`${dsfr}/dsfr.main.min.css`, 'utf8');
// The icon classes point to their SVG files from utility/icons/; the subset
// lives next to icons/.
const icons = (await readFile(`${dsfr}/utility/icons/icons.main.min.css`, 'utf8')).replaceAll('../../icons/', 'icons/');

const results = await new PurgeCSS().purge({
  content: ['app/src/**/*.rs', 'server/src/**/*.rs'],
  css: [{ raw: main }, { raw: icons }],
  safelist: { standard: markdownElements, greedy: [/^:root/] },
  // The whole DSFR palette is in custom properties that other rules read.
  variables: false,
  keyframes: false,
  fontFace: false,
});
// Fonts are served subset to French and in WOFF2 only (fonts.mjs).
const css = results
  .map((r) => r.css)
  .join('\n')
  .replace(/,url\(([^)]*)\.woff\) format\("woff"\)/g, '')
  .replace(/@font-face\{/g, `@font-face{unicode-range:${FRENCH_RANGE};`);
// The icons the kept rules draw, written into the stylesheet once each as a
// custom property: a first visit then makes no request per icon, which on a
// slow mobile network kept the page's largest paint some 300 ms behind its
// first (Lighthouse, bench/run).
const files = [...new Set([...css.matchAll(/url\((icons\/[^)]+\.svg)\)/g)].map((m) => m[1]))].sort();
const property = (file) => `--ecoute-${file.slice('icons/'.length, -'.svg'.length).replace(/[^a-z0-9]+/gi, '-')}`;
const declarations = await Promise.all(
  files.map(async (file) => {
    const svg = (await readFile(`${dsfr}/${file}`, 'utf8')).trim();
    return `${property(file)}:url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
  }),
);
const inlined = `:root{${declarations.join(';')}}\n${css.replace(/url\((icons\/[^)]+\.svg)\)/g, (_, file) => `var(${property(file)})`)}`;
// The fonts' rules go in a stylesheet of their own, next to this one, which
// the page's head links once the first paint is done (app.rs,
// AFTER_FIRST_PAINT): the text shows at once in a system font, and the
// fonts' 95 kB never stand between a slow connection and the first sight of
// the page.
const fontFaces = inlined.match(/@font-face\{[^}]*\}/g) ?? [];
const withoutFonts = inlined.replace(/@font-face\{[^}]*\}/g, '');
await writeFile(output, withoutFonts);
await writeFile(path.join(path.dirname(output), 'fonts.css'), `${fontFaces.join('\n')}\n`);
console.log(`${output}: ${withoutFonts.length} bytes, ${files.length} icons inlined, ${fontFaces.length} fonts apart (DSFR: ${main.length + icons.length})`);
