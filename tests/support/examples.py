# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules of the collection and their EXAMPLES, for the suites that run them (tests/packaging,
tests/reliability)."""

from __future__ import annotations

import ast


def module_names(repo):
    return sorted(path.stem for path in (repo / 'plugins' / 'modules').glob('*.py') if path.stem != '__init__')


def examples(repo, module):
    """The EXAMPLES string of ``plugins/modules/<module>.py``, read without importing the module."""
    tree = ast.parse((repo / 'plugins' / 'modules' / ('%s.py' % module)).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'EXAMPLES':
            return node.value.value
    raise AssertionError('%s has no EXAMPLES' % module)


def families(repo):
    """[[module, module_info], ...]: each resource module with its _info twin (when it has one), and
    every _info module without a resource module on its own."""
    modules = module_names(repo)
    grouped = [[name] + (['%s_info' % name] if '%s_info' % name in modules else [])
               for name in modules if not name.endswith('_info')]
    grouped.extend([name] for name in modules if name.endswith('_info') and name[:-len('_info')] not in modules)
    return grouped
