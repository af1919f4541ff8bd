#!/usr/bin/env bash
# `make test`: every tier on both Python / ansible-core pairs, then the summary table.
#
# The two venvs' tier chains (sanity, units, integration, lint, packaging, reliability) run side by side (TEST_JOBS=2,
# the default; integration mostly waits on the simulator's state transitions), each into its own
# log, shown in full when both are done; TEST_JOBS=1 runs them one after the other, live. The
# simulator's tests and the docs check run once (on .venv). A failing tier does not stop the
# others; the exit status is non-zero if any tier failed or ran no test.
set -uo pipefail
cd "$(dirname "$0")/.."

venvs=(.venv .venv-py313)
tiers=(sanity units integration lint packaging reliability)
jobs=${TEST_JOBS:-2}

# This run's logs and results, apart from tiers others may be running meanwhile.
export HARNESS_RUN_DIR="$PWD/tests/output/make-test"
rm -rf "$HARNESS_RUN_DIR"
mkdir -p "$HARNESS_RUN_DIR"

chain() {  # chain VENV: the tiers of one venv, in order
    for tier in "${tiers[@]}"; do
        make --no-print-directory "$tier" VENV="$1"
    done
}

expected=()
for venv in "${venvs[@]}"; do
    for tier in "${tiers[@]}"; do expected+=("$tier-$venv"); done
done
expected+=("sim-test-.venv" "docs-.venv")

start=$SECONDS
if [ "$jobs" -gt 1 ]; then
    echo "make test: running the tiers of ${venvs[*]} side by side; follow with: tail -f $HARNESS_RUN_DIR/chain-*.log"
    pids=()
    for venv in "${venvs[@]}"; do
        chain "$venv" >"$HARNESS_RUN_DIR/chain-$venv.log" 2>&1 </dev/null &
        pids+=($!)
    done
    # meanwhile, the once-only tiers, live
    make --no-print-directory sim-test VENV=.venv
    make --no-print-directory docs-check VENV=.venv
    wait "${pids[@]}"
    for venv in "${venvs[@]}"; do
        echo; echo "########## tiers on $venv (log: $HARNESS_RUN_DIR/chain-$venv.log) ##########"
        cat "$HARNESS_RUN_DIR/chain-$venv.log"
    done
else
    for venv in "${venvs[@]}"; do chain "$venv"; done
    make --no-print-directory sim-test VENV=.venv
    make --no-print-directory docs-check VENV=.venv
fi
echo; echo "make test took $(( (SECONDS - start) / 60 ))m$(( (SECONDS - start) % 60 ))s; logs in $HARNESS_RUN_DIR/logs/"

exec .venv/bin/python scripts/summary.py "${expected[@]}"
