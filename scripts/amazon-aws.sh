#!/usr/bin/env bash
# Put the amazon.aws collection into VENV_DIR/collections/ansible_collections/amazon/aws.
#
#   scripts/amazon-aws.sh VENV_DIR
#
# Ansible Galaxy is not reachable here, so the collection is taken from PyPI's `ansible`
# community package (12.x carries amazon.aws 10.x): only the wheel is downloaded (no deps) and
# only ansible_collections/amazon/aws (plus any collection it depends on) is unpacked.
# Use it with ANSIBLE_COLLECTIONS_PATH=VENV_DIR/collections.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${1:?venv dir}
dest="$venv/collections"
if [ -f "$dest/ansible_collections/amazon/aws/MANIFEST.json" ]; then
    exit 0
fi
cache=.tmp/downloads
mkdir -p "$cache"
# `make venvs` builds the venvs side by side: one download at a time, the others reuse it.
exec 9>"$cache/.lock"
flock 9
wheel=$(ls "$cache"/ansible-12.*-py3-none-any.whl 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$wheel" ]; then
    echo "==> downloading the ansible 12.x wheel (for amazon.aws only)"
    "$venv/bin/python" -m pip download -q --disable-pip-version-check --no-deps \
        --only-binary=:all: -d "$cache" 'ansible>=12,<13' 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
    wheel=$(ls "$cache"/ansible-12.*-py3-none-any.whl | sort -V | tail -n1)
fi

"$venv/bin/python" - "$wheel" "$dest" <<'EOF'
import json, sys, zipfile

wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as zf:
    names = zf.namelist()
    todo, done = ["amazon.aws"], set()
    while todo:
        fqcn = todo.pop()
        if fqcn in done:
            continue
        done.add(fqcn)
        prefix = "ansible_collections/%s/" % fqcn.replace(".", "/")
        members = [n for n in names if n.startswith(prefix)]
        if not members:
            sys.exit("%s is not in %s" % (fqcn, wheel))
        zf.extractall(dest, members)
        manifest = json.loads(zf.read(prefix + "MANIFEST.json"))
        info = manifest["collection_info"]
        print("    %s %s -> %s/ansible_collections" % (fqcn, info["version"], dest))
        todo.extend(info.get("dependencies") or {})
EOF
