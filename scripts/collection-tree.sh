#!/usr/bin/env bash
# Run a command inside a throw-away ansible_collections/atlasops/networking tree.
#
#   scripts/collection-tree.sh VENV_DIR COMMAND [ARGS...]
#
# ansible-test only works from <somewhere>/ansible_collections/<namespace>/<name>, so this
# copies the repository there (a temporary directory outside the repo), puts VENV_DIR/bin first
# on PATH, and runs COMMAND from the copied collection root. The tree is removed on exit, after
# its tests/output has been copied back to the repo's tests/output (git-ignored), and its
# tests/output/junit to $TIER_JUNIT_DIR when that is set.
#
# Copied: what the built collection ships plus tests/. Not copied: VCS and venvs, caches, and
# the dev-only folders that galaxy.yml's build_ignore also leaves out (tools/, scripts/,
# benchmarks/): the simulator has its own tests (make sim-test).
#
# ansible-test bootstraps pip in the venvs it creates with a get-pip script from a host that is
# not reachable here; it uses a cached copy if one exists, so a small stand-in that runs
# ensurepip and then `pip install` is written to that cache path for this venv's ansible-test.
# Exported for COMMAND: COLLECTION_ROOT (the copy), REPO_ROOT, VIRTUAL_ENV.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
venv=$(cd "${1:?venv dir}" && pwd); shift
[ $# -gt 0 ] || { echo "usage: $0 VENV_DIR COMMAND [ARGS...]" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/atlasops-tree.XXXXXX")
COLLECTION_ROOT="$tmp/ansible_collections/atlasops/networking"
cleanup() {
    if [ -d "$COLLECTION_ROOT/tests/output" ]; then
        mkdir -p "$REPO_ROOT/tests/output"
        cp -a "$COLLECTION_ROOT/tests/output/." "$REPO_ROOT/tests/output/" 2>/dev/null || true
    fi
    # ansible-test's JUnit results, for scripts/tier.py (which sets TIER_JUNIT_DIR)
    if [ -n "${TIER_JUNIT_DIR:-}" ] && [ -d "$COLLECTION_ROOT/tests/output/junit" ]; then
        cp -a "$COLLECTION_ROOT/tests/output/junit/." "$TIER_JUNIT_DIR/" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$COLLECTION_ROOT"
tar -C "$REPO_ROOT" -cf - \
    --exclude=./.git --exclude='./.venv*' --exclude=./.tmp --exclude=./.ansible \
    --exclude=./tests/output --exclude=./tests/integration/integration_config.yml \
    --exclude=./tools --exclude=./scripts --exclude=./benchmarks \
    --exclude=__pycache__ --exclude=.pytest_cache --exclude=.mypy_cache --exclude=.ruff_cache \
    --exclude='*.egg-info' --exclude='*.pyc' --exclude='./atlasops-networking-*.tar.gz' \
    . | tar -C "$COLLECTION_ROOT" -xf -

# Collections the tests depend on (amazon.aws, unpacked by scripts/amazon-aws.sh) sit beside
# ours, where ansible-test's own ANSIBLE_COLLECTIONS_PATH finds them.
for dep in "$venv"/collections/ansible_collections/*; do
    [ -d "$dep" ] && [ "$(basename "$dep")" != atlasops ] && ln -s "$dep" "$tmp/ansible_collections/"
done

# get-pip stand-in, named after the pip version this ansible-test pins.
pip_version=$("$venv/bin/python" - <<'EOF'
import pathlib, re, ansible_test
src = pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
print(re.search(r"pip='([0-9.]+)'", src.read_text()).group(1))
EOF
)
shim="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
if [ ! -f "$shim" ]; then
    mkdir -p "$(dirname "$shim")"
    cat > "$shim" <<'EOF'
# Stand-in for get-pip.py (written by atlasops.networking's scripts/collection-tree.sh):
# install pip from the interpreter's own ensurepip, then `pip install` what ansible-test asks for.
import subprocess
import sys

args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
EOF
fi

# ansible-test creates its SSH key pair (~/.ansible/test/id_rsa) on first use with a check-then-
# create; two runs starting together on a fresh machine (make test runs venvs side by side) race
# there and one fails at ssh-keygen's "Overwrite (y/n)?". Create it once, under a lock, the way
# ansible-test does (PEM, with the RSA header paramiko expects).
key="$HOME/.ansible/test/id_rsa"
mkdir -p "$(dirname "$key")"
(
    flock 9
    if [ ! -f "$key" ] || [ ! -f "$key.pub" ]; then
        rm -f "$key" "$key.pub"
        ssh-keygen -m PEM -q -t rsa -N '' -f "$key" </dev/null
        sed -i -E 's/(BEGIN|END) PRIVATE KEY/\1 RSA PRIVATE KEY/' "$key"
    fi
) 9>"$key.lock"

export REPO_ROOT COLLECTION_ROOT VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
cd "$COLLECTION_ROOT"
set +e
"$@"
rc=$?
set -e
exit $rc
