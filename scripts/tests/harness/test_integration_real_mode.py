"""Every simulator-only step of every integration target is switched off in real Atlas mode (`make harness`).

A step is simulator-only when it calls a /_sim/ control, includes setup_atlas's request counters,
or reads a variable such a step set (a request count, a request log, and so on, followed through
set_fact and register across the target's task files). Each one must be guarded by
`when: atlas_is_sim | bool`, on the task itself or on a block around it, and be named
"... (simulator only)" (or sit in a block so named) so the skip says why; or sit in a task file
that every include guards (then the include is named so). `make integration-realmode` proves the same at
run time (a /_sim/ request that is not switched off is refused and fails the run); this finds it
without running anything, also in targets a selection left out.
"""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
TARGETS = ROOT / 'tests' / 'integration' / 'targets'
COUNTERS = ('count_requests', 'count_all_requests')
SEED_NAMES = {'atlas_requests', 'atlas_gets', 'atlas_writes', 'atlas_challenges', 'atlas_all_requests'}
BLOCK_KEYS = ('block', 'rescue', 'always')
ALIASES = {'atlas/costly', 'atlas/cloud_account'}
# Set in both modes: setup_atlas takes the project from /_sim/projects or from the config.
BOTH_MODES = {'atlas_project_id'}


def is_guard(when):
    conditions = when if isinstance(when, list) else [when]
    return any(isinstance(condition, str) and re.search(r'\batlas_is_sim\b', condition) and 'not ' not in condition
               for condition in conditions)


def leaf_tasks(tasks, guarded=False, named=False):
    """(task, guarded, named) for every task that is not a block: guarded by the task's own `when` or a
    block's around it; named "(simulator only)" by a block around it."""
    for task in tasks or []:
        if not isinstance(task, dict):
            continue
        here = guarded or is_guard(task.get('when'))
        if any(key in task for key in BLOCK_KEYS):
            named_here = named or (here and 'simulator only' in str(task.get('name', '')))
            for key in BLOCK_KEYS:
                yield from leaf_tasks(task.get(key), here, named_here)
        else:
            yield task, here, named


def body(task):
    """The task as text, without its name (names may say 'count' or 'request log')."""
    return yaml.safe_dump({key: value for key, value in task.items() if key != 'name'}, width=10 ** 6)


def names_set(task):
    """The variables a task sets: its register and its set_fact keys."""
    names = {task['register']} if isinstance(task.get('register'), str) else set()
    for key in ('ansible.builtin.set_fact', 'set_fact'):
        if isinstance(task.get(key), dict):
            names |= {name for name in task[key] if name != 'cacheable'}
    return names


def sim_only(text, sim_names):
    if '/_sim/' in text or re.search(r'tasks_from:\s*(%s)\b' % '|'.join(COUNTERS), text):
        return True
    return any(re.search(r'\b%s\b' % re.escape(name), text) for name in sim_names)


def target_files(target):
    return sorted((target / 'tasks').glob('*.yml'))


def load(path):
    return yaml.safe_load(path.read_text()) or []


def sim_names_of(target):
    """The variables simulator-only steps set in this target (a fixed point over its files)."""
    names = set(SEED_NAMES)
    tasks = [task for path in target_files(target) for task, _, _ in leaf_tasks(load(path))]
    while True:
        more = set()
        for task in tasks:
            if sim_only(body(task), names):
                more |= names_set(task) - BOTH_MODES
        if more <= names:
            return names
        names |= more


INCLUDES = ('ansible.builtin.include_tasks', 'ansible.builtin.import_tasks', 'include_tasks', 'import_tasks')


def included_file(task):
    for key in INCLUDES:
        value = task.get(key)
        if isinstance(value, dict):
            value = value.get('file')
        if isinstance(value, str):
            return value
    return None


def guarded_files(target):
    """Task files of the target that run only in simulator mode: every include of them is guarded."""
    includes = {}  # file name -> [guarded?] for each include of it
    for path in target_files(target):
        for task, guarded, _ in leaf_tasks(load(path)):
            name = included_file(task)
            if name:
                includes.setdefault(name, []).append((path.name, guarded))
    files = set()
    while True:
        more = {name for name, sites in includes.items()
                if all(guarded or site in files for site, guarded in sites)} - files
        if not more:
            return files
        files |= more


