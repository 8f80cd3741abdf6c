#!/usr/bin/env python3
"""Writes ci/nightly's report: summary.json (machines) and summary.md (people) in $OUT, from the
steps table (steps.tsv), the step logs, crosscheck.json and the findings folders."""
import glob
import json
import os
import re

OUT = os.environ["OUT"]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def number(pattern, text, cast=int):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else None


steps = []
for line in read(os.path.join(OUT, "steps.tsv")).splitlines():
    name, kind, result, seconds, status, summary = (line.split("\t") + [""] * 6)[:6]
    steps.append({"name": name, "kind": kind, "result": result, "seconds": int(seconds or 0),
                  "status": int(status or 0), "summary": summary, "log": "logs/%s.log" % name})

campaign_log = read(os.path.join(OUT, "logs", "campaign.log"))
campaign = {
    "executions": number(r"summary: (\d+) executions", campaign_log),
    "execsPerSecond": number(r"\((\d+) exec/s\)", campaign_log),
}
m = re.search(r"^divergences: (\d+)", campaign_log, re.M)
campaign["divergences"] = int(m.group(1)) if m else None

spec = {}
for step in steps:
    if step["name"].startswith("spec-"):
        m = re.search(r"(\d+) files: (\d+) passed, (\d+) failed, (\d+) skipped", step["summary"])
        spec[step["name"]] = ({"files": int(m.group(1)), "passed": int(m.group(2)), "failed": int(m.group(3)),
                               "skipped": int(m.group(4))} if m else {"result": step["result"]})

unit_log = read(os.path.join(OUT, "logs", "unit-tests.log"))
unit = {"swiftTesting": number(r"Test run with (\d+) tests", unit_log),
        "xctest": number(r"Executed (\d+) tests", unit_log)}

crosscheck = None
try:
    with open(os.path.join(OUT, "crosscheck.json")) as f:
        crosscheck = json.load(f)
except (OSError, ValueError):
    pass

findings = []
for folder in sorted(glob.glob(os.path.join(OUT, "findings", "*", ""))):
    try:
        with open(os.path.join(folder, "report.json")) as f:
            report = json.load(f)
    except (OSError, ValueError):
        report = {}
    minimized = sorted(os.path.relpath(p, OUT) for p in glob.glob(os.path.join(folder, "minimized", "*")))
    findings.append({"folder": os.path.relpath(folder, OUT).rstrip("/"), "kind": report.get("kind"),
                     "detail": report.get("detail") or report.get("ours") or report.get("wasmTools"),
                     "report": report, "minimized": minimized})

failed = [s["name"] for s in steps if s["result"] == "fail"]
summary = {
    "started": os.environ.get("STARTED"), "finished": os.environ.get("FINISHED"),
    "quick": os.environ.get("QUICK") == "1", "seed": os.environ.get("SEED"),
    "budgetSeconds": int(os.environ.get("BUDGET", "0")),
    "status": "fail" if os.environ.get("FAILED") == "1" or failed else "pass",
    "failedSteps": failed, "steps": steps, "unitTests": unit, "spec": spec, "campaign": campaign,
    "crosscheck": crosscheck, "newFindings": findings,
}
with open(os.path.join(OUT, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2, sort_keys=True)

md = ["# Nightly %s: %s" % (summary["started"], summary["status"].upper()), "",
      "Seed %s, fuzzing budget %s s%s." % (summary["seed"], summary["budgetSeconds"], " (quick)" if summary["quick"] else ""), "",
      "| step | kind | result | time | summary |", "|---|---|---|---|---|"]
for s in steps:
    md.append("| %s | %s | %s | %d s | %s |" % (s["name"], s["kind"], s["result"], s["seconds"], s["summary"].replace("|", "\\|")))
if crosscheck:
    cmp = crosscheck.get("validatorComparisons", {})
    md += ["", "## Cross-checks", "",
           "- modules: %d from our generator, %d from wasm-tools smith" % (crosscheck["generatorModules"], crosscheck["smithModules"]),
           "- compared against wasmtime: %d modules; against the JIT: %d" % (crosscheck["comparedAgainstWasmtime"], crosscheck["comparedAgainstJIT"]),
           "- validator comparisons with wasm-tools validate: %d (%s); %d disagree; %d mutants rejected by both"
           % (sum(cmp.values()), ", ".join("%s %d" % kv for kv in sorted(cmp.items())), crosscheck["validatorDisagreements"], crosscheck["mutantsBothRejected"]),
           "- execution divergences: %d" % crosscheck["executionDivergences"],
           "- sat out: %s" % (", ".join("%s %d runs" % kv for kv in sorted(crosscheck.get("satOut", {}).items())) or "none")]
md += ["", "## New findings (%d)" % len(findings), ""]
for f in findings:
    md.append("- `%s` (%s): %s%s" % (f["folder"], f["kind"], (f["detail"] or "").replace("\n", " ")[:200],
                                      "; minimized: " + ", ".join("`%s`" % p for p in f["minimized"]) if f["minimized"] else ""))
if not findings:
    md.append("none")
with open(os.path.join(OUT, "summary.md"), "w") as f:
    f.write("\n".join(md) + "\n")
