import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What pair/serve.sh set up, under target/pair. */
const PAIR = path.resolve(__dirname, '../../target/pair');
export const PORT = Number(process.env.PAIR_PORT ?? '3300');
/** The two servers behind nginx, as its access log names them. */
export const SERVERS = [`127.0.0.1:${PORT + 2}`, `127.0.0.1:${PORT + 3}`];

/** A statement on the run's PostgreSQL database, its rows as text. */
export function sql(statement: string): string[] {
  const url = readFileSync(path.join(PAIR, 'database_url'), 'utf8').trim();
  const out = execFileSync('psql', [url, '-qAt', '-c', statement]).toString().trim();
  return out === '' ? [] : out.split('\n');
}

function accessLog(): string[] {
  return readFileSync(path.join(PAIR, 'nginx', 'ecoute.access.log'), 'utf8').split('\n').filter((l) => l !== '');
}

/** Where nginx's access log stands now. */
export function mark(): number {
  return accessLog().length;
}

/**
 * The server that answered each request nginx passed on since `from`
 * (requests for the files nginx serves itself have none), in order.
 */
export async function upstreamsSince(from: number): Promise<string[]> {
  // nginx writes a request's line once it has answered it.
  await new Promise((r) => setTimeout(r, 200));
  return accessLog()
    .slice(from)
    .map((line) => line.match(/ amont=(\S+) /)?.[1] ?? '-')
    .filter((upstream) => upstream !== '-');
}

/** Requests went to both servers, one after the other in turn. */
export function alternate(upstreams: string[]): boolean {
  return (
    SERVERS.every((s) => upstreams.includes(s)) &&
    upstreams.every((u) => SERVERS.includes(u)) &&
    upstreams.every((u, i) => i === 0 || u !== upstreams[i - 1])
  );
}

/** Runs the `ecoute` binary with the run's database, as an operator does. */
export function ecoute(...args: string[]): string {
  const url = readFileSync(path.join(PAIR, 'database_url'), 'utf8').trim();
  return execFileSync(path.resolve(__dirname, '../../target/debug/ecoute'), args, {
    env: { ...process.env, DATABASE_URL: url, RUST_LOG: 'warn' },
  }).toString();
}
