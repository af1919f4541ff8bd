#!/usr/bin/env bash
# `make test`: every tier on each supported ansible-core (three venvs), the once-only tiers, then
# the summary table.
#
#   venv          Python  ansible-core   tiers
#   .venv         3.11    2.19           sanity units integration lint packaging reliability
#   .venv-py312   3.12    2.20           (the same six)
#   .venv-py313   3.13    2.21           (the same six)
#   .venv         3.11    2.19           integration-realmode (the integration suite in real Atlas mode
#                                        against the simulator, then the project-empty check),
#                                        sim-test docs (the HTML site) harness   (once)
#
# Scheduling (measured on the 2-core machine, README "Testing"): the tiers are independent jobs
# (each has its own simulator on a free port, its own collection tree, its own results folder),
# run TEST_JOBS at a time (default 3) from one queue, longest first. Most tiers wait on the
# simulator's state transitions and on Ansible's process start-up more than they compute
# (integration: ~160 s of CPU in ~300 s), so three jobs on two cores finish sooner than two
# without slowing any tier much (integration ~320 s with one or two other jobs beside it) and
# no core idles while a long tier of one venv waits behind the short ones of another. Each job's
# output goes to its own log and is shown when it ends, with a one-line progress report
# meanwhile; TEST_JOBS=1 runs everything one after the other, live. A failing tier does not stop
# the others; the exit status is non-zero if any tier failed, ran no test or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

venvs=(.venv .venv-py312 .venv-py313)
# longest first (wall time on a 2-core machine; README "Testing" has the measured table)
tiers=(integration reliability packaging sanity lint units)
once=(docs-check sim-test harness)
# once, but long: queued right after the integration tiers
once_long=(integration-realmode)
jobs=${TEST_JOBS:-3}

# This run's logs and results, apart from tiers others may be running meanwhile.
export HARNESS_RUN_DIR="$PWD/tests/output/make-test"
rm -rf "$HARNESS_RUN_DIR"
mkdir -p "$HARNESS_RUN_DIR/jobs"

queue=()      # "target venv"
expected=()   # result names for scripts/summary.py
for tier in "${tiers[@]}"; do
    for venv in "${venvs[@]}"; do
        queue+=("$tier $venv")
        expected+=("$tier-$venv")
    done
    if [ "$tier" = integration ]; then
        for target in "${once_long[@]}"; do queue+=("$target .venv"); expected+=("$target-.venv"); done
    fi
    if [ "$tier" = packaging ]; then  # the once-only tiers after the long ones
        for target in "${once[@]}"; do queue+=("$target .venv"); done
    fi
done
expected+=("docs-.venv" "sim-test-.venv" "harness-.venv")


start=$SECONDS
stamp() { printf '[%3dm%02ds]' $(( (SECONDS - start) / 60 )) $(( (SECONDS - start) % 60 )); }

if [ "$jobs" -le 1 ]; then
    for job in "${queue[@]}"; do
        read -r target venv <<<"$job"
        make --no-print-directory "$target" VENV="$venv" </dev/null
    done
else
    echo "make test: ${#queue[@]} tiers, $jobs at a time; each tier's output is shown when it ends (live: tail -f $HARNESS_RUN_DIR/jobs/*.log)"
    declare -A running=()   # pid -> job
    show() {  # show a finished job's output
        local pid=$1 job=${running[$1]} target venv
        read -r target venv <<<"$job"
        echo; echo "$(stamp) ########## finished: make $target VENV=$venv ##########"
        cat "$HARNESS_RUN_DIR/jobs/$target-$venv.log"
        unset "running[$pid]"
    }
    reap() {  # wait for one job to end, show it
        local pid
        while :; do
            for pid in "${!running[@]}"; do
                if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; show "$pid"; return; fi
            done
            wait -n 2>/dev/null || sleep 1
        done
    }
    for job in "${queue[@]}"; do
        while [ "${#running[@]}" -ge "$jobs" ]; do reap; done
        read -r target venv <<<"$job"
        make --no-print-directory "$target" VENV="$venv" >"$HARNESS_RUN_DIR/jobs/$target-$venv.log" 2>&1 </dev/null &
        running[$!]=$job
        echo "$(stamp) started: make $target VENV=$venv"
    done
    while [ "${#running[@]}" -gt 0 ]; do reap; done
fi
echo; echo "make test took $(( (SECONDS - start) / 60 ))m$(( (SECONDS - start) % 60 ))s; logs in $HARNESS_RUN_DIR/logs/"

exec .venv/bin/python scripts/summary.py "${expected[@]}"
