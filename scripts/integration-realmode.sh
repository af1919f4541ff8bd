#!/usr/bin/env bash
# The integration suite in real Atlas mode against the simulator (`make integration-realmode`).
# Run through scripts/collection-tree.sh:
#
#   scripts/collection-tree.sh VENV_DIR scripts/integration-realmode.sh [ansible-test args]
#
# 1. Starts atlas-sim on a free loopback port and, in front of it, scripts/real_mode_proxy.py: the
#    same API without the /_sim/ controls, as real Atlas has none (a /_sim/ request is refused and
#    recorded).
# 2. Does what a maintainer does in the Atlas UI (scripts/realmode_sim.py scratch): a scratch
#    project, an API key and a service account with Project Owner on it only; fills in
#    tests/integration/integration_config.yml.template with them and the proxy's URL.
# 3. Runs scripts/integration-atlas.sh, the same script `make integration-atlas` runs against real
#    Atlas: every target in real Atlas mode, then the check that the project is empty.
# 4. Checks that no /_sim/ request reached the proxy and that the run created no project.
set -euo pipefail
: "${COLLECTION_ROOT:?run me through scripts/collection-tree.sh}"
source "$REPO_ROOT/scripts/sim-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/atlasops-realmode.XXXXXX")
proxy_pid=
stop_all() {
    if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
    sim_stop
    rm -rf "$work"
}
sim_start "$work/state.json" "$COLLECTION_ROOT/tests/output/atlas-sim-realmode.log"
trap stop_all EXIT

python "$REPO_ROOT/scripts/real_mode_proxy.py" "$SIM_URL" "$work/refused.log" >"$work/proxy.log" 2>&1 &
proxy_pid=$!
proxy_url=
for _ in $(seq 100); do
    proxy_url=$(sed -n '1s/^listening on \(http:\/\/[^ ]*\).*$/\1/p' "$work/proxy.log" || true)
    [ -n "$proxy_url" ] && break
    kill -0 "$proxy_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$proxy_url" ]; then
    echo "ERROR: the proxy did not start:" >&2
    cat "$work/proxy.log" >&2
    exit 1
fi
echo "real Atlas mode: the targets talk to $proxy_url (the simulator at $SIM_URL without /_sim/)"

projects_before=$(python "$REPO_ROOT/scripts/realmode_sim.py" scratch "$SIM_URL" "$proxy_url" \
    tests/integration/integration_config.yml.template "$work/integration_config.yml")

set +e
ATLAS_CONFIG="$work/integration_config.yml" "$REPO_ROOT/scripts/integration-atlas.sh" "$@"
rc=$?
python "$REPO_ROOT/scripts/realmode_sim.py" verify "$SIM_URL" "$work/refused.log" "$projects_before" \
    tests/output/junit/real-mode.xml
verify_rc=$?
set -e
[ $rc -ne 0 ] && exit $rc
exit $verify_rc
