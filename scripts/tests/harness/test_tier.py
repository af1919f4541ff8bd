"""scripts/tier.py counts tests from JUnit XML / SARIF and decides a tier's status (`make harness`)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SCRIPTS))
import tier  # noqa: E402  pylint: disable=wrong-import-position

PYTEST_XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5">
<testcase classname="t" name="a"/>
<testcase classname="t" name="b"/>
<testcase classname="t" name="c"><failure message="assert 1 == 2">x</failure></testcase>
<testcase classname="t" name="d"><error message="fixture blew up">x</error></testcase>
<testcase classname="t" name="e"><skipped message="no docker"/></testcase>
</testsuite></testsuites>"""

# ansible-test sanity --junit: one file per sanity test, a lone <testsuites> with one case
SANITY_OK = """<?xml version="1.0" ?><testsuites><testsuite name="ansible-test" tests="1">
<testcase classname="sanity" name="pep8"/></testsuite></testsuites>"""
SANITY_SKIPPED = """<?xml version="1.0" ?><testsuites><testsuite name="ansible-test" tests="1">
<testcase classname="sanity" name="shellcheck"><skipped message="No tests applicable."/></testcase>
</testsuite></testsuites>"""


def write(folder, name, text):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_junit_counts_passed_failed_errors_and_skipped(tmp_path):
    write(tmp_path, 'pytest.xml', PYTEST_XML)
    counts = tier.count_junit(tmp_path)
    assert (counts.passed, counts.failed, counts.skipped, counts.files) == (2, 2, 1, 1)
    assert tier.verdict(1, counts) == "failed"


def test_junit_files_add_up_and_a_lone_testsuite_root_counts(tmp_path):
    write(tmp_path, 'ansible-test-sanity-pep8.xml', SANITY_OK)
    write(tmp_path, 'ansible-test-sanity-shellcheck.xml', SANITY_SKIPPED)
    write(tmp_path, 'sub/lone.xml', '<testsuite><testcase name="x"/></testsuite>')
    counts = tier.count_junit(tmp_path)
    assert (counts.passed, counts.failed, counts.skipped, counts.files) == (2, 0, 1, 3)
    assert tier.verdict(0, counts) == 'ok'


def test_nonzero_exit_without_a_failure_in_the_results_is_a_failed_tier(tmp_path):
    write(tmp_path, 'ok.xml', SANITY_OK)
    status = tier.verdict(2, tier.count_junit(tmp_path))
    assert status.startswith('command failed (exit 2)')


def test_a_failure_in_the_results_fails_the_tier_even_with_exit_0(tmp_path):
    write(tmp_path, 'pytest.xml', PYTEST_XML)
    assert tier.verdict(0, tier.count_junit(tmp_path)) == 'failed'


def test_no_results_and_no_tests_are_failures(tmp_path):
    assert tier.verdict(0, tier.count_junit(tmp_path)) == 'wrote no results'
    write(tmp_path, 'empty.xml', '<testsuites><testsuite name="pytest" tests="0"/></testsuites>')
    assert tier.verdict(0, tier.count_junit(tmp_path)) == 'ran no test'
    write(tmp_path, 'skipped.xml', SANITY_SKIPPED)
    assert tier.verdict(0, tier.count_junit(tmp_path)) == 'ran no test'  # only skipped is no test


def test_unreadable_xml_fails_the_tier(tmp_path):
    write(tmp_path, 'ok.xml', SANITY_OK)
    write(tmp_path, 'truncated.xml', '<testsuites><testsuite><testcase name="a"')
    write(tmp_path, 'other.xml', '<html><body/></html>')
    counts = tier.count_junit(tmp_path)
    assert len(counts.unreadable) == 2
    assert tier.verdict(0, counts).startswith('unreadable results')


def sarif(*results):
    return json.dumps({'version': '2.1.0', 'runs': [{'tool': {'driver': {'name': 'ansible-lint'}}, 'results': [
        {'ruleId': rule, 'level': level, 'message': {'text': 'x'},
         'locations': [{'physicalLocation': {'artifactLocation': {'uri': uri}}}]}
        for rule, level, uri in results]}]})


def test_sarif_fails_files_with_errors_and_not_with_warnings(tmp_path):
    listing = write(tmp_path, 'lint-files.txt', 'a.yml\nb.yml\nc.yml\nd.yml\n')
    report = write(tmp_path, 'lint.sarif', sarif(('name[missing]', 'error', 'a.yml'), ('yaml[line-length]', 'error', 'a.yml'),
                                                  ('fqcn[action]', 'error', 'galaxy.yml'), ('jinja[spacing]', 'warning', 'c.yml')))
    counts = tier.count_sarif(report, listing)
    assert (counts.passed, counts.failed) == (3, 2)  # b, c, d pass; a and galaxy.yml (not listed) fail
    assert tier.verdict(2, counts) == 'failed'


def test_sarif_clean_run_passes_every_listed_file(tmp_path):
    listing = write(tmp_path, 'lint-files.txt', 'a.yml\nb.yml\n')
    report = write(tmp_path, 'lint.sarif', sarif())
    counts = tier.count_sarif(report, listing)
    assert (counts.passed, counts.failed) == (2, 0)
    assert tier.verdict(0, counts) == 'ok'
    assert tier.verdict(1, counts).startswith('command failed')  # lint crashed after writing SARIF
    assert tier.count_sarif(tmp_path / 'missing.sarif', listing).unreadable


@pytest.mark.parametrize('script, expected_status, expected_rc', [
    ('write_xml("ok.xml", OK)', 'ok', 0),
    ('write_xml("ok.xml", OK); sys.exit(3)', 'command failed (exit 3) but no result says a test failed', 1),
    ('pass', 'wrote no results', 1),
])
def test_main_records_the_result(tmp_path, monkeypatch, script, expected_status, expected_rc):
    monkeypatch.setenv('HARNESS_RUN_DIR', str(tmp_path / 'run'))
    program = ('import os, sys\nOK = %r\n'
               'def write_xml(name, text):\n    open(os.path.join(os.environ["TIER_JUNIT_DIR"], name), "w").write(text)\n'
               '%s\n' % (SANITY_OK, script))
    venv = Path(sys.executable).parent.parent
    proc = subprocess.run([sys.executable, str(SCRIPTS / 'tier.py'), 'demo', str(venv), '--', sys.executable, '-c', program],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == expected_rc, proc.stdout + proc.stderr
    result = json.loads((tmp_path / 'run' / 'results' / ('demo-%s.json' % venv.name)).read_text())
    assert result['status'] == expected_status
    assert result['passed'] == (1 if 'OK' in script else 0)
