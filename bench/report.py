"""Writes bench/RESULTS.md from the rows bench/run collected."""
import datetime
import json
import pathlib
import re
import sys

out, divide, duration, mixed, connections = sys.argv[1:6]
out = pathlib.Path(out)
rows = out.joinpath("rows.md").read_text().splitlines()
size = "taille réelle" if divide == "1" else f"taille divisée par {divide}"

nginx_rps = None
ours = {}
for line in rows:
    cells = [c.strip() for c in line.strip("|").split("|")]
    if cells[0] == "nginx":
        nginx_rps = float(cells[2])
    elif cells[1] == "propositions, filtre et recherche":
        ours[cells[0]] = float(cells[2])

print("# Écoute — benchmarks\n")
print(f"Mesuré le {datetime.date.today():%d/%m/%Y} par `bench/run` ({size}, "
      f"{connections} connexions, {duration} par page, {mixed} pour le scénario mixte), "
      "serveur en build release sur la même machine que wrk.\n")
print("## Génération du jeu d'essai\n")
print("| base | résultat |\n|---|---|")
print(out.joinpath("generation.md").read_text())
print("## Débit et latence\n")
print("| base | page | requêtes/s | p50 (ms) | p99 (ms) | erreurs | requêtes | RSS max du serveur (Mo) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
print("\n".join(rows))
if nginx_rps:
    print("\n## Rapport à nginx (page des propositions servie en fichier statique)\n")
    for backend, rps in ours.items():
        print(f"- {backend} : {rps / nginx_rps:.1%} du débit de nginx")

# The budgets (issue 19, and the annual report's of issue 20), each said
# met or missed.
def cell(backend, page, index):
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == backend and cells[1].startswith(page):
            try:
                return float(cells[index].replace(" ", ""))
            except ValueError:
                return None
    return None


def verdict(ok):
    return "tenu" if ok else "**manqué**"


def p99_budget(backend, page, label, limit):
    p99 = cell(backend, page, 4)
    if p99 is None:
        return f"- {backend}, {label} : pas mesuré"
    return f"- {backend}, {label} : p99 {p99:g} ms (< {limit}) : {verdict(p99 < limit)}"


def lost_writes(backend):
    found = out.joinpath(f"mixed-{backend}.txt")
    if not found.exists():
        return None
    text = found.read_text()
    lost = re.search(r"écritures perdues : (\d+)", text)
    failed = re.search(r"écritures confirmées \d+, en échec (\d+)", text)
    return (int(lost.group(1)) if lost else None, int(failed.group(1)) if failed else None)


backends = sorted({c[0] for c in ([x.strip() for x in l.strip("|").split("|")] for l in rows)} - {"nginx"})
budgets = []
for backend in backends:
    varied = "propositions, recherches et filtres variés"
    p99, rps = cell(backend, varied, 4), cell(backend, varied, 2)
    if p99 is not None and rps is not None and nginx_rps:
        ratio = rps / nginx_rps
        budgets.append(f"- {backend}, recherches et filtres variés, connecté : p99 {p99:g} ms (< 50), "
                       f"{ratio:.1%} du débit de nginx (≥ 10 %) : {verdict(p99 < 50 and ratio >= 0.10)}")
    p99, errors = cell(backend, "mixte", 4), cell(backend, "mixte", 5)
    writes = lost_writes(backend)
    if p99 is not None and errors is not None and writes:
        lost, failed = writes
        budgets.append(f"- {backend}, scénario mixte : p99 {p99:g} ms (< 100), {errors:.0f} erreur(s), "
                       f"{failed} écriture(s) en échec, {lost} perdue(s) : "
                       f"{verdict(p99 < 100 and errors == 0 and failed == 0 and lost == 0)}")
    budgets.append(p99_budget(backend, "proposition, 200 événements, connecté",
                              "proposition à 200 événements, connecté", 15))
    budgets.append(p99_budget(backend, "flux iCalendar", "flux iCalendar privé", 30))
    budgets.append(p99_budget(backend, "bilan annuel", "bilan annuel d'une année, connecté, une requête à la fois", 1000))
    peak = max((cell(backend, c[1], 7) or 0 for c in
                ([x.strip() for x in l.strip("|").split("|")] for l in rows) if c[0] == backend), default=0)
    budgets.append(f"- {backend}, mémoire du serveur sur toute la série : RSS max {peak:.0f} Mo (< 100) : "
                   f"{verdict(0 < peak < 100)}")
html = out.joinpath("html.md")
if html.exists():
    for line in html.read_text().splitlines():
        backend, page, size = [c.strip() for c in line.strip("|").split("|")]
        kb = int(size) / 1000
        budgets.append(f"- {backend}, HTML de « {page} » pour qui l'écrit (responsable connecté) : "
                       f"{kb:.0f} ko (< 150) : {verdict(kb < 150)}")
weight = out.joinpath("weight.md")
if weight.exists():
    total = [l for l in weight.read_text().splitlines() if "total" in l]
    if total:
        kb = int("".join(ch for ch in total[0] if ch.isdigit())) / 1000
        budgets.append(f"- premier chargement de la page des propositions, compressé : {kb:.0f} ko (< 200) : "
                       f"{verdict(kb < 200)}")
lighthouse = []
for name in ("accueil", "propositions", "proposition"):
    found = out.joinpath(f"lighthouse-{name}.json")
    if not found.exists():
        continue
    audits = json.loads(found.read_text())["audits"]
    lcp = audits["largest-contentful-paint"]["numericValue"]
    tbt = audits["total-blocking-time"]["numericValue"]
    fcp = audits["first-contentful-paint"]["numericValue"]
    lighthouse.append(f"| {name} | {fcp:.0f} | {lcp:.0f} | {tbt:.0f} |")
    budgets.append(f"- Lighthouse, {name} : LCP {lcp:.0f} ms (< 1 000), TBT {tbt:.0f} ms (0) : "
                   f"{verdict(lcp < 1000 and tbt == 0)}")
if budgets:
    print("\n## Budgets\n")
    print("\n".join(budgets))
if lighthouse:
    print("\n## Lighthouse (réglages par défaut : mobile, 4G lente simulée)\n")
    print("| page | FCP (ms) | LCP (ms) | TBT (ms) |\n|---|---:|---:|---:|")
    print("\n".join(lighthouse))
if html.exists():
    print("\n## HTML d'une page pour qui l'écrit (non compressé, octets)\n")
    print("| base | page | octets |\n|---|---|---:|")
    print(html.read_text())
weight = out.joinpath("weight.md")
if weight.exists():
    print("\n## Poids du premier chargement de la page des propositions\n")
    print(weight.read_text())
mixed_files = sorted(out.glob("mixed-*.txt"))
if mixed_files:
    print("## Écritures du scénario mixte\n")
    for f in mixed_files:
        print(f"- {f.stem.removeprefix('mixed-')} : {f.read_text().strip()}")
