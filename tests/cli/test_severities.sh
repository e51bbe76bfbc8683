#!/bin/sh
# test_severities.sh - every finding in every golden report has a severity
# its rule's row in the table lists (--list-rules "severity"), and every row
# lists only info, warning and error: the table is the one place that says
# what a rule can conclude.
. "$(dirname "$0")/lib.sh"

run "$HIVEDIAG" --list-rules -o json
expect_rc 0 "--list-rules"
if out=$(/usr/bin/python3 - "$TMP/out" "$TOP"/tests/golden/*.json <<'PY' 2>&1
import json, re, sys
rules = {r["id"]: r["severity"] for r in json.load(open(sys.argv[1], encoding="utf-8"))}
bad = []
for rid, sev in rules.items():
    words = set(re.findall(r"[a-z]+", sev)) - {"or", "to"}
    if not words or not words <= {"info", "warning", "error"}:
        bad.append(f"rule {rid}: severity {sev!r}")
order = ["info", "warning", "error"]
def allowed(sev):
    if " to " in sev:
        lo, hi = sev.split(" to ")
        return set(order[order.index(lo):order.index(hi) + 1])
    return set(re.findall(r"info|warning|error", sev))
seen = 0
for path in sys.argv[2:]:
    reports = json.load(open(path, encoding="utf-8"))
    for r in reports if isinstance(reports, list) else [reports]:
        for f in r.get("findings", []) + r.get("ignored_findings", []):
            seen += 1
            if f["severity"] not in allowed(rules[f["id"]]):
                bad.append(f"{path}: {f['id']} is {f['severity']}, its row says {rules[f['id']]}")
if bad:
    print("\n".join(bad)); sys.exit(1)
print(f"{seen} findings, {len(rules)} rules")
PY
); then ok "findings' severities are their rows' ($out)"; else not_ok "severities disagree with the table" "$out"; fi
finish
