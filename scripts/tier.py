#!/usr/bin/env python3
"""Run one test tier, show its output, count its tests and record the result.

    scripts/tier.py TIER VENV_DIR -- COMMAND [ARGS...]

The output is shown as it comes and kept in tests/output/logs/TIER-<venv>.log. The counts are
read from the runner's own closing lines (ansible-test, pytest, ansible-lint, docs check) and
written to .tmp/results/TIER-<venv>.json for scripts/summary.py (both under $HARNESS_RUN_DIR
instead when that is set). The exit status is non-zero when the
command fails, when any test failed, or when the tier ran no test at all.
"""
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count_pytest(text):
    # "==== 12 passed, 1 failed, 2 skipped in 3.2s ====". ansible-test units runs pytest once
    # per group (module_utils, modules, plugins), so every such line is added up.
    passed = failed = 0
    for line in text.splitlines():
        if re.match(r"^(=+ )?(no tests ran|(\d+ \w+(, )?)+) in [0-9.]+s", line):  # with or without -q
            counts = dict((k, int(n)) for n, k in re.findall(r"(\d+) (\w+)", line))
            passed += counts.get("passed", 0)
            failed += counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    return passed, failed


def count_sanity(text):
    # One 'Running sanity test "x"' per test; "The N sanity test(s) listed below (out of M) failed."
    ran = len(re.findall(r'^(?:\[ *\d+s\] )?Running sanity test "', text, re.M))
    m = re.search(r"The (\d+) sanity test\(s\) listed below \(out of (\d+)\) failed", text)
    failed = int(m.group(1)) if m else 0
    return ran - failed, failed


def count_integration(text):
    # One "Running <target> integration test role" per target; with --continue-on-error the
    # end says "The N integration test(s) listed below (out of M) failed."
    ran = len(re.findall(r"^(?:\[ *\d+s\] )?Running \S+ integration test (role|script)", text, re.M))
    m = re.search(r"The (\d+) integration test\(s\) listed below \(out of (\d+)\) failed", text)
    failed = int(m.group(1)) if m else 0
    if not m and re.search(r"^(ERROR|FATAL): Command .* failed with status", text, re.M) and ran:
        failed = 1  # stopped at the first failure (no --continue-on-error)
    return ran - failed, failed


def count_lint(text):
    # One result per file: "Passed|Failed: 3 failure(s), 0 warning(s) in 12 files processed ..."
    # gives the file count; each violation is "rule[tag]: message" then "path:line ...".
    m = re.search(r"^(Passed|Failed): (\d+) failure\(s\), \d+ warning\(s\)(?: on| in) (\d+) files", text, re.M)
    if not m:
        return 0, 0
    files = int(m.group(3))
    # (a violation that is only a warning ends its message with "(warning)" and does not count)
    bad = set(re.findall(r"^[a-z0-9-]+(?:\[[a-z0-9-]+\])?: (?![^\n]*\(warning\)$).*\n(\S+?):\d+", text, re.M))
    if int(m.group(2)) and not bad:
        bad = {"?"}  # failures we could not attribute to a file still fail the tier
    return max(files - len(bad), 0), len(bad)


def count_docs(text):
    # scripts/docs.sh check: "docs check: 7 up to date, 1 stale" (one per generated page)
    m = re.search(r"^docs check: (\d+) up to date, (\d+) stale", text, re.M)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


COUNTERS = {
    "sanity": count_sanity,
    "units": count_pytest,
    "integration": count_integration,
    "lint": count_lint,
    "sim-test": count_pytest,
    "packaging": count_pytest,
    "reliability": count_pytest,
    "docs": count_docs,
}


def main():
    tier, venv, sep, *cmd = sys.argv[1:]
    assert sep == "--" and cmd, __doc__
    venv_name = Path(venv).name
    py = Path(venv) / "bin" / "python"
    core, pyver = subprocess.run(
        [str(py), "-c", "import ansible, sys; print(ansible.__version__, '%d.%d' % sys.version_info[:2])"],
        check=True, capture_output=True, text=True).stdout.split()

    # HARNESS_RUN_DIR (set by `make test`) keeps one run's logs and results apart from any
    # other tier someone runs at the same time; a tier run alone uses the default places.
    run_dir = os.environ.get("HARNESS_RUN_DIR")
    logs = Path(run_dir) / "logs" if run_dir else ROOT / "tests" / "output" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{tier}-{venv_name}.log"
    print(f"===== {tier}: ansible-core {core} on Python {pyver} ({venv}) =====", flush=True)
    start = time.monotonic()
    out = []
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors="replace", stdin=subprocess.DEVNULL)
        for line in proc.stdout:
            if "Location 'file:///opt/pypi" in line:  # this machine's pip config; noise only
                continue
            if line.startswith("Running "):  # each sanity test / integration target: show when
                line = f"[{time.monotonic() - start:6.0f}s] {line}"
            sys.stdout.write(line)
            sys.stdout.flush()
            log.write(line)
            out.append(line)
        rc = proc.wait()
    seconds = time.monotonic() - start
    passed, failed = COUNTERS[tier]("".join(out))

    status = "ok"
    if rc != 0 and failed == 0:
        status = f"command failed (exit {rc}) before any test failed"
    elif failed:
        status = "failed"
    elif passed == 0:
        status = "ran no test"
    result = dict(tier=tier, venv=venv_name, ansible_core=core, python=pyver, passed=passed,
                  failed=failed, rc=rc, status=status, seconds=round(seconds, 1), log=os.path.relpath(log_path, ROOT))
    results = Path(run_dir) / "results" if run_dir else ROOT / ".tmp" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{tier}-{venv_name}.json").write_text(json.dumps(result, indent=1))
    print(f"----- {tier} (ansible-core {core}, Python {pyver}): {passed} passed, {failed} failed, "
          f"{status}, {seconds:.0f}s; log: {result['log']}", flush=True)
    sys.exit(0 if status == "ok" else 1)


if __name__ == "__main__":
    main()
