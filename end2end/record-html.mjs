// A pass-through proxy between the browser and the server under test that
// keeps a copy of every HTML page it carries, so that .ci/test can check
// every page the end-to-end suite visited with the Nu Html Checker, and
// writes down every secret it carries (session cookies, passwords posted,
// tokens in addresses: secrets.cjs) so that check-logs.mjs can make sure
// the server logged none of them.
//
// Usage: node record-html.mjs LISTEN_PORT SERVER_PORT OUT_DIR [SECRETS_FILE]
import { createServer, request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import secrets from './secrets.cjs';

const { secretsInRequest, secretsInResponse, recordSecrets } = secrets;
import { createHash } from 'node:crypto';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import path from 'node:path';

const [listenPort, serverPort, outDir, secretsFile] = process.argv.slice(2);
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
      if (secretsFile) recordSecrets(secretsFile, secretsInResponse(answer.headers));
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
  const sent = [];
  incoming.on('data', (chunk) => {
    sent.push(chunk);
    forward.write(chunk);
  });
  incoming.on('end', () => {
    forward.end();
    if (secretsFile) recordSecrets(secretsFile, secretsInRequest(incoming.url, incoming.headers, Buffer.concat(sent)));
  });
}).listen(Number(listenPort), '127.0.0.1');
