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

# The benchmark tables (wasm-bench prints Markdown): kept whole for people, the program rows parsed
# into numbers for machines.
bench_log = read(os.path.join(OUT, "logs", "benchmarks.log"))
bench_md = [l for l in bench_log.splitlines() if l.startswith(("|", "#", "wasmtime:", "JIT compile speed"))]
benchmarks = {"programs": [], "generator": {}, "differential": {}}
for line in bench_md:
    cells = [c.strip() for c in line.strip("|").split("|")]
    if len(cells) == 9 and re.match(r"\w+\(\d+\)$", cells[0]):
        def seconds(c):
            return float(c.split()[0]) if c.endswith(" s") else None
        def times(c):
            return float(c[:-1]) if c.endswith("x") else None
        benchmarks["programs"].append({
            "program": cells[0], "interpreter": seconds(cells[1]), "jit": seconds(cells[2]),
            "wasmkit": seconds(cells[3]), "wasmtime": seconds(cells[4]),
            "interpVsWasmkit": times(cells[5]), "jitVsInterp": times(cells[6]), "jitVsWasmtime": times(cells[7])})
    elif len(cells) == 2 and cells[1].isdigit():
        key = "differential" if "+" in cells[0] else "generator"
        benchmarks[key][cells[0]] = int(cells[1])
m = re.search(r"JIT compile speed vs wasmtime: ([0-9.]+)x", bench_log)
benchmarks["jitCompileVsWasmtime"] = float(m.group(1)) if m else None

libfuzzer_log = read(os.path.join(OUT, "logs", "libfuzzer.log"))
libfuzzer = {}
target = None
for line in libfuzzer_log.splitlines():
    m = re.match(r"-- target (\S+)", line)
    if m:
        target = m.group(1)
        continue
    m = re.search(r"#(\d+)\s+DONE\s+cov: (\d+).*exec/s: (\d+)", line)
    if target and m:
        libfuzzer[target] = {"runs": int(m.group(1)), "coverage": int(m.group(2)), "execsPerSecond": int(m.group(3))}

failed = [s["name"] for s in steps if s["result"] == "fail"]
summary = {
    "started": os.environ.get("STARTED"), "finished": os.environ.get("FINISHED"),
    "quick": os.environ.get("QUICK") == "1", "seed": os.environ.get("SEED"),
    "budgetSeconds": int(os.environ.get("BUDGET", "0")),
    "status": "fail" if os.environ.get("FAILED") == "1" or failed else "pass",
    "failedSteps": failed, "steps": steps, "unitTests": unit, "spec": spec, "campaign": campaign,
    "crosscheck": crosscheck, "newFindings": findings, "benchmarks": benchmarks, "libfuzzer": libfuzzer,
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
if libfuzzer:
    md += ["", "## libFuzzer", "", "| target | runs | coverage | exec/s |", "|---|---|---|---|"]
    md += ["| %s | %d | %d | %d |" % (t, v["runs"], v["coverage"], v["execsPerSecond"]) for t, v in sorted(libfuzzer.items())]
if bench_md:
    md += ["", "## Benchmarks", ""] + [l.replace("# wasm-bench", "### wasm-bench").replace("## ", "### ") for l in bench_md]
md += ["", "## New findings (%d)" % len(findings), ""]
for f in findings:
    md.append("- `%s` (%s): %s%s" % (f["folder"], f["kind"], (f["detail"] or "").replace("\n", " ")[:200],
                                      "; minimized: " + ", ".join("`%s`" % p for p in f["minimized"]) if f["minimized"] else ""))
if not findings:
    md.append("none")
with open(os.path.join(OUT, "summary.md"), "w") as f:
    f.write("\n".join(md) + "\n")
