import { execFileSync } from 'node:child_process';

/**
 * Two days go by for the lines waiting for `email`'s digests in the SQLite
 * database `database`: they are moved back (with Python's sqlite3), so that
 * the digest hour has passed since, and the server's worker sends the digest
 * at its next pass. Returns how many lines were moved.
 */
export function twoDaysLater(database: string, email: string): number {
  const script = `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
with db:
    moved = db.execute(
        "UPDATE digest_items SET created_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', created_at, '-2 days') "
        "WHERE digest_id IS NULL AND user_id = (SELECT id FROM users WHERE email = ?)",
        (sys.argv[2],),
    ).rowcount
print(moved)
`;
  return Number(execFileSync('/usr/bin/python3', ['-c', script, database, email]).toString().trim());
}
