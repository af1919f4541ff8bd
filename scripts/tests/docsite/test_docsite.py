"""The documentation site as a reader gets it (`make docs-check`, once in `make test`).

The site is built once into a temporary folder by scripts/docs-site.sh (antsibull-docs + Sphinx
with -W: any warning fails the build), then: every module, plugin and role of the collection has
its page (found from the repository, so new content is covered without listing it here), the
guides and the changelog are there, every internal link and anchor resolves, and headless
Chromium, fetching the site from a loopback HTTP server, renders the index and a module page with
its options table. The module page's screenshot is saved to tests/output/docsite/.
"""
import functools
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SCREENSHOTS = REPO / 'tests' / 'output' / 'docsite'
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--hide-scrollbars', '--window-size=1280,2800']  # tall enough to show the options table
# plugin folder -> suffix of its page name (antsibull-docs: <name>_<type>.html)
PLUGIN_TYPES = {'modules': 'module', 'inventory': 'inventory', 'lookup': 'lookup', 'filter': 'filter',
                'test': 'test', 'callback': 'callback', 'connection': 'connection', 'become': 'become',
                'cache': 'cache', 'vars': 'vars'}


def env():
    return dict(os.environ, PATH='%s:%s' % (BIN, os.environ['PATH']))


@pytest.fixture(scope='session')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('docsite')
    proc = subprocess.run([str(REPO / 'scripts' / 'docs-site.sh'), str(out)], capture_output=True, text=True,
                          env=env(), stdin=subprocess.DEVNULL, timeout=900, check=False)
    print(proc.stdout[-20000:], proc.stderr[-8000:])
    return proc, out


@pytest.fixture(scope='session')
def html_root(site):
    proc, out = site
    if proc.returncode != 0:
        pytest.fail('scripts/docs-site.sh failed (rc=%d):\n%s%s' % (proc.returncode, proc.stdout[-6000:], proc.stderr[-6000:]))
    return out / 'html'


@pytest.fixture(scope='session')
def server(html_root):
    handler = functools.partial(QuietHandler, directory=str(html_root))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium(tmp_path, url, *extra):
    binary = shutil.which('chromium') or shutil.which('chromium-browser')
    if not binary:
        pytest.fail('chromium is not installed (make docs-tools installs Debian\'s chromium)')
    profile = tmp_path / 'chromium-profile'
    profile.mkdir(exist_ok=True)
    proc = subprocess.run([binary] + CHROMIUM_FLAGS + ['--user-data-dir=%s' % profile] + list(extra) + [url],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc.stdout


class Page(html.parser.HTMLParser):
    """Links, ids, tables (as lists of cell texts) and the text of one HTML page."""

    def __init__(self, text):
        super().__init__()
        self.links, self.ids, self.tables, self.text = [], set(), [], []
        self._cells = None
        self._cell = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and attrs.get('name'):
            self.ids.add(attrs['name'])
        for key in ('href', 'src'):
            if attrs.get(key):
                self.links.append(attrs[key])
        if tag == 'table':
            self._cells = []
            self.tables.append(self._cells)
        elif tag in ('td', 'th') and self._cells is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self._cell is not None:
            self._cells.append(' '.join(''.join(self._cell).split()))
            self._cell = None
        elif tag == 'table':
            self._cells = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def expected_pages():
    """Page name -> what it documents, from the repository itself."""
    pages = {}
    for folder, suffix in PLUGIN_TYPES.items():
        base = REPO / 'plugins' / folder
        for path in sorted(base.glob('*.py')) if base.is_dir() else []:
            if path.stem != '__init__':
                pages['%s_%s.html' % (path.stem, suffix)] = 'plugins/%s/%s' % (folder, path.name)
    for role in sorted((REPO / 'roles').iterdir()):
        if (role / 'meta' / 'argument_specs.yml').exists() or (role / 'meta' / 'argument_specs.yaml').exists():
            pages['%s_role.html' % role.name] = 'roles/%s' % role.name
    for guide in sorted((REPO / 'docs').glob('*.md')):
        pages['docsite/guide_%s.html' % guide.stem] = 'docs/%s' % guide.name
    for readme in sorted((REPO / 'roles').glob('*/README.md')):
        pages['docsite/role_%s.html' % readme.parent.name] = str(readme.relative_to(REPO))
    pages['docsite/changelog.html'] = 'CHANGELOG.rst'
    return pages


def module_options(site_out, module):
    proc = subprocess.run([str(BIN / 'ansible-doc'), '--json', 'atlasops.networking.%s' % module],
                          env=dict(env(), ANSIBLE_COLLECTIONS_PATH=str(site_out / 'collections')),
                          capture_output=True, text=True, check=True, timeout=120)
    return sorted(json.loads(proc.stdout)['atlasops.networking.%s' % module]['doc']['options'])


def test_site_builds_without_warnings(site):
    proc, _out = site
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if 'WARNING' in line or 'ERROR' in line]
    assert warnings == []


