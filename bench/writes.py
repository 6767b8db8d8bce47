"""Counts, in the benchmark's database, the writes of the mixed scenario
(bench/mixed.lua): proposals submitted, supports, comments, proposals moved
to « retenue ». `count` prints them; `check` compares them with the counts
taken before the run and with what mixed.lua sent and was answered, and
prints the French summary line of the report (exit status 1 when a write
answered as done is missing, or when a write failed).

Usage: python3 bench/writes.py count DATABASE_URL MEMBER_EMAIL > before.txt
       python3 bench/writes.py check DATABASE_URL MEMBER_EMAIL before.txt mixed-out.txt"""
import sqlite3
import subprocess
import sys

QUERIES = {
    "submit": "SELECT count(*) FROM proposals WHERE title LIKE 'Proposition de charge %'",
    "support": "SELECT count(*) FROM proposal_supports s JOIN users u ON u.id = s.user_id "
               "WHERE u.email = '{member}'",
    "comment": "SELECT count(*) FROM proposal_events WHERE kind = 'comment' "
               "AND body LIKE 'Commentaire de charge %'",
    "status": "SELECT count(*) FROM proposals WHERE status = 'retenue'",
}


def scalar(url, sql):
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            return int(db.execute(sql).fetchone()[0])
    out = subprocess.run(["psql", url, "-qAt", "-c", sql], check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def counts(url, member):
    return {k: scalar(url, q.format(member=member)) for k, q in QUERIES.items()}


def read(path):
    pairs = (line.strip().split("=") for line in open(path) if "=" in line)
    return {k: int(v) for k, v in pairs}


mode, url, member = sys.argv[1:4]
if mode == "count":
    for k, v in counts(url, member).items():
        print(f"{k}={v}")
    sys.exit(0)

before = read(sys.argv[4])
sent = read(sys.argv[5])
after = counts(url, member)
written = {k: after[k] - before[k] for k in QUERIES}
total = sum(written.values())
labels = {"submit": "dépôts", "support": "soutiens", "comment": "commentaires", "status": "statuts"}
detail = ", ".join(f"{labels[k]} {written[k]}/{sent.get('sent_' + k, 0)}" for k in QUERIES)
lost = max(0, sent["ok_writes"] - total)
print(f"lectures réussies {sent['ok_reads']}, en échec {sent['failed_reads']} ; "
      f"écritures confirmées {sent['ok_writes']}, en échec {sent['failed_writes']} ; "
      f"en base (écrites/envoyées) : {detail} ; écritures perdues : {lost}")
sys.exit(1 if lost or sent["failed_writes"] or sent["failed_reads"] else 0)
