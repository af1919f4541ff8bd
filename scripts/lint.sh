#!/usr/bin/env bash
# ansible-lint (production profile, offline) with results a program can read, for scripts/tier.py:
#
#   scripts/lint.sh OUT_DIR     # run with the venv's bin first on PATH
#
# OUT_DIR/lint.sarif   ansible-lint's findings (SARIF); error-level results fail their file
# OUT_DIR/lint-files.txt  the files in ansible-lint's scope: every YAML file git knows of (tracked
#                      or new, not ignored) outside .ansible-lint's exclude_paths. Each one
#                      without an error result counts as one passed test.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?output dir}
mkdir -p "$out"

python - "$out/lint-files.txt" <<'PY'
import subprocess, sys, yaml
excluded = [p.rstrip('/') for p in yaml.safe_load(open('.ansible-lint')).get('exclude_paths', [])]
files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '*.yml', '*.yaml'],
                       check=True, capture_output=True, text=True).stdout.split()
kept = [f for f in files if not any(f == p or f.startswith(p + '/') for p in excluded)]
open(sys.argv[1], 'w').write(''.join(f + '\n' for f in sorted(set(kept))))
print('lint: %d YAML files in scope' % len(set(kept)))
PY
exec ansible-lint --offline --profile production --nocolor --sarif-file "$out/lint.sarif"