def test_every_module_plugin_role_guide_has_a_page(html_root):
    missing = dict((page, source) for page, source in expected_pages().items() if not (html_root / page).is_file())
    assert missing == {}, 'no page for: %s' % missing
    index = Page((html_root / 'index.html').read_text())
    for page in expected_pages():
        assert any(urllib.parse.urlsplit(link).path == page for link in index.links), page


def test_internal_links_and_anchors_resolve(html_root):
    pages = dict((path, Page(path.read_text(errors='replace'))) for path in html_root.rglob('*.html'))
    broken = []
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(('mailto:', 'javascript:', 'data:')):
                continue  # external: not checked (no network)
            link_path = urllib.parse.unquote(parts.path)
            if link_path.startswith('/'):  # the theme's home link: the site's root, as it is served
                target = html_root / link_path.lstrip('/')
            else:
                target = (path.parent / link_path).resolve() if link_path else path
            if target.is_dir():
                target = target / 'index.html'
            checked += 1
            if not target.exists():
                broken.append('%s: %s (no such file)' % (path.relative_to(html_root), link))
            elif parts.fragment and target.suffix == '.html':
                target_page = pages.get(target) or Page(target.read_text(errors='replace'))
                if parts.fragment not in target_page.ids:
                    broken.append('%s: %s (no such anchor)' % (path.relative_to(html_root), link))
    assert checked > 100, checked
    assert broken == [], '\n'.join(broken)


def test_index_renders_in_chromium(server, tmp_path):
    dom = Page(chromium(tmp_path, server + '/index.html', '--dump-dom'))
    text = ' '.join(''.join(dom.text).split())
    assert 'atlasops.networking' in text
    modules = [page for page in expected_pages() if page.endswith('_module.html')]
    assert modules and all(any(link.endswith(page) for link in dom.links) for page in modules), dom.links


def test_module_page_renders_its_options_table(server, site, tmp_path):
    _proc, out = site
    module = 'network_peering' if (REPO / 'plugins/modules/network_peering.py').exists() else \
        sorted(p.stem for p in (REPO / 'plugins/modules').glob('*.py') if p.stem != '__init__')[0]
    url = '%s/%s_module.html' % (server, module)
    dom = Page(chromium(tmp_path, url, '--dump-dom'))
    options = module_options(out, module)
    # the options table: the one table whose first column names every documented option
    tables = [cells for cells in dom.tables if 'Parameter' in ' '.join(cells[:3])]
    assert tables, 'no "Parameter" table on %s' % url
    cells = ' '.join(tables[0])
    missing = [option for option in options if option not in cells]
    assert missing == [], missing

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / ('%s_module.png' % module)
    if shot.exists():
        shot.unlink()
    chromium(tmp_path, url, '--screenshot=%s' % shot)
    assert shot.exists() and shot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert shot.stat().st_size > 20000, 'a screenshot this small is a blank page'
    print('screenshot: %s' % shot)
