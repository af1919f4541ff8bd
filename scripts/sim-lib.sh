# shellcheck shell=bash
# Start and stop the Atlas simulator in the background. Source this file, then:
#
#   sim_start STATE_FILE LOG_FILE   # sets SIM_URL (http://127.0.0.1:PORT) and SIM_PID
#   sim_stop                        # also run by the EXIT trap that sim_start installs
#
# The simulator picks a free port (--port 0) and prints "listening on http://HOST:PORT" as its
# first line; nothing here uses a fixed port. SIM (default: atlas-sim on PATH) names the binary;
# SIM_EXTRA_ARGS adds flags (for example --aws-endpoint URL).

SIM_PID=
SIM_URL=

sim_stop() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill "$SIM_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SIM_PID" 2>/dev/null || true
    fi
    SIM_PID=
}

sim_start() {
    local state=$1 log=$2 sim=${SIM:-atlas-sim}
    if ! command -v "$sim" >/dev/null 2>&1; then
        echo "ERROR: the simulator '$sim' is not installed in this venv (tools/atlas_sim is installed by make venv once tools/atlas_sim/pyproject.toml exists)" >&2
        return 1
    fi
    mkdir -p "$(dirname "$state")" "$(dirname "$log")"
    # Create the log before the background start: the child opens it asynchronously, and reading
    # a log that does not exist yet would end a `set -e` caller.
    : >"$log"
    # shellcheck disable=SC2086  # SIM_EXTRA_ARGS holds several words on purpose
    "$sim" --host 127.0.0.1 --port 0 --state "$state" --transition-seconds "${SIM_TRANSITION_SECONDS:-1}" \
        ${SIM_EXTRA_ARGS:-} >"$log" 2>&1 &
    SIM_PID=$!
    trap sim_stop EXIT
    local _
    for _ in $(seq 300); do
        SIM_URL=$(sed -n '1s/^listening on \(http:\/\/[^ ]*\).*$/\1/p' "$log" || true)
        [ -n "$SIM_URL" ] && { echo "simulator (pid $SIM_PID) listening on $SIM_URL; log: $log"; return 0; }
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "ERROR: the simulator did not report 'listening on http://HOST:PORT' within 30s; its log ($log):" >&2
    cat "$log" >&2
    sim_stop
    return 1
}
