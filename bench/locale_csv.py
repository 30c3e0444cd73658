"""Copies a generated data set, rewriting its CSV files as French Excel
writes them: `;` between fields and decimal commas. Usage:
locale_csv.py FROM TO. Other files are copied as they are."""
import csv, re, shutil, sys
from pathlib import Path

DECIMAL = re.compile(r"^-?\d+\.\d+$")

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(src.rglob("*")):
    target = dst / path.relative_to(src)
    if path.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    elif path.suffix == ".csv":
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(path, newline="") as f, open(target, "w", newline="") as g:
            out = csv.writer(g, delimiter=";", lineterminator="\n")
            for row in csv.reader(f):
                out.writerow([c.replace(".", ",") if DECIMAL.match(c) else c for c in row])
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
