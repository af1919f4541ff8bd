#!/usr/bin/env python3
"""Write a Sphinx inventory (objects.inv) of the Ansible docs labels the collection's pages use.

    ansible_inventory.py OUT.inv

antsibull-docs' pages refer to labels of the Ansible documentation (common_return_values,
action_plugins, ansible.builtin.* plugin pages ...). Sphinx resolves them through intersphinx,
which would fetch docs.ansible.com's inventory from the internet; this writes a local one
instead, so `make docs-site` runs offline and gives the same site every time. It holds the
labels antsibull-docs' templates use and one page label per ansible.builtin plugin of the
installed ansible-core (read from its files, no network), and ansible-core's own environment variables,
all pointing at docs.ansible.com.
"""
import os
import sys
import zlib

import ansible

BASE = 'https://docs.ansible.com/projects/ansible/devel/'
# label -> (page, title): what antsibull-docs' templates link to
LABELS = {
    'action_plugins': ('plugins/action.html', 'Action plugins'),
    'callback_plugins': ('plugins/callback.html', 'Callback plugins'),
    'list_of_callback_plugins': ('plugins/callback.html#plugin-list', 'Plugin list'),
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
    'collections_keyword': ('collections_guide/collections_using_playbooks.html#simplifying-module-names-with-the-collections-keyword', 'collections keyword'),
    'list_of_collections': ('collections/index.html', 'Collection Index'),
    'module_defaults': ('playbook_guide/playbooks_module_defaults.html', 'Module defaults'),
    'check_mode_dry': ('playbook_guide/playbooks_checkmode.html', 'Check mode'),
}
PLUGIN_DIRS = {  # plugin type -> folder in the ansible package
    'module': 'modules', 'lookup': 'plugins/lookup', 'filter': 'plugins/filter', 'test': 'plugins/test',
    'callback': 'plugins/callback', 'connection': 'plugins/connection', 'inventory': 'plugins/inventory',
    'become': 'plugins/become', 'cache': 'plugins/cache', 'shell': 'plugins/shell', 'strategy': 'plugins/strategy',
    'vars': 'plugins/vars',
}


def builtin_plugins():
    root = os.path.dirname(ansible.__file__)
    for plugin_type, folder in PLUGIN_DIRS.items():
        path = os.path.join(root, folder)
        for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
            stem, ext = os.path.splitext(name)
            if ext in ('.py', '.yml') and not stem.startswith('_'):
                yield plugin_type, stem


def core_environment_variables():
    """The environment variables of ansible-core's own settings (config/base.yml), which antsibull-docs
    links as :envvar: (the inventory_cache doc fragment's ANSIBLE_CACHE_PLUGIN*, for example)."""
    import yaml
    with open(os.path.join(os.path.dirname(ansible.__file__), 'config', 'base.yml')) as handle:
        settings = yaml.safe_load(handle)
    return sorted(set(entry['name'] for setting in settings.values() for entry in setting.get('env') or []))


def main(out):
    lines = ['%s std:label -1 %s %s' % (label, page, title) for label, (page, title) in sorted(LABELS.items())]
    lines.extend('%s std:envvar -1 reference_appendices/config.html#envvar-%s -' % (name, name)
                 for name in core_environment_variables())
    for plugin_type, name in sorted(set(builtin_plugins())):
        lines.append('ansible_collections.ansible.builtin.%s_%s std:label -1 collections/ansible/builtin/%s_%s.html '
                     'ansible.builtin.%s %s' % (name, plugin_type, name, plugin_type, name, plugin_type))
    header = ('# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
              '# The remainder of this file is compressed using zlib.\n')
    with open(out, 'wb') as handle:
        handle.write(header.encode() + zlib.compress(('\n'.join(lines) + '\n').encode()))
    print('%s: %d labels (%s)' % (out, len(lines), BASE))


if __name__ == '__main__':
    main(*sys.argv[1:])