def unguarded(target):
    names = sim_names_of(target)
    sim_files = guarded_files(target)
    problems = []
    for path in target_files(target):
        in_sim_file = path.name in sim_files
        for task, guarded, block_named in leaf_tasks(load(path)):
            included = included_file(task)
            if included in sim_files and guarded and not in_sim_file:
                only = block_named or 'simulator only' in str(task.get('name', ''))
                if not only:
                    problems.append('%s: %r includes a simulator-only file: its name must say "(simulator only)"'
                                    % (path.relative_to(target.parent), task.get('name')))
                continue
            if in_sim_file or not sim_only(body(task), names):
                continue
            where = '%s: %r' % (path.relative_to(target.parent), task.get('name'))
            if not guarded:
                problems.append(where + ' is simulator-only but not guarded by `when: atlas_is_sim | bool`')
            elif not block_named and 'simulator only' not in str(task.get('name', '')):
                problems.append(where + ' is simulator-only: its name must say "(simulator only)"')
    return problems


TARGET_DIRS = sorted(path for path in TARGETS.iterdir() if (path / 'tasks').is_dir())


@pytest.mark.parametrize('target', TARGET_DIRS, ids=lambda path: path.name)
def test_simulator_only_steps_are_switched_off_in_real_atlas_mode(target):
    assert unguarded(target) == []


@pytest.mark.parametrize('target', TARGET_DIRS, ids=lambda path: path.name)
def test_playbooks_a_target_runs_use_no_simulator_control(target):
    files = sorted(path for path in (target / 'files').rglob('*.yml')) if (target / 'files').is_dir() else []
    assert [str(path.relative_to(TARGETS)) for path in files if '/_sim/' in path.read_text()] == []


TESTED = [path for path in TARGET_DIRS if 'hidden' not in (path / 'aliases').read_text().split()]


@pytest.mark.parametrize('target', TESTED, ids=lambda path: path.name)
def test_every_target_uses_setup_atlas(target):
    """setup_atlas is what switches a target to real Atlas mode (the hidden ones are its helpers)."""
    aliases = (target / 'aliases').read_text().split()
    main = (target / 'tasks' / 'main.yml').read_text()
    assert re.search(r'import_role:\s*\n\s*name: setup_atlas\b', main)

    assert 'needs/target/setup_atlas' in aliases
    assert set(alias for alias in aliases if alias.startswith('atlas/')) <= ALIASES


def test_the_checker_finds_an_unguarded_step(tmp_path):
    """The rule above can fail: a /_sim/ call, a count include and an assert on its count, unguarded."""
    target = tmp_path / 'demo'
    (target / 'tasks').mkdir(parents=True)
    (target / 'tasks' / 'main.yml').write_text("""
- name: Count
  ansible.builtin.include_role: {name: setup_atlas, tasks_from: count_requests}
- name: Remember
  ansible.builtin.set_fact:
    demo_before: "{{ atlas_writes }}"
- name: A module task
  atlasops.networking.access_list_info:
  register: result
- name: Mixed
  ansible.builtin.assert:
    that:
      - result is not changed
      - demo_before | int == 0
- name: Fail it (simulator only)
  when: atlas_is_sim | bool
  block:
    - name: Fail it (simulator only)
      ansible.builtin.uri:
        url: "{{ atlas_base_url }}/_sim/fail/peers/x"
- name: Unnamed guard
  ansible.builtin.uri:
    url: "{{ atlas_base_url }}/_sim/settings"
  when: atlas_is_sim | bool
""")
    problems = unguarded(target)
    assert [problem.split(': ', 1)[1] for problem in problems] == [
        "'Count' is simulator-only but not guarded by `when: atlas_is_sim | bool`",
        "'Remember' is simulator-only but not guarded by `when: atlas_is_sim | bool`",
        "'Mixed' is simulator-only but not guarded by `when: atlas_is_sim | bool`",
        """'Unnamed guard' is simulator-only: its name must say "(simulator only)\"""",
    ]
