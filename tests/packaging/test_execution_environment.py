# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An execution environment with this collection: `ansible-builder create` accepts the definition
(the collection taken from the built tarball, as docs/awx.md shows), and the build context's own
introspection finds the collection's Python requirements (requests, pydantic) in the tarball's
meta/execution-environment.yml, as the image build does. No container runtime is needed."""

from __future__ import annotations

import re
import sys

import yaml

from conftest import REPO, run, tool


def _requirement_names(text):
    return {re.split(r'[<>=!~;\s\[]', line.strip(), maxsplit=1)[0].lower()
            for line in text.splitlines() if line.strip() and not line.strip().startswith('#')}


def test_ansible_builder_create(tmp_path, tarball):
    ee = tmp_path / 'execution-environment.yml'
    ee.write_text(yaml.safe_dump({
        'version': 3,
        'images': {'base_image': {'name': 'quay.io/ansible/awx-ee:latest'}},
        'dependencies': {
            'galaxy': {'collections': [{'name': 'collections/%s' % tarball.name, 'type': 'file'}]},
        },
        'additional_build_files': [{'src': str(tarball), 'dest': 'collections'}],
    }, sort_keys=False))
    context = tmp_path / 'context'
    run([tool('ansible-builder'), 'create', '-f', ee, '-c', context, '--output-filename', 'Containerfile', '-v', '3'],
        cwd=tmp_path)

    containerfile = (context / 'Containerfile').read_text()
    build = context / '_build'
    print('build context:', sorted(str(p.relative_to(context)) for p in context.rglob('*') if p.is_file()))
    assert (build / 'collections' / tarball.name).read_bytes() == tarball.read_bytes()
    requirements = yaml.safe_load((build / 'requirements.yml').read_text())
    assert requirements['collections'] == [{'name': 'collections/%s' % tarball.name, 'type': 'file'}]
    assert 'ansible-galaxy collection install' in containerfile
    assert re.search(r'introspect', containerfile)

    # What the image build does next: install the collections, then introspect them for Python and
    # system requirements. Here with the context's own introspect script, on the tarball it holds.
    collections = tmp_path / 'installed'
    run([tool('ansible-galaxy'), 'collection', 'install', '-r', build / 'requirements.yml', '-p', collections],
        cwd=build)
    introspect = build / 'scripts' / 'introspect.py'
    assert introspect.is_file()
    pip_out = tmp_path / 'requirements-combined.txt'
    proc = run([sys.executable, introspect, 'introspect', collections, '--write-pip', pip_out], cwd=tmp_path)
    combined = pip_out.read_text()
    print(combined)
    ours = _requirement_names((REPO / 'requirements.txt').read_text())
    assert ours == {'requests', 'pydantic'}
    assert ours <= _requirement_names(combined), combined
    assert 'atlasops.networking' in proc.stdout + combined

    # the collection's EE metadata is what the introspection read
    meta = yaml.safe_load((REPO / 'meta' / 'execution-environment.yml').read_text())
    assert meta['version'] == 3 and meta['dependencies']['python'] == 'requirements.txt'
