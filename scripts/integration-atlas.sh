#!/usr/bin/env bash
# ansible-test integration in real Atlas mode, then a check that the scratch project is empty.
# Run through scripts/collection-tree.sh (`make integration-atlas`, `make integration-realmode`):
#
#   [ATLAS_CONFIG=FILE] scripts/collection-tree.sh VENV_DIR scripts/integration-atlas.sh [ansible-test args]
#
# ATLAS_CONFIG (default: tests/integration/integration_config.yml of the repository, made from
# tests/integration/integration_config.yml.template) names atlas_base_url, the scratch project
# (atlas_scratch_project_id) and the credentials. It is copied into the collection tree, where
# ansible-test passes it to every target; with atlas_scratch_project_id set, setup_atlas switches
# the targets to real Atlas mode (atlas_is_sim: false: no /_sim/ step, everything deleted under
# `always:`). The arguments select targets as ansible-test's do, e.g. `--exclude atlas/costly/`.
#
# After the targets, scripts/atlas_project_empty.py reads every list of the project through the
# API; anything left fails the run. Results: tests/output/junit/integration-targets.xml (one case
# per target, scripts/integration-lib.sh) and tests/output/junit/project-empty.xml (one per list).
set -euo pipefail
: "${COLLECTION_ROOT:?run me through scripts/collection-tree.sh}"
source "$REPO_ROOT/scripts/integration-lib.sh"

config=${ATLAS_CONFIG:-$REPO_ROOT/tests/integration/integration_config.yml}
if [ ! -f "$config" ]; then
    echo "ERROR: $config does not exist: copy tests/integration/integration_config.yml.template there and fill it in (README.md, \"Testing against real Atlas\")" >&2
    exit 2
fi
cp "$config" tests/integration/integration_config.yml

# The values the emptiness check needs, read as ansible-test will read them (YAML).
config_value() {
    python - "$1" <<'PY'
import sys, yaml
with open('tests/integration/integration_config.yml') as handle:
    print((yaml.safe_load(handle) or {}).get(sys.argv[1]) or '')
PY
}
base_url=$(config_value atlas_base_url)
project=$(config_value atlas_scratch_project_id)
if ! [[ "$project" =~ ^[0-9a-f]{24}$ ]] || [[ "$base_url" == *@* ]]; then
    echo "ERROR: $config: atlas_scratch_project_id must be a project id (24 hexadecimal digits) and atlas_base_url a URL" >&2
    exit 2
fi

rc=0
run_integration_targets "$@" || rc=$?

echo "==> is project $project empty?"
set +e
MONGODB_ATLAS_PUBLIC_KEY=$(config_value atlas_public_key) MONGODB_ATLAS_PRIVATE_KEY=$(config_value atlas_private_key) \
    python "$REPO_ROOT/scripts/atlas_project_empty.py" "$base_url" "$project" --junit tests/output/junit/project-empty.xml
empty_rc=$?
set -e
[ $rc -ne 0 ] && exit $rc
exit $empty_rc
