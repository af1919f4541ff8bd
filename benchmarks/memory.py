#!/usr/bin/env python3
"""Peak RSS of one module run.

* module process: the module run by the Python interpreter the way AnsiballZ ends up running it
  (``python -m ansible_collections.atlasops.networking.plugins.modules.network_peering args.json``),
  a no-op against a private simulator, next to ``ansible.builtin.uri`` doing the same GET;
* playbook: the largest process of a one-task ``ansible-playbook`` run (the controller's main
  process) in process and on the module path.
Writes benchmarks/results/memory.json.

    .venv/bin/python benchmarks/memory.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402


def module_rss(module, args, collections):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    env = dict(os.environ, PYTHONPATH=collections)
    try:
        rss, answer = benchlib.child_peak_rss_mib([sys.executable, '-m', module, handle.name], env=env)
    finally:
        os.unlink(handle.name)
    if answer['rc'] != 0 or '"changed": false' not in answer['out']:
        raise RuntimeError('%s failed: %s %s' % (module, answer['out'], answer['err']))
    return round(rss, 1)


def main():
    results = {}
    with benchlib.simulator() as url, benchlib.collection_path() as collections:
        atlas = benchlib.Atlas(url)
        group = atlas.project()
        container = atlas.aws_container(group)
        peering = atlas.aws_peering(group, container, 1)
        atlas.accept(peering['id'])
        body = benchlib.aws_peer_body(container, 1)
        args = dict(base_url=url, public_key=benchlib.PUBLIC_KEY, private_key=benchlib.PRIVATE_KEY, project_id=group,
                    container_id=container, vpc_id=body['vpcId'], aws_account_id=body['awsAccountId'],
                    route_table_cidr_block=body['routeTableCidrBlock'], accepter_region_name='us-east-1')
        results['module_process_network_peering_mib'] = module_rss(
            'ansible_collections.atlasops.networking.plugins.modules.network_peering', args, collections)
        results['module_process_uri_mib'] = module_rss('ansible.modules.uri', dict(
            url='%s/api/atlas/v2/groups/%s/peers?providerName=AWS' % (url, group), url_username=benchlib.PUBLIC_KEY,
            url_password=benchlib.PRIVATE_KEY, headers={'Accept': benchlib.ACCEPT}), collections)
        task = ('- hosts: localhost\n  gather_facts: false\n  tasks:\n    - atlasops.networking.network_peering: %s\n'
                % json.dumps(args))
        playbook = tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False)
        playbook.write(task)
        playbook.close()
        try:
            for name, switch in (('playbook_in_process_mib', 'true'), ('playbook_module_path_mib', 'false')):
                env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ATLASOPS_NETWORKING_IN_PROCESS=switch,
                           ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
                rss, answer = benchlib.child_peak_rss_mib([benchlib.tool('ansible-playbook'), playbook.name], env=env)
                if answer['rc'] != 0:
                    raise RuntimeError(answer['out'] + answer['err'])
                results[name] = round(rss, 1)
        finally:
            os.unlink(playbook.name)
    print(json.dumps(results, indent=2))
    print('written to %s' % benchlib.save('memory', results))


if __name__ == '__main__':
    main()
