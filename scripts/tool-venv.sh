#!/usr/bin/env bash
# Build (or refresh) a small venv for one tool that must not share the dev venvs' pins.
#
#   scripts/tool-venv.sh PYTHON VENV_DIR REQUIREMENTS_FILE
#
# Idempotent: a stamp keyed on the requirements file and the interpreter makes a second run a
# no-op. Only PyPI is used (pip's configured index).
set -euo pipefail
cd "$(dirname "$0")/.."
py=${1:?python}; venv=${2:?venv dir}; reqs=${3:?requirements file}

have=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
key=$( { echo "$have"; cat "$reqs" "$0"; } | sha256sum | cut -c1-16)
if [ -f "$venv/.stamp-$key" ]; then
    echo "$venv is up to date ($reqs)"
    exit 0
fi
echo "==> building $venv with Python $have from $reqs"
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
rm -f "$venv"/.stamp-*
"$venv/bin/python" -m pip --disable-pip-version-check install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
"$venv/bin/python" -m pip --disable-pip-version-check install -q -r "$reqs" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
touch "$venv/.stamp-$key"
echo "$venv ready"
