#!/usr/bin/python3
"""validate.py SCHEMA FILE - check that FILE (one JSON document, a JSON array
of reports, or NDJSON) holds reports valid against the JSON Schema."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
try:
    docs = [json.loads(text)]
except json.JSONDecodeError:
    docs = [json.loads(line) for line in text.splitlines() if line.strip()]
reports = []
for d in docs:
    reports.extend(d if isinstance(d, list) else [d])
if not reports:
    sys.exit("no report found")
validator = jsonschema.Draft202012Validator(schema)
# -r --verbose lists skipped files as {"path", "skipped"} lines: $defs/skipped.
skipped = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/skipped"})
bad = 0
for i, rep in enumerate(reports):
    v = skipped if isinstance(rep, dict) and "skipped" in rep else validator
    for err in v.iter_errors(rep):
        bad += 1
        print(f"report {i}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
sys.exit(1 if bad else 0)
