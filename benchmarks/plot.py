#!/usr/bin/env python3
"""Draw benchmarks/task_overhead.png from benchmarks/results/task_overhead*.json and
benchmarks/scale.png from benchmarks/results/scale.json (needs matplotlib).

    python benchmarks/plot.py
"""

from __future__ import annotations

import json
import os

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {'uri': 'ansible.builtin.uri\n(one GET)', 'module_path': 'network_peering\nmodule path',
          'in_process': 'network_peering\nin process', 'info': 'network_peering_info\nin process'}
ORDER = ['uri', 'module_path', 'in_process', 'info']


def plot_scale():
    """Completed projects and task results over time, both runs of scale.py, with the rate-limit floor."""
    path = os.path.join(HERE, 'results', 'scale.json')
    if not os.path.exists(path):
        return
    with open(path) as handle:
        data = json.load(handle)
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for axis, key, colour in ((axes[0], 'project_done_seconds', None), (axes[1], 'task_done_seconds', None)):
        for label, run_colour in (('first', '#d62728'), ('second', '#1f77b4')):
            run = data[label]
            times = run[key]
            axis.step([0] + times, range(len(times) + 1), where='post', color=run_colour,
                      label='%s run (%s): %.0f s, %d failed hosts, %d changed tasks' % (
                          label, 'create' if label == 'first' else 'no-op', run['wall_seconds'],
                          len(run['failed_hosts']), run['changed_tasks_total']))
        floor = data['floor']
        if key == 'project_done_seconds':
            axis.axvline(floor['run_floor_seconds_steady'], color='#888888', linestyle='--',
                         label='rate-limit floor, %d forks, empty buckets: %.0f s' % (data['forks'],
                                                                                   floor['run_floor_seconds_steady']))
            axis.set_ylabel('projects completed (last task of the host)')
        else:
            axis.set_ylabel('task results (all hosts)')
        axis.set_xlabel('seconds since the playbook started')
        axis.legend(fontsize=7, loc='upper left')
    figure.suptitle('peering role on %d projects, forks=%d, strategy %s, rate limit %d/min per project; '
                    'ansible-core %s, Python %s, %d CPUs' % (data['projects'], data['forks'], data['strategy'],
                                                            data['rate_limit'], data['ansible_core'], data['python'],
                                                            data['cpus']), fontsize=9)
    figure.tight_layout()
    out = os.path.join(HERE, 'scale.png')
    figure.savefig(out, dpi=110)
    print('written to %s' % out)


def main():
    plot_scale()
    runs = []
    for name, title in (('task_overhead', 'default'), ('task_overhead_pipelining', 'ANSIBLE_PIPELINING=true')):
        path = os.path.join(HERE, 'results', name + '.json')
        if os.path.exists(path):
            with open(path) as handle:
                runs.append((title, json.load(handle)))
    figure, axes = plt.subplots(1, len(runs), figsize=(6 * len(runs), 4.5), squeeze=False)
    for axis, (title, data) in zip(axes[0], runs):
        values = [data['variants'][key]['per_task_ms'] for key in ORDER]
        colours = ['#888888', '#d62728', '#2ca02c', '#1f77b4']
        bars = axis.bar([LABELS[key] for key in ORDER], values, color=colours)
        for bar, key in zip(bars, ORDER):
            axis.annotate('%.0f ms\n%.2fx uri' % (data['variants'][key]['per_task_ms'], data['variants'][key]['ratio_to_uri']),
                          (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha='center', va='bottom', fontsize=8)
        axis.set_ylabel('wall-clock per task (ms)')
        axis.set_title('%d no-op tasks, %s\nansible-core %s, Python %s' % (data['tasks'], title, data.get('ansible_core'),
                                                                           data['python']), fontsize=9)
        axis.set_ylim(0, max(values) * 1.3)
        axis.tick_params(axis='x', labelsize=8)
    figure.tight_layout()
    out = os.path.join(HERE, 'task_overhead.png')
    figure.savefig(out, dpi=110)
    print('written to %s' % out)


if __name__ == '__main__':
    main()
