#!/usr/bin/env bash
# `make test`: every tier on both Python / ansible-core pairs, then the summary table.
# A failing tier does not stop the others; the exit status is non-zero if any tier failed
# or ran no test. The simulator's tests and the docs check run once (on .venv).
set -uo pipefail
cd "$(dirname "$0")/.."

venvs=(.venv .venv-py313)
tiers=(sanity units integration lint)

rm -rf .tmp/results tests/output
expected=()
for venv in "${venvs[@]}"; do
    for tier in "${tiers[@]}"; do
        make --no-print-directory "$tier" VENV="$venv"
        expected+=("$tier-$venv")
    done
done
# Once: the simulator's own tests, and whether docs/collection/ matches the modules' docs.
make --no-print-directory sim-test VENV=.venv
make --no-print-directory docs-check VENV=.venv
expected+=("sim-test-.venv" "docs-.venv")

exec .venv/bin/python scripts/summary.py "${expected[@]}"
