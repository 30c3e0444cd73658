"""Writes a JSON Lines export as the CSV its tool also offers: nested keys
joined with dots (`ticket.number`), null and absent values empty.
A line that is not a JSON object (a sample's deliberately malformed
line) is left out: it has no CSV form. Usage: jsonl_to_csv.py IN.jsonl
OUT.csv (standard library only)."""
import csv, json, sys

def flat(obj, prefix=""):
    for key, value in obj.items():
        if isinstance(value, dict):
            yield from flat(value, prefix + key + ".")
        else:
            yield prefix + key, value

def objects(path):
    for line in open(path, encoding="utf-8"):
        try:
            value = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            yield value

rows = [dict(flat(obj)) for obj in objects(sys.argv[1])]
columns = list(dict.fromkeys(k for row in rows for k in row))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
