# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One atlas-sim process on a free loopback port, for the suites that run real Ansible against it
(tests/packaging, tests/reliability). Started with ``--port 0``; its first stdout line names the port."""

from __future__ import annotations

import json
import re
import select
import subprocess
import time
import urllib.request

START_TIMEOUT_SECONDS = 30


class SimProcess(object):
    """A running atlas-sim and the parts of its control API every suite uses."""

    def __init__(self, executable, args, log_path):
        self.args = list(args)
        self.log_path = log_path
        self._log = open(log_path, 'wb')
        self.process = subprocess.Popen([executable, '--host', '127.0.0.1', '--port', '0'] + self.args,
                                        stdout=subprocess.PIPE, stderr=self._log)
        self.url = self._read_url()

    def _read_url(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        line = b''
        while time.monotonic() < deadline:
            if select.select([self.process.stdout], [], [], 0.5)[0]:
                line = self.process.stdout.readline()
                break
            if self.process.poll() is not None:
                break
        match = re.match(r'listening on (http://\S+)', line.decode('utf-8', 'replace'))
        if not match:
            self.stop()
            raise RuntimeError('atlas-sim did not start: %r (log %s)' % (line, self.log_path))
        return match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
        return json.loads(content) if content else None

    def new_project(self):
        return self.control('POST', '/_sim/projects', {})['id']

    def _log_path(self, group_id):
        return '/_sim/requests' + ('?group_id=%s' % group_id if group_id else '')

    def requests(self, group_id=None):
        return self.control('GET', self._log_path(group_id))['requests']

    def count(self, group_id=None):
        return self.control('GET', self._log_path(group_id))['count']
