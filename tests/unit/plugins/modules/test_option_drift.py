# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module's options are declared once: DOCUMENTATION (doc fragments resolved), the argument spec
AnsibleModule gets, and the pydantic models that validate them must agree on every option's name,
type, elements, default, required flag, choices, aliases and sub-options.

Modules are discovered in plugins/modules, so a new module is checked without touching this file.
The spec and the models are captured by running the module's own main() up to AnsibleModule.
drift_fixtures/network_container_info_drifted.py is a drifted copy on which the check must fail.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import typing

import pytest
import yaml
from pydantic import BaseModel

from ansible_collections.atlasops.networking.plugins import modules as modules_package
from ansible_collections.atlasops.networking.plugins.module_utils import _atlas_module
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import (
    AtlasModule,
    SharedOptions,
    atlas_argument_spec,
)

MODULES = sorted(name for _finder, name, _is_package in pkgutil.iter_modules(modules_package.__path__))
DRIFTED = 'ansible_collections.atlasops.networking.tests.unit.plugins.modules.drift_fixtures.network_container_info_drifted'
SPEC_TYPES = {'str': 'str', 'path': 'str', 'int': 'int', 'float': 'float', 'bool': 'bool', 'raw': 'raw'}
PYTHON_TYPES = {str: 'str', int: 'int', float: 'float', bool: 'bool', typing.Any: 'raw'}
NONE_TYPE = type(None)


class Captured(BaseException):
    pass


def capture(module, monkeypatch):
    """(the argument spec main() gives AnsibleModule, the options model it gives AtlasModule)."""
    seen = {}
    original = AtlasModule.__init__

    def init(self, options_model, **kwargs):
        seen['model'] = options_model
        original(self, options_model, **kwargs)

    def backend(argument_spec, **kwargs):
        seen['spec'] = argument_spec
        raise Captured()

    monkeypatch.setattr(AtlasModule, '__init__', init)
    monkeypatch.setattr(_atlas_module, '_module_backend', backend)
    with pytest.raises(Captured):
        module.main()
    return seen['spec'], seen['model']


def documented_options(module):
    """DOCUMENTATION's options, with those of its atlasops.networking doc fragments."""
    doc = yaml.safe_load(module.DOCUMENTATION)
    options = {}
    for fragment in doc.get('extends_documentation_fragment') or []:
        namespace, collection, rest = fragment.split('.', 2)
        file_name, _dot, variable = rest.partition('.')
        source = importlib.import_module('ansible_collections.%s.%s.plugins.doc_fragments.%s'
                                         % (namespace, collection, file_name))
        text = getattr(source.ModuleDocFragment, variable.upper() or 'DOCUMENTATION')
        options.update(yaml.safe_load(text).get('options') or {})
    options.update(doc.get('options') or {})
    return options


def doc_vs_spec(documented, spec, where=''):
    problems = []
    for name in sorted(set(documented) | set(spec)):
        option = where + name
        if name not in spec:
            problems.append('%s: documented, not in the argument spec' % option)
            continue
        if name not in documented:
            problems.append('%s: in the argument spec, not documented' % option)
            continue
        doc, declared = documented[name], spec[name]
        for key, absent in (('type', 'str'), ('elements', None), ('required', False), ('default', None),
                            ('choices', None)):
            if doc.get(key, absent) != declared.get(key, absent):
                problems.append('%s: %s is %r in DOCUMENTATION, %r in the argument spec'
                                % (option, key, doc.get(key, absent), declared.get(key, absent)))
        if sorted(doc.get('aliases') or []) != sorted(declared.get('aliases') or []):
            problems.append('%s: aliases differ (%s, %s)' % (option, doc.get('aliases'), declared.get('aliases')))
        if doc.get('suboptions') or declared.get('options'):
            problems.extend(doc_vs_spec(doc.get('suboptions') or {}, declared.get('options') or {}, option + '.'))
    return problems


def expected_type(spec):
    kind = spec.get('type', 'str')
    if spec.get('options'):
        described = 'list of suboptions' if kind == 'list' else 'suboptions'
    elif kind == 'list':
        described = 'list of %s' % SPEC_TYPES.get(spec.get('elements') or 'raw', spec.get('elements'))
    elif kind == 'dict':
        described = 'dict'
    else:
        described = SPEC_TYPES.get(kind, kind)
    if not spec.get('required') and spec.get('default') is None:
        described = 'optional ' + described
    return described


