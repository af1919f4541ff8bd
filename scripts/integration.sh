#!/usr/bin/env bash
# ansible-test integration against the simulator. Run through scripts/collection-tree.sh:
#
#   scripts/collection-tree.sh VENV_DIR scripts/integration.sh [ansible-test args, e.g. a target]
#
# Starts atlas-sim on a free loopback port, writes tests/integration/integration_config.yml in
# the copied collection (atlas_base_url + the simulator's credentials), runs every target with
# the venv's Python on the local machine (so targets use the venv's requests/pydantic), and
# stops the simulator on exit.
#
# Results: tests/output/junit/integration-targets.xml, one test case per target that was to run
# (ansible-test --list-targets), passed when ansible-test's own results file
# (tests/output/data/integration-*.json, which lists the targets that passed) names it; a target
# that failed or never ran (ansible-test stopped early) is a failure. The junit callback's
# per-task XML, which ansible-test writes too, goes to tests/output/junit-tasks/ for reading only:
# a task failure that a block rescues is a failure there, not a failed target.
set -euo pipefail
: "${COLLECTION_ROOT:?run me through scripts/collection-tree.sh}"
source "$REPO_ROOT/scripts/sim-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/atlasops-sim.XXXXXX")
sim_start "$work/state.json" "$COLLECTION_ROOT/tests/output/atlas-sim.log"
trap 'sim_stop; rm -rf "$work"' EXIT

cat > tests/integration/integration_config.yml <<YAML
---
atlas_base_url: "$SIM_URL"
atlas_public_key: atlassim
atlas_private_key: atlassim-private-key
atlas_client_id: mdb_sa_id_atlassim
atlas_client_secret: mdb_sa_sk_atlassim
YAML

if [ -z "$(ls -A tests/integration/targets 2>/dev/null)" ]; then
    echo "ERROR: no integration targets under tests/integration/targets" >&2
    exit 1
fi

pyver=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
targets=$(ansible-test integration --list-targets --local --python "$pyver" "$@" 2>/dev/null)
rm -rf tests/output/data tests/output/junit
set +e
ansible-test integration --local --python "$pyver" --continue-on-error --color no "$@"
rc=$?
set -e
mkdir -p tests/output/junit-tasks tests/output/junit
mv tests/output/junit/*.xml tests/output/junit-tasks/ 2>/dev/null || true
python "$REPO_ROOT/scripts/integration_junit.py" tests/output/junit/integration-targets.xml \
    tests/output/data <<<"$targets"
exit $rc
