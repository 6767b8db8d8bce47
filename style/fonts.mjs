// The DSFR's fonts, cut down to the characters French text uses
// (french.mjs) and kept in WOFF2 only, which every browser Écoute supports
// reads: about half their weight, which is most of a first visit's download.
// A character outside the set (a name in another script) is drawn by a
// system font instead.
//
// Usage: node style/fonts.mjs OUTPUT_DIR   (run by .ci/tools)
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import subsetFont from 'subset-font';
import { FRENCH_TEXT } from './french.mjs';

const source = 'node_modules/@gouvfr/dsfr/dist/fonts';
const output = process.argv[2];

await mkdir(output, { recursive: true });
let before = 0;
let after = 0;
for (const file of (await readdir(source)).filter((f) => f.endsWith('.woff2'))) {
  const font = await readFile(path.join(source, file));
  const subset = await subsetFont(font, FRENCH_TEXT, { targetFormat: 'woff2' });
  await writeFile(path.join(output, file), subset);
  before += font.length;
  after += subset.length;
}
console.log(`${output}: fonts ${before} → ${after} bytes`);
