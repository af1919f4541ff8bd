# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Version lifecycle (issue 18.4): Atlas's Deprecation/Sunset headers give one warning per run (the
version, the dates, and that a newer collection release uses a newer version), however many tasks,
hosts, forks and in-process workers see them; a version Atlas no longer serves (410 VERSION_GONE)
fails the task saying to upgrade the collection, with nothing retried."""

from __future__ import annotations

import json

import yaml

from conftest import PUBLIC_KEY, adhoc_result, figure, requests_in_words, write_vars

HOSTS = 4
WARNING = ('[WARNING]: Atlas marks version 2023-01-01 of its Administration API, which this release of '
           'atlasops.networking uses, as deprecated since 2024-08-05; Atlas stops serving it on 2027-07-01 (Sunset). '
           'A newer release of atlasops.networking uses a newer API version: upgrade the collection '
           '(ansible-galaxy collection install --upgrade atlasops.networking).')


def _playbook(path):
    info = [('network_container_info', {}), ('network_peering_info', {}), ('access_list_info', {'with_status': False})]
    tasks = []
    for in_process in (True, False):
        for module, args in info:
            tasks.append({'name': '%s (%s)' % (module, 'in process' if in_process else 'module path'),
                          'atlasops.networking.%s' % module: args,
                          'vars': {'atlasops_networking_in_process': in_process}})
    path.write_text(yaml.safe_dump([{
        'name': 'Read with a deprecated API version', 'hosts': 'all', 'gather_facts': False,
        'module_defaults': {'group/atlasops.networking.atlas': {
            'base_url': '{{ atlas_base_url }}', 'project_id': '{{ atlas_project_id }}',
            'public_key': '{{ atlas_public_key }}', 'private_key': '{{ atlas_private_key }}'}},
        'tasks': tasks}], sort_keys=False))
    return path, len(tasks)


def test_a_deprecated_version_warns_once_per_run(shared_sim, ansible, tmp_path):
    sim = shared_sim
    project = sim.new_project()
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text(''.join('reader%d ansible_connection=local\n' % number for number in range(HOSTS)))
    playbook, tasks = _playbook(tmp_path / 'deprecated.yml')
    extra = write_vars(tmp_path / 'vars.json', atlas_base_url=sim.url, atlas_project_id=project,
                       atlas_public_key=PUBLIC_KEY, atlas_private_key=sim.private_key)
    sim.control('POST', '/_sim/versions', {'version': '2023-01-01', 'deprecation': '2024-08-05', 'sunset': '2027-07-01'})
    try:
        run = ansible('playbook', '-i', inventory, '--forks', str(HOSTS), playbook, '-e', extra)
    finally:
        sim.control('DELETE', '/_sim/versions')
    assert run.rc == 0, run
    assert all(host['ok'] == tasks and host['failed'] == 0 for host in run.recap.values()), run
    warnings = [line for line in run.output.splitlines() if 'deprecated since' in line]
    assert warnings == [WARNING], warnings  # one, for 4 hosts x 6 tasks, in process and module path
    log = sim.requests(project)
    figure('18.4 version lifecycle', 'deprecated 2023-01-01 (sunset 2027-07-01): ok, %d module tasks on %d forks '
           '(in process and module path); requests: %d GETs; warnings shown: %d: %s'
           % (HOSTS * tasks, HOSTS, len([e for e in log if e['status'] == 200]), len(warnings), warnings[0]))


def test_a_gone_version_fails_saying_to_upgrade(shared_sim, ansible):
    sim = shared_sim
    project = sim.new_project()
    sim.control('POST', '/_sim/versions', {'version': '2023-01-01', 'deprecation': '2024-08-05', 'sunset': '2025-07-01',
                                           'gone': True})
    try:
        run = ansible('adhoc', 'localhost', '-m', 'atlasops.networking.network_container', '-a', json.dumps(dict(
            base_url=sim.url, project_id=project, public_key=PUBLIC_KEY, private_key=sim.private_key,
            provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')))
    finally:
        sim.control('DELETE', '/_sim/versions')
    message = adhoc_result(run)['msg']
    log = sim.requests(project)
    assert run.rc != 0, run
    assert message.startswith('Atlas API 410 VERSION_GONE')
    assert 'Atlas no longer serves API version 2023-01-01, which this release of atlasops.networking uses' in message
    assert 'upgrade the collection (ansible-galaxy collection install --upgrade atlasops.networking)' in message
    assert [entry['status'] for entry in log if entry['status'] != 401] == [410], log  # not retried, nothing written
    figure('18.4 version lifecycle', 'gone 2023-01-01: failed; requests: %s; message: %s'
           % (requests_in_words(log), message))