def described_type(annotation):
    args = [arg for arg in typing.get_args(annotation) if arg is not NONE_TYPE]
    origin = typing.get_origin(annotation)
    if origin is typing.Union and len(args) == 1:
        return 'optional ' + described_type(args[0])
    if origin is list:
        return 'list of ' + described_type(args[0])
    if origin is dict:
        return 'dict'
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return 'suboptions'
    return PYTHON_TYPES.get(annotation, repr(annotation))


def nested_model(annotation):
    """The model class inside an annotation such as Optional[List[Model]], or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = nested_model(argument)
        if found is not None:
            return found
    return None


def model_vs_spec(model, spec, where=''):
    problems = []
    fields = model.model_fields
    for name in sorted(set(fields) | set(spec)):
        option = where + name
        if name not in fields:
            problems.append('%s: in the argument spec, not in the model %s' % (option, model.__name__))
            continue
        if name not in spec:
            problems.append('%s: a field of the model %s, not an option' % (option, model.__name__))
            continue
        field, declared = fields[name], spec[name]
        if described_type(field.annotation) != expected_type(declared):
            problems.append('%s: the model has type %s, the argument spec %s'
                            % (option, described_type(field.annotation), expected_type(declared)))
        if field.is_required() != bool(declared.get('required')):
            problems.append('%s: required is %s in the model, %s in the argument spec'
                            % (option, field.is_required(), bool(declared.get('required'))))
        elif not field.is_required() and field.default != declared.get('default'):
            problems.append('%s: default is %r in the model, %r in the argument spec'
                            % (option, field.default, declared.get('default')))
        choices = (field.json_schema_extra or {}).get('choices') if isinstance(field.json_schema_extra, dict) else None
        if choices != declared.get('choices'):
            problems.append('%s: choices are %r in the model, %r in the argument spec' % (option, choices, declared.get('choices')))
        if declared.get('options'):
            nested = nested_model(field.annotation)
            if nested is None:
                problems.append('%s: sub-options in the argument spec, no nested model' % option)
            else:
                problems.extend(model_vs_spec(nested, declared['options'], option + '.'))
    return problems


def option_drift(module, monkeypatch):
    """Every disagreement between DOCUMENTATION, the argument spec and the models of ``module``."""
    spec, model = capture(module, monkeypatch)
    shared = atlas_argument_spec()
    own = dict((name, option) for name, option in spec.items() if name not in shared)
    return (doc_vs_spec(documented_options(module), spec)
            + model_vs_spec(SharedOptions, dict((name, spec[name]) for name in shared if name in spec))
            + model_vs_spec(model, own))


@pytest.mark.parametrize('name', MODULES)
def test_documentation_spec_and_model_agree(name, monkeypatch):
    module = importlib.import_module('%s.%s' % (modules_package.__name__, name))
    assert option_drift(module, monkeypatch) == []


def test_the_check_finds_every_drift_of_a_drifted_copy(monkeypatch):
    problems = option_drift(importlib.import_module(DRIFTED), monkeypatch)
    assert problems == [
        'id: documented, not in the argument spec',
        "provider_name: choices is ['AWS', 'AZURE', 'GCP'] in DOCUMENTATION, ['AWS', 'AZURE'] in the argument spec",
        'provider_name: the model has type str, the argument spec optional str',
        "provider_name: default is 'AWS' in the model, None in the argument spec",
        "provider_name: choices are None in the model, ['AWS', 'AZURE'] in the argument spec",
        'with_status: a field of the model DriftedOptions, not an option',
    ]


def test_modules_are_discovered():
    assert 'network_container' in MODULES and 'access_list_info' in MODULES and len(MODULES) >= 10


@pytest.mark.parametrize('name', MODULES)
def test_every_module_is_in_the_action_group(name):
    root = os.path.dirname(os.path.dirname(os.path.abspath(modules_package.__file__ or modules_package.__path__[0])))
    with open(os.path.join(os.path.dirname(root) if not os.path.isdir(os.path.join(root, 'meta')) else root,
                           'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    assert name in runtime['action_groups']['atlas']
