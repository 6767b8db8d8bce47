// Writes a Brotli (.br) and a gzip (.gz) copy, at their highest levels, next
// to each text or WebAssembly file of the built site, so that the server
// sends those rather than compressing the same bytes again at each request.
//
// Usage: node style/precompress.mjs target/site   (run by `make build`)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2];
const compressible = /\.(wasm|js|css|svg|json|txt|ico)$/;

let before = 0;
let after = 0;
for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !compressible.test(entry.name)) continue;
  const path = join(entry.parentPath, entry.name);
  const bytes = await readFile(path);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  await writeFile(`${path}.br`, br);
  await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  before += bytes.length;
  after += br.length;
}
console.log(`${root}: ${before} bytes of assets, ${after} in Brotli`);
