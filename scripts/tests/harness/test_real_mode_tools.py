"""The tools of `make integration-realmode` (`make harness`): the proxy without /_sim/ and the project-empty check.

Both can fail: the proxy refuses and records a /_sim/ request, and the check fails while the
project still holds something, naming what.
"""
import json
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from requests.auth import HTTPDigestAuth

SCRIPTS = Path(__file__).resolve().parents[2]
ATLAS_SIM = Path(sys.executable).parent / 'atlas-sim'


def start(argv):
    """Start a server that prints 'listening on URL' first; return (process, url)."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    assert line.startswith('listening on '), line
    return process, line.split()[2]


class Echo(BaseHTTPRequestHandler):
    """An upstream that answers every request with what it received."""
    protocol_version = 'HTTP/1.1'
    seen = []

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def _echo(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode() if length else ''
        Echo.seen.append(self.path)
        answer = json.dumps({'method': self.command, 'path': self.path, 'body': body,
                             'accept': self.headers.get('Accept')}).encode()
        self.send_response(201 if self.command == 'POST' else 200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('X-Upstream', 'yes')
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_DELETE = do_PATCH = _echo


@pytest.fixture
def proxy(tmp_path):
    upstream = ThreadingHTTPServer(('127.0.0.1', 0), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    refused = tmp_path / 'refused.log'
    process, url = start([sys.executable, str(SCRIPTS / 'real_mode_proxy.py'),
                          'http://127.0.0.1:%d' % upstream.server_address[1], str(refused)])
    Echo.seen = []
    try:
        yield url, refused
    finally:
        process.terminate()
        process.wait(10)
        upstream.shutdown()


def test_the_proxy_passes_the_api_through_unchanged(proxy):
    url, refused = proxy
    with requests.Session() as session:  # one connection, several requests (keep-alive)
        got = session.get(url + '/api/atlas/v2/groups/x/peers?providerName=AZURE',
                          headers={'Accept': 'application/vnd.atlas.2023-01-01+json'})
        posted = session.post(url + '/api/atlas/v2/groups/x/accessList', json=[{'ipAddress': '192.0.2.1'}])
    assert got.status_code == 200 and got.headers['X-Upstream'] == 'yes'
    assert got.json() == {'method': 'GET', 'path': '/api/atlas/v2/groups/x/peers?providerName=AZURE', 'body': '',
                          'accept': 'application/vnd.atlas.2023-01-01+json'}
    assert posted.status_code == 201
    assert json.loads(posted.json()['body']) == [{'ipAddress': '192.0.2.1'}]
    assert refused.read_text() == ''


def test_the_proxy_refuses_and_records_simulator_controls(proxy):
    url, refused = proxy
    answer = requests.post(url + '/_sim/projects', json={})
    assert answer.status_code == 404
    assert answer.json()['errorCode'] == 'RESOURCE_NOT_FOUND'
    assert 'simulator control' in answer.json()['detail']
    assert requests.get(url + '/_sim/requests?group_id=1').status_code == 404
    assert refused.read_text().splitlines() == ['POST /_sim/projects', 'GET /_sim/requests?group_id=1']
    assert not any(path.startswith('/_sim') for path in Echo.seen)


@pytest.fixture
def simulator(tmp_path):
    if not ATLAS_SIM.exists():
        pytest.skip('atlas-sim is not installed in this venv')
    process, url = start([str(ATLAS_SIM), '--host', '127.0.0.1', '--port', '0', '--transition-seconds', '0'])
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def run_check(url, project, junit):
    env = {'MONGODB_ATLAS_PUBLIC_KEY': 'atlassim', 'MONGODB_ATLAS_PRIVATE_KEY': 'atlassim-private-key', 'PATH': '/usr/bin:/bin'}
    return subprocess.run([sys.executable, str(SCRIPTS / 'atlas_project_empty.py'), url, project, '--junit', str(junit)],
                          capture_output=True, text=True, env=env, check=False)


def failures(junit):
    return sorted(case.get('name') for case in ElementTree.parse(str(junit)).getroot().iter('testcase')
                  if case.find('failure') is not None)


def test_the_empty_check_fails_until_the_project_is_empty(simulator, tmp_path):
    project = requests.post(simulator + '/_sim/projects', json={}).json()['id']
    api = simulator + '/api/atlas/v2/groups/' + project
    auth = HTTPDigestAuth('atlassim', 'atlassim-private-key')
    version = {'Accept': 'application/vnd.atlas.2023-01-01+json', 'Content-Type': 'application/json'}
    container = requests.post(api + '/containers', auth=auth, headers=version, json={
        'providerName': 'AWS', 'regionName': 'US_EAST_1', 'atlasCidrBlock': '192.168.248.0/21'})
    assert container.ok, container.text
    assert requests.post(api + '/accessList', auth=auth, headers=version, json=[{'ipAddress': '192.0.2.7'}]).ok

    left = run_check(simulator, project, tmp_path / 'left.xml')
    assert left.returncode == 1, left.stdout + left.stderr
    assert 'NOT empty: network containers (every provider), IP access list' in left.stdout
    assert failures(tmp_path / 'left.xml') == ['IP access list', 'network containers (every provider)']

    assert requests.delete(api + '/containers/' + container.json()['id'], auth=auth, headers=version).ok
    assert requests.delete(api + '/accessList/192.0.2.7', auth=auth, headers=version).ok
    empty = run_check(simulator, project, tmp_path / 'empty.xml')
    assert empty.returncode == 0, empty.stdout + empty.stderr
    assert 'project %s: empty (14 lists read)' % project in empty.stdout
    assert failures(tmp_path / 'empty.xml') == []


def test_the_empty_check_fails_on_a_list_it_cannot_read(simulator, tmp_path):
    """A wrong credential is not an empty project."""
    project = requests.post(simulator + '/_sim/projects', json={}).json()['id']
    env_check = subprocess.run(
        [sys.executable, str(SCRIPTS / 'atlas_project_empty.py'), simulator, project],
        capture_output=True, text=True, check=False,
        env={'MONGODB_ATLAS_PUBLIC_KEY': 'atlassim', 'MONGODB_ATLAS_PRIVATE_KEY': 'wrong', 'PATH': '/usr/bin:/bin'})
    assert env_check.returncode == 1
    assert 'not readable: GET' in env_check.stdout and 'HTTP 401' in env_check.stdout
