"""Writes bench/RESULTS.md from the rows bench/run collected."""
import datetime
import pathlib
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

# The budgets of issue 6, each said met or missed.
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

budgets = []
for backend in ours:
    p99 = cell(backend, "propositions, filtre et recherche", 4)
    ratio = ours[backend] / nginx_rps if nginx_rps else 0
    budgets.append(f"- {backend}, propositions filtrées et cherchées : p99 {p99} ms (< 50), "
                   f"{ratio:.0%} de nginx (≥ 15 %) : {verdict(p99 is not None and p99 < 50 and ratio >= 0.15)}")
    p99 = cell(backend, "proposition, 200 événements", 4)
    signed_in = cell(backend, "proposition, 200 événements, connecté", 4)
    budgets.append(f"- {backend}, proposition à 200 événements : p99 {p99} ms (< 30) : "
                   f"{verdict(p99 is not None and p99 < 30)} ; connecté, rendue à chaque requête : "
                   f"p99 {signed_in} ms : {verdict(signed_in is not None and signed_in < 30)}")
    report = cell(backend, "bilan annuel", 4)
    budgets.append(f"- {backend}, bilan annuel d'une année, connecté : p99 {report} ms (< 1 000) : "
                   f"{verdict(report is not None and report < 1000)}")
    errors, rss = cell(backend, "mixte", 5), cell(backend, "mixte", 7)
    budgets.append(f"- {backend}, scénario mixte : {errors:.0f} erreurs, RSS max {rss:.0f} Mo (< 150) : "
                   f"{verdict(errors == 0 and rss is not None and rss < 150)}"
                   if errors is not None and rss is not None else f"- {backend}, scénario mixte : pas mesuré")
weight = out.joinpath("weight.md")
if weight.exists():
    total = [l for l in weight.read_text().splitlines() if "total" in l]
    if total:
        kb = int("".join(ch for ch in total[0] if ch.isdigit())) / 1000
        budgets.append(f"- premier chargement de la page des propositions : {kb:.0f} ko (< 400) : {verdict(kb < 400)}")
if budgets:
    print("\n## Budgets\n")
    print("\n".join(budgets))
weight = out.joinpath("weight.md")
if weight.exists():
    print("\n## Poids du premier chargement de la page des propositions\n")
    print(weight.read_text())
mixed_files = sorted(out.glob("mixed-*.txt"))
if mixed_files:
    print("## Écritures du scénario mixte\n")
    for f in mixed_files:
        print(f"- {f.stem.removeprefix('mixed-')} : {f.read_text().strip()}")
