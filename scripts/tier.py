#!/usr/bin/env python3
"""Run one test tier, show its output, count its tests from machine-readable results, record it.

    scripts/tier.py TIER VENV_DIR [--sarif] -- COMMAND [ARGS...]

Every tier writes results a program can read, never a closing line to scrape:

* JUnit XML (the default): ansible-test sanity --junit, ansible-test units (pytest), pytest
  --junit-xml and scripts/integration.sh (one test case per integration target, from
  ansible-test's exit code) write into the empty folder this script makes for the tier and
  exports as TIER_JUNIT_DIR; a "{junit}" in COMMAND is replaced with that folder.
* --sarif (ansible-lint): COMMAND writes SARIF to {junit}/lint.sarif; each file with an error
  result is one failure, every other file of the listing in {junit}/lint-files.txt one pass.

The verdict also reads the exit status, so a new tool version cannot turn a failure into a pass
or a pass into "ran no test": a tier fails when the command exits non-zero (whatever its results
say), when a result says a test failed (whatever the exit status), when it wrote no readable
results, or when it ran no test at all.

The output is shown as it comes and kept in tests/output/logs/TIER-<venv>.log; the result goes to
.tmp/results/TIER-<venv>.json for scripts/summary.py (both under $HARNESS_RUN_DIR when set), the
XML beside it in .tmp/results/junit/TIER-<venv>/.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Counts(object):
    """Tests counted from results: passed, failed, skipped, plus the results that could not be read."""

    def __init__(self, passed=0, failed=0, skipped=0, unreadable=None, files=0):
        self.passed, self.failed, self.skipped, self.files = passed, failed, skipped, files
        self.unreadable = list(unreadable or [])

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.files += other.files
        self.unreadable += other.unreadable
        return self


def count_junit_file(path):
    """Count the <testcase> elements of one JUnit XML file (a <testsuites> or a lone <testsuite>)."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except (ElementTree.ParseError, OSError) as error:
        return Counts(unreadable=['%s: %s' % (path, error)])
    if root.tag not in ('testsuites', 'testsuite'):
        return Counts(unreadable=['%s: root element <%s> is not JUnit' % (path, root.tag)])
    counts = Counts(files=1)
    for case in root.iter('testcase'):
        if case.find('failure') is not None or case.find('error') is not None:
            counts.failed += 1
        elif case.find('skipped') is not None:
            counts.skipped += 1
        else:
            counts.passed += 1
    return counts


def count_junit(folder):
    """Add up every *.xml under folder."""
    counts = Counts()
    for path in sorted(Path(folder).rglob('*.xml')):
        counts.add(count_junit_file(path))
    return counts


def count_sarif(sarif_path, listing_path):
    """ansible-lint: a file with an error-level SARIF result failed; every other listed file passed.

    Warning-level results (rules in warn_list) do not fail a file, as they do not fail ansible-lint."""
    try:
        sarif = json.loads(Path(sarif_path).read_text())
        listed = [line.strip() for line in Path(listing_path).read_text().splitlines() if line.strip()]
    except (OSError, ValueError) as error:
        return Counts(unreadable=[str(error)])
    bad = set()
    for run in sarif.get('runs', []):
        for result in run.get('results', []):
            if result.get('level', 'error') != 'error':
                continue
            locations = result.get('locations') or [{}]
            uri = locations[0].get('physicalLocation', {}).get('artifactLocation', {}).get('uri', '?')
            bad.add(uri)
    return Counts(passed=len(set(listed) - bad), failed=len(bad), files=1)


def verdict(rc, counts):
    """The tier's status: "ok" or why it is not (see the module docstring)."""
    if counts.unreadable:
        return 'unreadable results: ' + '; '.join(counts.unreadable)
    if counts.failed:
        return 'failed'
    if rc != 0:
        return 'command failed (exit %d) but no result says a test failed' % rc
    if counts.files == 0:
        return 'wrote no results'
    if counts.passed == 0:
        return 'ran no test'
    return 'ok'


def venv_versions(venv):
    py = Path(venv) / 'bin' / 'python'
    return subprocess.run(
        [str(py), '-c', "import ansible, sys; print(ansible.__version__, '%d.%d' % sys.version_info[:2])"],
        check=True, capture_output=True, text=True).stdout.split()


def run_streamed(cmd, log_path, env):
    """Run cmd, echo its output line by line into the log and stdout; return the exit status."""
    start = time.monotonic()
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors='replace', stdin=subprocess.DEVNULL, env=env)
        for line in proc.stdout:
            if "Location 'file:///opt/pypi" in line:  # this machine's pip config; noise only
                continue
            if line.startswith('Running '):  # each sanity test / integration target: show when
                line = '[%6.0fs] %s' % (time.monotonic() - start, line)
            sys.stdout.write(line)
            sys.stdout.flush()
            log.write(line)
        return proc.wait()


def main(argv):
    if '--' not in argv or argv.index('--') < 2 or argv.index('--') == len(argv) - 1:
        sys.exit(__doc__)
    split = argv.index('--')
    (tier, venv), options, cmd = argv[:2], argv[2:split], argv[split + 1:]
    sarif = '--sarif' in options
    venv_name = Path(venv).name
    core, pyver = venv_versions(venv)

    # HARNESS_RUN_DIR (set by `make test`) keeps one run's logs and results apart from any
    # other tier someone runs at the same time; a tier run alone uses the default places.
    run_dir = os.environ.get('HARNESS_RUN_DIR')
    logs = Path(run_dir) / 'logs' if run_dir else ROOT / 'tests' / 'output' / 'logs'
    results = Path(run_dir) / 'results' if run_dir else ROOT / '.tmp' / 'results'
    junit = results / 'junit' / ('%s-%s' % (tier, venv_name))
    shutil.rmtree(str(junit), ignore_errors=True)
    junit.mkdir(parents=True)
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / ('%s-%s.log' % (tier, venv_name))

    print('===== %s: ansible-core %s on Python %s (%s) =====' % (tier, core, pyver, venv), flush=True)
    env = dict(os.environ, TIER_JUNIT_DIR=str(junit))
    start = time.monotonic()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = run_streamed([arg.replace('{junit}', str(junit)) for arg in cmd], log_path, env)
    seconds = time.monotonic() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU the tier used (its processes, once they were waited for): how much of its wall time
    # it needs a core, which is what scripts/test-all.sh's scheduling is based on
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)

    counts = count_sarif(junit / 'lint.sarif', junit / 'lint-files.txt') if sarif else count_junit(junit)
    status = verdict(rc, counts)
    result = dict(tier=tier, venv=venv_name, ansible_core=core, python=pyver, passed=counts.passed,
                  failed=counts.failed, skipped=counts.skipped, rc=rc, status=status, seconds=round(seconds, 1), cpu_seconds=round(cpu, 1),
                  log=os.path.relpath(str(log_path), str(ROOT)), results=os.path.relpath(str(junit), str(ROOT)))
    (results / ('%s-%s.json' % (tier, venv_name))).write_text(json.dumps(result, indent=1))
    print('----- %s (ansible-core %s, Python %s): %d passed, %d failed, %d skipped, %s, %.0fs (%.0fs CPU); log: %s' % (
        tier, core, pyver, counts.passed, counts.failed, counts.skipped, status, seconds, cpu, result['log']), flush=True)
    return 0 if status == 'ok' else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
