"""Reads Memoria's CSV export with Python's csv and zipfile modules and
prints what it found as JSON: the zip of nodes.csv and relationships.csv,
or one of them. It checks what neo4j-admin database import requires: the
header roles (:ID, :LABEL, :START_ID, :END_ID, :TYPE), a value in each, ids
that are unique, and relationships whose ends are nodes.

    python3 csv_check.py FILE
"""
import csv
import io
import json
import sys
import zipfile

path = sys.argv[1]
files = {}
if zipfile.is_zipfile(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            sys.exit(f"{bad}: bad CRC")
        for name in z.namelist():
            files[name] = z.read(name).decode("utf-8")
else:
    text = open(path, encoding="utf-8").read()
    header = text.split("\n", 1)[0]
    files["nodes.csv" if "id:ID" in header else "relationships.csv"] = text

out = {"files": sorted(files), "nodes": {}, "edges": {}}
if "nodes.csv" in files:
    rows = list(csv.DictReader(io.StringIO(files["nodes.csv"], newline="")))
    for row in rows:
        if not row["id:ID"] or not row[":LABEL"]:
            sys.exit(f"node without id or label: {row}")
        if row["id:ID"] in out["nodes"]:
            sys.exit(f"duplicate node id {row['id:ID']}")
        out["nodes"][row["id:ID"]] = row
if "relationships.csv" in files:
    rows = list(csv.DictReader(io.StringIO(files["relationships.csv"], newline="")))
    for row in rows:
        for col in (":START_ID", ":END_ID", ":TYPE"):
            if not row[col]:
                sys.exit(f"relationship without {col}: {row}")
        if out["nodes"] and (row[":START_ID"] not in out["nodes"] or row[":END_ID"] not in out["nodes"]):
            sys.exit(f"relationship {row['statement']} has an end that is not a node")
        out["edges"][row["statement"]] = row
json.dump(out, sys.stdout, ensure_ascii=False)
