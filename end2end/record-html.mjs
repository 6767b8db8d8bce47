// A pass-through proxy between the browser and the server under test that
// keeps a copy of every HTML page it carries, so that .ci/test can check
// every page the end-to-end suite visited with the Nu Html Checker.
//
// Usage: node record-html.mjs LISTEN_PORT SERVER_PORT OUT_DIR
import { createServer, request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import path from 'node:path';

const [listenPort, serverPort, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });

function decoded(body, encoding) {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

function keep(method, url, status, headers, body) {
  const type = String(headers['content-type'] ?? '');
  if (!type.startsWith('text/html') || body.length === 0) return;
  // One file per address and status: the last visit wins.
  const key = createHash('sha1').update(`${method} ${url} ${status}`).digest('hex').slice(0, 16);
  const html = decoded(body, headers['content-encoding']);
  writeFileSync(path.join(outDir, `${key}.html`), html);
  writeFileSync(path.join(outDir, `${key}.url`), `${method} ${url} ${status}\n`);
}

createServer((incoming, outgoing) => {
  const forward = request(
    {
      host: '127.0.0.1',
      port: serverPort,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      const chunks = [];
      answer.on('data', (chunk) => {
        chunks.push(chunk);
        outgoing.write(chunk);
      });
      answer.on('end', () => {
        outgoing.end();
        try {
          keep(incoming.method, incoming.url, answer.statusCode, answer.headers, Buffer.concat(chunks));
        } catch (error) {
          console.error(`record-html: ${incoming.url}: ${error}`);
        }
      });
    },
  );
  forward.on('error', (error) => {
    outgoing.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    outgoing.end(`record-html: ${error}`);
  });
  incoming.pipe(forward);
}).listen(Number(listenPort), '127.0.0.1');
