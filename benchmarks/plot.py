#!/usr/bin/env python3
"""Draw benchmarks/task_overhead.png from benchmarks/results/task_overhead*.json (needs matplotlib).

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


def main():
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
