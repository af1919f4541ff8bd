#!/usr/bin/env python3
"""Role overhead: the peering role against its own module tasks and against debug tasks.

One inventory host per Atlas project (``ansible_connection=local``), ``--forks`` workers, a
private simulator with ``--transition-seconds 0``. For each variant the playbook runs twice on
fresh projects: the first run creates (container, AWS peering, access list entry), the second
changes nothing. Variants, each on its own set of projects:

- ``role``: ``atlasops.networking.peering`` for AWS, as a user calls it;
- ``modules``: the three module tasks the role wraps (network_container, network_peering,
  access_list), with the same arguments;
- ``skeleton``: a role with the same ``meta/argument_specs.yml`` whose tasks are only the three
  module tasks, included the same way: what a role that runs one task per module costs at least
  (``include_role`` and Ansible's argument check included);
- ``debug_like_role``: as many ``ansible.builtin.debug`` tasks as the role produced task results
  per host (read from the role's own run);
- ``debug_3``: three ``debug`` tasks.

Wall time and CPU time (user + system of ansible-playbook and every process it waited for: the
forked workers, module processes; not the simulator) are both reported: on a shared machine the
wall time swings with the load, the CPU time much less.

The table (medians of ``--repeat`` rounds; each round runs every variant once, interleaved, so
load on the machine affects all variants alike) goes to benchmarks/results/role_overhead.json.
The issue-14 targets: the role's first and second runs each at most 1.5x its module tasks.

    .venv/bin/python benchmarks/role_overhead.py [--projects 60] [--forks 20] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402

AWS_CIDR = '192.168.248.0/21'
TARGET_RATIO = 1.5
RECAP = re.compile(r'^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)', re.M)

ROLE_TASK = '''
    - name: Peer the AWS VPC
      ansible.builtin.include_role:
        name: atlasops.networking.peering
      vars:
        atlas_peering_provider: AWS
        atlas_peering_region: US_EAST_1
        atlas_peering_atlas_cidr_block: %s
        atlas_peering_vpc_id: "{{ bench_vpc_id }}"
        atlas_peering_aws_account_id: "123456789012"
        atlas_peering_route_table_cidr_block: "{{ bench_route_table_cidr_block }}"
''' % AWS_CIDR

MODULE_TASKS = '''
    - name: Ensure the network container
      atlasops.networking.network_container:
        project_id: "{{ atlas_peering_project_id }}"
        provider_name: AWS
        region: US_EAST_1
        atlas_cidr_block: %s
      register: bench_container

    - name: Ensure the AWS peering connection
      atlasops.networking.network_peering:
        project_id: "{{ atlas_peering_project_id }}"
        provider_name: AWS
        container_id: "{{ bench_container.container.id }}"
        vpc_id: "{{ bench_vpc_id }}"
        aws_account_id: "123456789012"
        route_table_cidr_block: "{{ bench_route_table_cidr_block }}"
        accepter_region_name: us-east-1
        wait: true

    - name: Ensure the access list entry of the peer network
      atlasops.networking.access_list:
        project_id: "{{ atlas_peering_project_id }}"
        entries:
          - cidr_block: "{{ bench_route_table_cidr_block }}"
            comment: peering benchmark
        wait: true
''' % AWS_CIDR

SKELETON_TASK = ROLE_TASK.replace('atlasops.networking.peering', 'peering_skeleton')
# The skeleton role's tasks are the module tasks themselves.
SKELETON_ROLE_TASKS = '---\n' + textwrap.dedent(MODULE_TASKS)

DEBUG_TASK = '''
    - name: Debug task %d
      ansible.builtin.debug:
        msg: "{{ atlas_peering_project_id }}"
'''


def playbook(tasks):
    return '''- name: Role overhead benchmark
  hosts: atlas_projects
  gather_facts: false
  tasks:
''' + tasks


def inventory(groups):
    lines = ['[atlas_projects]']
    for number, group_id in enumerate(groups, 1):
        lines.append('p%04d ansible_connection=local ansible_python_interpreter=%s atlas_peering_project_id=%s '
                     'bench_vpc_id=vpc-%017x bench_route_table_cidr_block=10.%d.%d.0/24'
                     % (number, sys.executable, group_id, number, number // 256 % 256, number % 256))
    return '\n'.join(lines) + '\n'


def skeleton_role(workdir):
    """roles/peering_skeleton in ``workdir``: the peering role's argument spec, the three module tasks."""
    role = os.path.join(workdir, 'roles', 'peering_skeleton')
    os.makedirs(os.path.join(role, 'meta'), exist_ok=True)
    os.makedirs(os.path.join(role, 'tasks'), exist_ok=True)
    shutil.copy(os.path.join(benchlib.REPO, 'roles', 'peering', 'meta', 'argument_specs.yml'), os.path.join(role, 'meta'))
    with open(os.path.join(role, 'tasks', 'main.yml'), 'w') as handle:
        handle.write(SKELETON_ROLE_TASKS)
    return os.path.dirname(role)


