#!/usr/bin/env python3
"""Slices: the peering role over an atlas_projects inventory of 200 projects, as AWX runs a sliced job template.

For each slice count (default 1, 4 and 10; 1 is the unsliced job), in an organization of its own with
``--projects`` fresh projects:

1. the inventory update: ``ansible-inventory --list --export`` on an ``atlas_projects`` config file, with
   the environment of the "MongoDB Atlas" credential type (a service account) in a home of its own;
2. the job template launched with ``job_slice_count`` N: N ansible-runner jobs started at once, slice k
   getting every N-th host by name from the k-th (AWX's rule), each with its own private data dir, home
   and token cache (tests/support/awx_slices.py);
3. the same launch again, which must change nothing.

The simulator runs with ``--rate-limit`` (requests per minute per project, default 100 as in scale.py) and
Atlas's token limit of 10 requests a minute per service account (``--token-rate-limit``, default 10). Its
simulated clock is moved on a minute before each inventory update and before each second launch, so each
launch meets the token limit on its own: a first launch counts its inventory update's token (update on
launch) and its slices' tokens. Whether 10 slices plus the update (11 requests) get a 429 depends on
whether the slices reach their first Atlas task within a minute of the update; ``--token-rate-limit 9``
makes one slice too many certain.

Reported per launch: wall time (first start to last finish) and per slice, failed hosts, hosts run twice
or never, changed tasks, duplicates or missing resources in the simulator's state (exactly one container,
peering and access-list entry per project), tokens fetched per slice (from each job's token cache),
token requests by status, requests per project (from the simulator's log), 429s.

Writes benchmarks/results/slices.json (``--name`` to change). Exit status 1 when a target is missed.

    .venv/bin/python benchmarks/slices.py [--projects 200] [--slices 1 4 10] [--forks 20] [--rate-limit 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'tests', 'support'))

import requests  # noqa: E402

import awx_slices  # noqa: E402
import benchlib  # noqa: E402

CLIENT_ID, CLIENT_SECRET = 'mdb_sa_id_atlassim', 'mdb_sa_sk_atlassim'


def control(url, method, path, body=None):
    response = requests.request(method, url + path, json=body, timeout=120)
    response.raise_for_status()
    return response.json() if response.content else None


def seed(url, org, count):
    projects = [{'name': '%s-%03d' % (org, n), 'org_name': org, 'tags': {'env': 'prod' if n % 2 else 'dev'}}
                for n in range(count)]
    return [project['id'] for project in control(url, 'POST', '/_sim/projects', {'projects': projects})['projects']]


def launch(url, workdir, data, count, envvars, options, label):
    if label.startswith('second'):  # the first launch follows its inventory update (update on launch)
        control(url, 'POST', '/_sim/clock/advance', {'seconds': 61})  # the first launch's tokens leave the window
    control(url, 'DELETE', '/_sim/requests')
    results, _jobs, wall = awx_slices.launch(benchlib.BIN, workdir, data, count, awx_slices.PEERING_PLAYBOOK, envvars, options.forks,
                                             label, timeout=options.timeout)
    log = control(url, 'GET', '/_sim/requests')['requests']
    return results, wall, log


def summary(results, wall, log, data, project_ids):
    tokens = [len(result['tokens_cached']) for result in results]
    return {
        'wall_seconds': wall,
        'slice_wall_seconds': [result['wall_seconds'] for result in results],
        'first_atlas_task_seconds': [result['first_atlas_task_seconds'] for result in results],
        'jobs_successful': sum(1 for result in results if result['status'] == 'successful'),
        'failed_hosts': sum(len(result['failed_hosts']) for result in results),
        'hosts_run': sum(len(result['hosts_run']) for result in results),
        'hosts_per_slice': [len(result['hosts_run']) for result in results],
        'run_twice_or_never': awx_slices.overlap_problems(results, data)[:10],
        'changed_tasks': sum(result['changed_tasks'] for result in results),
        'tokens_per_slice': tokens,
        'distinct_tokens': len(set(token for result in results for token in result['tokens_cached'])),
        'token_requests': awx_slices.token_requests(log),
        'token_retries_in_job_output': sum(result['token_retries'] for result in results),
        'requests_per_project': awx_slices.requests_per_project(log, project_ids),
        'failures': [failure for result in results for failure in result['failures']][:10],
    }


def met(outcome, first, count, projects):
    ok = outcome['jobs_successful'] == count and outcome['failed_hosts'] == 0 and not outcome['run_twice_or_never']
    ok &= outcome['hosts_run'] == projects and all(tokens == 1 for tokens in outcome['tokens_per_slice'])
    ok &= outcome['distinct_tokens'] == count
    ok &= outcome['token_requests'].get('200') == count  # fetched, not only cached: one token per slice
    if not first:
        ok &= outcome['changed_tasks'] == 0
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--projects', type=int, default=200)
    parser.add_argument('--slices', type=int, nargs='+', default=[1, 4, 10])
    parser.add_argument('--forks', type=int, default=20, help='forks of every job (a job template setting)')
    parser.add_argument('--rate-limit', type=int, default=100, help='simulator requests/minute per project')
    parser.add_argument('--token-rate-limit', type=int, default=10, help='token requests/minute per service account')
    parser.add_argument('--timeout', type=int, default=1800, help='seconds per launch')
    parser.add_argument('--name', default='slices', help='results file benchmarks/results/NAME.json')
    options = parser.parse_args()

    results = dict(benchlib.platform(), projects=options.projects, forks=options.forks, rate_limit=options.rate_limit,
                   token_rate_limit=options.token_rate_limit, runs={})
    ok = True
    sim_args = ['--rate-limit', str(options.rate_limit), '--token-rate-limit', str(options.token_rate_limit)]
    with benchlib.simulator(*sim_args) as url, benchlib.collection_path() as collections_dir, \
            tempfile.TemporaryDirectory(prefix='atlasops-slices-') as workdir:
        injected = {'MONGODB_ATLAS_BASE_URL': url, 'MONGODB_ATLAS_CLIENT_ID': CLIENT_ID,
                    'MONGODB_ATLAS_CLIENT_SECRET': CLIENT_SECRET, 'MONGODB_ATLAS_PUBLIC_API_KEY': '',
                    'MONGODB_ATLAS_PRIVATE_API_KEY': '', 'MONGODB_ATLAS_PROJECT_ID': ''}
        settings = {'ANSIBLE_COLLECTIONS_PATH': collections_dir, 'ANSIBLE_NOCOLOR': '1',
                    'ANSIBLE_PYTHON_INTERPRETER': sys.executable}
        for count in options.slices:
            org = 'slices-%d' % count
            project_ids = seed(url, org, options.projects)
            control(url, 'POST', '/_sim/clock/advance', {'seconds': 61})  # the update starts a token window
            control(url, 'DELETE', '/_sim/requests')
            source = os.path.join(workdir, '%s.atlas_projects.yml' % org)
            with open(source, 'w') as handle:
                handle.write(awx_slices.inventory_source([org]))
            data, _sync = awx_slices.sync_inventory(benchlib.BIN, os.path.join(workdir, 'update-%d' % count), source,
                                                    injected, settings)
            sync_tokens = awx_slices.token_requests(control(url, 'GET', '/_sim/requests')['requests'])
            run = {'inventory_hosts': len(awx_slices.inventory_hosts(data)), 'inventory_update_tokens': sync_tokens}
            for label in ('first', 'second'):
                print('%d slice(s), %s launch: %d projects, forks %d ...' % (count, label, options.projects, options.forks),
                      flush=True)
                outcome = summary(*launch(url, os.path.join(workdir, 'jobs-%d' % count), data, count,
                                          dict(injected, **settings), options, '%s-%d' % (label, count)),
                                  data=data, project_ids=project_ids)
                if label == 'first':
                    state = control(url, 'GET', '/_sim/state')
                    problems = awx_slices.peering_problems(state, project_ids, awx_slices.ROUTE_TABLE_CIDR)
                    outcome['state_problems'] = problems[:10]
                    outcome['state_problem_count'] = len(problems)
                    ok &= not problems
                ok &= met(outcome, label == 'first', count, options.projects)
                run[label] = outcome
                print('  %.1f s (slices %s), %d/%d jobs successful, %d failed hosts, %d changed tasks, tokens per slice %s, '
                      'token requests %s, requests per project %s' % (
                          outcome['wall_seconds'], outcome['slice_wall_seconds'], outcome['jobs_successful'], count,
                          outcome['failed_hosts'], outcome['changed_tasks'], outcome['tokens_per_slice'],
                          outcome['token_requests'], outcome['requests_per_project']), flush=True)
                for failure in outcome['failures']:
                    print('  failed: %s' % failure)
            results['runs'][str(count)] = run
    baseline = results['runs'].get('1')
    if baseline:
        results['vs_unsliced'] = dict(
            (count, {'first': round(run['first']['wall_seconds'] / baseline['first']['wall_seconds'], 2),
                     'second': round(run['second']['wall_seconds'] / baseline['second']['wall_seconds'], 2)})
            for count, run in results['runs'].items())
    results['targets_met'] = bool(ok)
    path = benchlib.save(options.name, results)
    print(json.dumps(results.get('vs_unsliced', {}), indent=2))
    print('written to %s' % path)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
