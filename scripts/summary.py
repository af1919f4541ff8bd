#!/usr/bin/env python3
"""Print the table of tier results that scripts/tier.py recorded in .tmp/results/.

    scripts/summary.py TIER-VENV [TIER-VENV ...]

Results are read from $HARNESS_RUN_DIR/results (set by `make test`), else .tmp/results.
Each argument names one expected result (e.g. sanity-.venv); a missing one counts as a failure.
The counts come from each tier's JUnit XML / SARIF (scripts/tier.py); "time" is wall time, "cpu"
the CPU time its processes used (a tier that mostly waits on the simulator has cpu << time).
The last line is "N passed, N failed" (tests summed over all tiers, plus one failure for each
tier that errored, ran no test, or did not run). Exits 1 unless every tier is ok.
"""
import json
import os
import sys
from pathlib import Path

RESULTS = (Path(os.environ["HARNESS_RUN_DIR"]) / "results" if os.environ.get("HARNESS_RUN_DIR")
           else Path(__file__).resolve().parent.parent / ".tmp" / "results")


def main():
    rows, total_passed, total_failed, total_skipped, ok = [], 0, 0, 0, True
    for name in sys.argv[1:]:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            tier, _, venv = name.partition("-.")
            rows.append((tier, venv and "." + venv, "?", "?", "0", "0", "0", "-", "-", "did not run"))
            total_failed += 1
            ok = False
            continue
        r = json.loads(path.read_text())
        total_passed += r["passed"]
        total_failed += r["failed"]
        total_skipped += r.get("skipped", 0)
        if r["status"] != "ok":
            ok = False
            if r["failed"] == 0:
                total_failed += 1  # an error or an empty tier is a failure, not a silent pass
        rows.append((r["tier"], r["venv"], r["ansible_core"], r["python"], str(r["passed"]), str(r["failed"]),
                     str(r.get("skipped", 0)), f'{r["seconds"]:.0f}s', f'{r.get("cpu_seconds", 0):.0f}s', r["status"]))

    header = ("tier", "venv", "ansible-core", "python", "passed", "failed", "skipped", "time", "cpu", "status")
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    line = "  ".join("%%-%ds" % w for w in widths)
    print()
    print("=" * 20, "make test summary", "=" * 20)
    print(line % header)
    print(line % tuple("-" * w for w in widths))
    for row in rows:
        print(line % row)
    cores = sorted({(r[2], r[3]) for r in rows if r[2] != "?"})
    print("ansible-core versions tested: " + ", ".join(f"{c} (Python {p})" for c, p in cores))
    print(f"({total_skipped} skipped: not applicable here, e.g. sanity tests with no files to check)")
    print(f"{total_passed} passed, {total_failed} failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
