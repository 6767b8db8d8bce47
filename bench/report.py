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
weight = out.joinpath("weight.md")
if weight.exists():
    print("\n## Poids du premier chargement de la page des propositions\n")
    print(weight.read_text())
mixed_files = sorted(out.glob("mixed-*.txt"))
if mixed_files:
    print("## Écritures du scénario mixte\n")
    for f in mixed_files:
        print(f"- {f.stem.removeprefix('mixed-')} : {f.read_text().strip()}")
