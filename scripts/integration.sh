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
# Results: see scripts/integration-lib.sh (one JUnit test case per target).
set -euo pipefail
: "${COLLECTION_ROOT:?run me through scripts/collection-tree.sh}"
source "$REPO_ROOT/scripts/sim-lib.sh"
source "$REPO_ROOT/scripts/integration-lib.sh"

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

rc=0
run_integration_targets "$@" || rc=$?
exit $rc
