# shellcheck shell=bash
# Run ansible-test integration in the copied collection and write one JUnit test case per target.
# Source this file (from a script run through scripts/collection-tree.sh), then:
#
#   run_integration_targets [ansible-test args, e.g. a target or --exclude atlas/costly/]
#
# Results: tests/output/junit/integration-targets.xml, one test case per target that was to run
# (ansible-test --list-targets), passed when ansible-test's own results file
# (tests/output/data/integration-*.json, which lists the targets that passed) names it; a target
# that failed or never ran (ansible-test stopped early) is a failure. The junit callback's
# per-task XML, which ansible-test writes too, goes to tests/output/junit-tasks/ for reading only:
# a task failure that a block rescues is a failure there, not a failed target.
# Returns ansible-test's exit status.

run_integration_targets() {
    if [ -z "$(ls -A tests/integration/targets 2>/dev/null)" ]; then
        echo "ERROR: no integration targets under tests/integration/targets" >&2
        return 1
    fi
    local pyver targets rc=0
    pyver=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    targets=$(ansible-test integration --list-targets --local --python "$pyver" "$@" 2>/dev/null)
    rm -rf tests/output/data tests/output/junit
    # (no `set -e` toggling here: the caller's setting must survive the call)
    ansible-test integration --local --python "$pyver" --continue-on-error --color no "$@" || rc=$?

    mkdir -p tests/output/junit-tasks tests/output/junit
    mv tests/output/junit/*.xml tests/output/junit-tasks/ 2>/dev/null || true
    python "$REPO_ROOT/scripts/integration_junit.py" tests/output/junit/integration-targets.xml \
        tests/output/data <<<"$targets"
    return $rc
}
