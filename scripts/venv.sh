#!/usr/bin/env bash
# Build (or refresh) one development virtualenv.
#
#   scripts/venv.sh PYTHON WANT_VERSION VENV_DIR CORE_SPEC
#
# PYTHON       interpreter to build from (e.g. python3, ~/.pyenv/versions/3.13.0/bin/python3)
# WANT_VERSION the major.minor it must be (e.g. 3.11); anything else is an error naming both
# VENV_DIR     where the venv goes (.venv, .venv-py313)
# CORE_SPEC    the ansible-core requirement for this venv (replaces the line in requirements-dev.txt)
#
# Idempotent: a stamp file keyed on the hash of every requirements input makes a second run
# a no-op. amazon.aws is unpacked into VENV_DIR/collections (see scripts/amazon-aws.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

py=${1:?python}; want=${2:?version}; venv=${3:?venv dir}; core=${4:?ansible-core spec}

if ! command -v "$py" >/dev/null 2>&1; then
    echo "ERROR: $py not found; $venv needs Python $want (pyenv install $want, or set PYTHON=...)" >&2
    exit 1
fi
have=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$have" != "$want" ]; then
    echo "ERROR: $py is Python $have, but $venv needs Python $want (it is the venv for $core)." >&2
    echo "       Point PYTHON (or PYTHON313) at a Python $want interpreter." >&2
    exit 1
fi

inputs=(requirements-dev.txt requirements.txt tests/unit/requirements.txt scripts/venv.sh scripts/amazon-aws.sh)
sim=tools/atlas_sim/pyproject.toml
[ -f "$sim" ] && inputs+=("$sim")
key=$( { echo "$core $have"; cat "${inputs[@]}"; } | sha256sum | cut -c1-16)
stamp="$venv/.stamp-$key"
if [ -f "$stamp" ]; then
    echo "$venv is up to date (Python $have, $("$venv/bin/python" -c 'import ansible; print("ansible-core", ansible.__version__)'))"
    exit 0
fi

echo "==> building $venv with Python $have ($py) and $core"
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
rm -f "$venv"/.stamp-*
pip() {  # this machine's pip config names local index dirs that may not exist: drop that noise
    "$venv/bin/python" -m pip --disable-pip-version-check "$@" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
}
pip install -q --upgrade pip setuptools wheel

# requirements-dev.txt with this venv's ansible-core line (-r lines are passed separately,
# since pip resolves them relative to the file that names them).
reqs="$venv/requirements-dev.resolved.txt"
grep -v -e '^ansible-core' -e '^-r' requirements-dev.txt > "$reqs"
echo "$core" >> "$reqs"
extra=()
if [ -f "$sim" ]; then
    extra=(-e "tools/atlas_sim[test,aws]")
else
    echo "    (tools/atlas_sim/pyproject.toml not there yet: simulator not installed)"
fi
pip install -q -r "$reqs" -r requirements.txt -r tests/unit/requirements.txt "${extra[@]}"

scripts/amazon-aws.sh "$venv"

touch "$stamp"
"$venv/bin/python" -c 'import ansible, sys; print("%s ready: Python %s, ansible-core %s" % (sys.argv[1], sys.version.split()[0], ansible.__version__))' "$venv"
