"""Picks, in the generated body, the proposals the mixed scenario writes to,
so that no two requests compete for the same one and no write is refused:

  supports.txt   references the member's organisation may support (not its
                 own, not supported yet, still open)
  statuses.txt   "reference version" of proposals under instruction in the
                 lead's group, which the lead moves to « retenue »
  commenters.txt e-mail addresses of members who comment: a person may post
                 only a few comments a minute, so comments come from many

Usage: python3 bench/candidates.py DATABASE_URL MEMBER_EMAIL LEAD_EMAIL COUNT OUT_DIR
(SQLite through Python's sqlite3, PostgreSQL through psql.)"""
import pathlib
import sqlite3
import subprocess
import sys

url, member, lead, count, out = sys.argv[1:6]
count = int(count)
out = pathlib.Path(out)

SUPPORTS = """
SELECT p.reference FROM proposals p
WHERE p.status IN ('en_instruction', 'retenue', 'en_cours')
  AND p.organisation_id <> (SELECT organisation_id FROM users WHERE email = '{member}')
  AND NOT EXISTS (SELECT 1 FROM proposal_supports s WHERE s.proposal_id = p.id
      AND s.organisation_id = (SELECT organisation_id FROM users WHERE email = '{member}'))
ORDER BY p.id LIMIT {count}
"""

STATUSES = """
SELECT p.reference, p.version FROM proposals p
WHERE p.status = 'en_instruction'
  AND p.working_group_id IN (SELECT id FROM working_groups
      WHERE lead_user_id = (SELECT id FROM users WHERE email = '{lead}'))
ORDER BY p.id LIMIT {count}
"""

# Enough people that each posts under the limit of 5 comments a minute: the
# mixed run of 04/12/2026 posted some 930 a minute (2 % of 729 requests a
# second), which 100 people could not (867 were refused, rightly).
COMMENTERS = """
SELECT email FROM users WHERE role = 'member' AND active AND password_hash IS NOT NULL
ORDER BY id LIMIT 500
"""


def rows(sql):
    sql = sql.format(member=member, lead=lead, count=count)
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            return [tuple(str(c) for c in r) for r in db.execute(sql)]
    result = subprocess.run(["psql", url, "-qAt", "-F", " ", "-c", sql], check=True,
                            capture_output=True, text=True)
    return [tuple(line.split(" ")) for line in result.stdout.splitlines() if line]


out.joinpath("supports.txt").write_text("".join(f"{r[0]}\n" for r in rows(SUPPORTS)))
out.joinpath("statuses.txt").write_text("".join(f"{r[0]} {r[1]}\n" for r in rows(STATUSES)))
out.joinpath("commenters.txt").write_text("".join(f"{r[0]}\n" for r in rows(COMMENTERS)))
