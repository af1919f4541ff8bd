# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The changelog: fragments and changelogs/changelog.yaml pass antsibull-changelog's lint, and
CHANGELOG.md / CHANGELOG.rst / changelog.yaml are what the fragments give (not stale).

Fragments are kept after a release (changelogs/config.yaml: keep_fragments: true), so until the
release is published a fragment added or edited later is folded into it with `make changelog`
(antsibull-changelog release --update-existing --refresh-fragments)."""

from __future__ import annotations

import shutil

import yaml

from conftest import REPO, run, tool

GENERATED = ['CHANGELOG.md', 'CHANGELOG.rst', 'changelogs/changelog.yaml']


def test_lint():
    proc = run([tool('antsibull-changelog'), 'lint'], cwd=REPO)
    assert proc.stdout.strip() == '' and proc.returncode == 0
    proc = run([tool('antsibull-changelog'), 'lint-changelog-yaml', 'changelogs/changelog.yaml'], cwd=REPO)
    assert proc.stdout.strip() == ''
    fragments = sorted(p.name for p in (REPO / 'changelogs' / 'fragments').iterdir())
    print('%d fragments: %s' % (len(fragments), ', '.join(fragments)))
    assert fragments


def test_changelog_is_up_to_date(tmp_path):
    galaxy = yaml.safe_load((REPO / 'galaxy.yml').read_text())
    config = yaml.safe_load((REPO / 'changelogs' / 'config.yaml').read_text())
    assert config['keep_fragments'] is True
    assert [o['file'] for o in config['output']] == ['CHANGELOG.md', 'CHANGELOG.rst']
    changelog = yaml.safe_load((REPO / 'changelogs' / 'changelog.yaml').read_text())
    release = changelog['releases'][galaxy['version']]
    fragments = sorted(p.name for p in (REPO / 'changelogs' / 'fragments').glob('*.yml'))
    assert sorted(release['fragments']) == fragments, 'fragments not in the changelog: run make changelog'

    # regenerate in a copy, with the release's own date: the result must be what is committed
    copy = tmp_path / 'repo'
    copy.mkdir()
    shutil.copytree(REPO / 'changelogs', copy / 'changelogs')
    shutil.copy(REPO / 'galaxy.yml', copy / 'galaxy.yml')
    for name in ('CHANGELOG.md', 'CHANGELOG.rst'):
        shutil.copy(REPO / name, copy / name)
    run([tool('antsibull-changelog'), 'release', '--version', galaxy['version'], '--date', str(release['release_date']),
         '--update-existing', '--refresh-fragments'], cwd=copy)
    stale = [name for name in GENERATED if (copy / name).read_text() != (REPO / name).read_text()]
    assert not stale, '%s stale: run make changelog and commit the result' % ', '.join(stale)


def test_readme_links_changelog_and_docs():
    readme = (REPO / 'README.md').read_text()
    for target in ('CHANGELOG.md', 'docs/awx.md', 'docs/architecture.md'):
        assert '](%s' % target in readme, target