def run_once(workdir, url, collections, name, text, groups, forks):
    """Run a playbook on its projects; return (seconds, task results per host, changed hosts, CPU seconds)."""
    inventory_path = os.path.join(workdir, name + '.ini')
    playbook_path = os.path.join(workdir, name + '.yml')
    with open(inventory_path, 'w') as handle:
        handle.write(inventory(groups))
    with open(playbook_path, 'w') as handle:
        handle.write(playbook(text))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_HOST_KEY_CHECKING='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_RETRY_FILES_ENABLED='false',
               MONGODB_ATLAS_BASE_URL=url, MONGODB_ATLAS_PUBLIC_API_KEY=benchlib.PUBLIC_KEY,
               MONGODB_ATLAS_PRIVATE_API_KEY=benchlib.PRIVATE_KEY, ANSIBLE_ROLES_PATH=os.path.join(workdir, 'roles'))
    for variable in ('MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET', 'MONGODB_ATLAS_PROJECT_ID'):
        env.pop(variable, None)
    started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.run([benchlib.tool('ansible-playbook'), '-i', inventory_path, '-f', str(forks), playbook_path],
                             env=env, capture_output=True, text=True, timeout=1800)
    seconds, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows = [tuple(map(int, match.groups()[1:])) for match in RECAP.finditer(process.stdout)]
    if process.returncode != 0 or len(rows) != len(groups) or any(row[3] for row in rows):
        raise RuntimeError('%s failed (%s):\n%s\n%s' % (name, process.returncode, process.stdout[-5000:],
                                                         process.stderr[-2000:]))
    results_per_host = statistics.mean(row[0] + row[3] + row[4] for row in rows)
    changed_hosts = sum(1 for row in rows if row[1])
    return seconds, results_per_host, changed_hosts, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--projects', type=int, default=60)
    parser.add_argument('--forks', type=int, default=20)
    parser.add_argument('--repeat', type=int, default=2)
    parser.add_argument('--name', default='role_overhead')
    options = parser.parse_args()

    variants = ('role', 'modules', 'skeleton', 'debug_like_role', 'debug_3')
    samples = dict((key, []) for key in variants)
    role_results_per_host = None
    load_at_start = os.getloadavg()
    with benchlib.simulator() as url, benchlib.collection_path() as collections, \
            tempfile.TemporaryDirectory(prefix='atlasops-role-bench-') as workdir:
        skeleton_role(workdir)
        atlas = benchlib.Atlas(url)
        for round_number in range(options.repeat):
            for variant, text in (('role', ROLE_TASK), ('modules', MODULE_TASKS), ('skeleton', SKELETON_TASK)):
                groups = [atlas.project() for _ in range(options.projects)]
                first = run_once(workdir, url, collections, variant, text, groups, options.forks)
                second = run_once(workdir, url, collections, variant, text, groups, options.forks)
                if second[2]:
                    raise RuntimeError('%s: the second run changed %d hosts' % (variant, second[2]))
                samples[variant].append({'first': first[0], 'second': second[0], 'first_cpu': first[3],
                                         'second_cpu': second[3], 'results_per_host': second[1]})
                if variant == 'role':
                    role_results_per_host = int(round(second[1]))
            groups = [atlas.project() for _ in range(options.projects)]
            for variant, count in (('debug_like_role', role_results_per_host), ('debug_3', 3)):
                text = ''.join(DEBUG_TASK % number for number in range(1, count + 1))
                seconds, _per_host, _changed, cpu = run_once(workdir, url, collections, variant, text, groups, options.forks)
                samples[variant].append({'first': seconds, 'second': seconds, 'first_cpu': cpu, 'second_cpu': cpu,
                                         'results_per_host': count})
            print('round %d of %d done' % (round_number + 1, options.repeat), flush=True)

    def median(variant, run):
        return round(statistics.median(sample[run] for sample in samples[variant]), 2)

    table = dict((variant, {'first_seconds': median(variant, 'first'), 'second_seconds': median(variant, 'second'),
                            'first_cpu_seconds': median(variant, 'first_cpu'),
                            'second_cpu_seconds': median(variant, 'second_cpu'),
                            'task_results_per_host': samples[variant][-1]['results_per_host']})
                 for variant in samples)

    def ratio(variant, column):
        return round(table[variant][column] / table['modules'][column], 2)

    ratios = {'first': ratio('role', 'first_seconds'), 'second': ratio('role', 'second_seconds'),
              'first_cpu': ratio('role', 'first_cpu_seconds'), 'second_cpu': ratio('role', 'second_cpu_seconds'),
              'skeleton_first_cpu': ratio('skeleton', 'first_cpu_seconds'),
              'skeleton_second_cpu': ratio('skeleton', 'second_cpu_seconds')}
    path = benchlib.save(options.name, {'projects': options.projects, 'forks': options.forks, 'repeat': options.repeat,
                                        'table': table, 'role_vs_modules': ratios, 'target_ratio': TARGET_RATIO,
                                        'load_average_start': load_at_start, 'load_average': os.getloadavg(),
                                        'cpus': os.cpu_count(), 'samples': samples})
    print('| playbook on %d hosts, forks %d | first run (s) | second run (s) | first run CPU (s) | second run CPU (s) '
          '| task results per host |' % (options.projects, options.forks))
    print('| --- | ---: | ---: | ---: | ---: | ---: |')
    for variant, label in (('role', 'peering role, AWS'), ('modules', "the role's three module tasks alone"),
                           ('skeleton', 'a role of the three module tasks (argument_specs, include_role)'),
                           ('debug_like_role', '%d debug tasks (as many results as the role)' % role_results_per_host),
                           ('debug_3', '3 debug tasks')):
        row = table[variant]
        print('| %s | %.1f | %.1f | %.1f | %.1f | %s |' % (
            label, row['first_seconds'], row['second_seconds'], row['first_cpu_seconds'], row['second_cpu_seconds'],
            row['task_results_per_host']))
    print('role / modules: wall first %.2fx, second %.2fx; CPU first %.2fx, second %.2fx (target <= %.1fx); '
          'a role of module tasks, CPU: %.2fx, %.2fx; results in %s'
          % (ratios['first'], ratios['second'], ratios['first_cpu'], ratios['second_cpu'], TARGET_RATIO,
             ratios['skeleton_first_cpu'], ratios['skeleton_second_cpu'], path))
    return 0 if max(ratios['first'], ratios['second']) <= TARGET_RATIO else 1


if __name__ == '__main__':
    sys.exit(main())
