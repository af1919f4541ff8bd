#!/usr/bin/env python3
"""A loopback HTTP proxy in front of the simulator that has no /_sim/ controls, as real Atlas has none.

    real_mode_proxy.py SIM_URL REFUSED_LOG

Used by scripts/integration-realmode.sh: the integration targets get this proxy's URL as
atlas_base_url, so in real Atlas mode a /_sim/ step that is not switched off fails as it would
against cloud.mongodb.com. Every other request is passed to the simulator unchanged (method, path,
query, headers, body) and its answer returned unchanged. A /_sim/ request is answered 404 with an
Atlas-shaped error body and appended to REFUSED_LOG (one "METHOD PATH" a line), which the script
reads after the run.

Binds 127.0.0.1 on a free port and prints "listening on http://127.0.0.1:PORT" as its first line.
"""
import http.client
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Hop-by-hop headers (RFC 9110 7.6.1) are the proxy's own business, never passed on.
HOP_BY_HOP = {'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te',
              'trailer', 'transfer-encoding', 'upgrade'}


class Proxy(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    upstream = None  # (host, port)
    refused_log = None
    lock = threading.Lock()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the simulator logs every request already."""

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else None

    def _answer(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP and name.lower() != 'content-length':
                self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _refuse(self):
        with self.lock, open(self.refused_log, 'a', encoding='utf-8') as log:
            log.write('%s %s\n' % (self.command, self.path))
        body = json.dumps({'detail': 'real Atlas mode: %s is a simulator control, not served' % self.path,
                           'error': 404, 'errorCode': 'RESOURCE_NOT_FOUND', 'parameters': [],
                           'reason': 'Not Found'}).encode()
        self._answer(404, [('Content-Type', 'application/json')], body)

    def _forward(self):
        body = self._body()
        if urlsplit(self.path).path.startswith('/_sim'):
            self._refuse()
            return
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(*self.upstream, timeout=300)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            self._answer(answer.status, answer.getheaders(), answer.read())
        except (OSError, http.client.HTTPException):
            # The simulator closed the connection: do the same, as a broken network would.
            self.close_connection = True
        finally:
            upstream.close()

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _forward


def main(sim_url, refused_log):
    target = urlsplit(sim_url)
    Proxy.upstream = (target.hostname, target.port)
    Proxy.refused_log = refused_log
    open(refused_log, 'a', encoding='utf-8').close()
    server = ThreadingHTTPServer(('127.0.0.1', 0), Proxy)
    server.daemon_threads = True
    print('listening on http://127.0.0.1:%d' % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
