# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of module_utils/_options.py: the pydantic model derived from an argument spec (types,
defaults, required, choices after the rules, sub-options), the rules it refuses, the common rules,
and AtlasModule.validate never letting a field take a silent default."""

from __future__ import annotations

from typing import List, Optional

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils import _options
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    OptionSpecError,
    ValidationError,
    describe_validation_error,
    field_validator,
    model_validator,
    option_rule,
    options_model,
)

SPEC = dict(
    name=dict(type='str', required=True),
    size=dict(type='int', default=3),
    ratio=dict(type='float'),
    enabled=dict(type='bool', default=False),
    colour=dict(type='str', choices=['RED', 'BLUE']),
    tags=dict(type='list', elements='str'),
    items=dict(type='list', elements='dict', options=dict(key=dict(type='str', required=True), note=dict(type='str'))),
    wait_timeout=dict(type='int', default=60),
)


class ItemRules(OptionRules):
    @field_validator('key')
    @classmethod
    def _upper_key(cls, value):
        return value.upper()


class Rules(OptionRules):
    suboption_rules = {'items': ItemRules}

    @field_validator('colour')
    @classmethod
    def _upper_colour(cls, value):
        return None if value is None else value.upper()

    @model_validator(mode='after')
    def _ratio_needs_size(self):
        if self.ratio is not None and self.size < 2:
            raise ValueError("option 'ratio': needs size 2 or more")
        return self

    def doubled(self):
        return self.size * 2


Model = options_model('Model', SPEC, Rules)


def error_of(**values):
    with pytest.raises(ValidationError) as caught:
        Model(**values)
    return describe_validation_error(caught.value)


def test_one_field_per_option_with_type_default_and_required():
    fields = Model.model_fields
    assert list(fields) == list(SPEC)
    assert fields['name'].is_required() and fields['name'].annotation is str
    assert (fields['size'].annotation, fields['size'].default) == (int, 3)
    assert (fields['ratio'].annotation, fields['ratio'].default) == (Optional[float], None)
    assert (fields['enabled'].annotation, fields['enabled'].default) == (bool, False)
    assert fields['tags'].annotation == Optional[List[str]]
    assert fields['colour'].json_schema_extra == {'choices': ['RED', 'BLUE']}
    assert Model.argument_spec is SPEC


def test_values_rules_helpers_and_suboptions():
    model = Model(name='x', colour='red', items=[{'key': 'a'}], ratio=0.5, size=4)
    assert (model.colour, model.items[0].key, model.items[0].note, model.doubled()) == ('RED', 'A', None, 8)
    assert type(model.items[0]).argument_spec is SPEC['items']['options']


@pytest.mark.parametrize('values, message', [
    (dict(), "option 'name': Field required"),
    (dict(name='x', colour='green'), "option 'colour': must be one of: RED, BLUE, got: GREEN"),
    (dict(name='x', size='many'), "option 'size': Input should be a valid integer"),
    (dict(name='x', items=[{'note': 'n'}]), "option 'items[0].key': Field required"),
    (dict(name='x', items=[{'key': 'a', 'other': 1}]), "option 'items[0].other': Extra inputs are not permitted"),
    (dict(name='x', colour_name='RED'), "option 'colour_name': Extra inputs are not permitted"),
    (dict(name='x', ratio=0.5, size=1), "option 'ratio': needs size 2 or more"),
    (dict(name='x', wait_timeout=0), "option 'wait_timeout': must be greater than 0 seconds, got 0"),
])
def test_errors_name_the_option(values, message):
    assert message in error_of(**values)


@pytest.mark.parametrize('option, value, message', [
    ('project_id', 'not-a-project', "is not an Atlas project id; it must match ^([a-f0-9]{24})$"),
    ('request_timeout', 0.0, 'must be greater than 0, got 0.0'),
    ('max_retry_time', -1.0, 'must be greater than 0, got -1.0'),
    ('max_retries', -1, 'must be 0 or more, got -1'),
    ('wait_timeout', -5, 'must be greater than 0 seconds, got -5'),
])
def test_common_rules_apply_wherever_the_spec_has_the_option(option, value, message):
    kind = {'project_id': 'str', 'max_retries': 'int', 'wait_timeout': 'int'}.get(option, 'float')
    model = options_model('One', {option: dict(type=kind)})
    with pytest.raises(ValidationError) as caught:
        model(**{option: value})
    described = describe_validation_error(caught.value)
    assert described.startswith("option '%s': " % option) and message in described
    assert model(**{option: None}) is not None  # None (unset) is never checked


def test_a_rule_naming_an_option_the_spec_lacks_is_refused():
    class Misspelt(OptionRules):
        @field_validator('colur')
        @classmethod
        def _check(cls, value):
            return value

    with pytest.raises(OptionSpecError, match="the validator _check names option\\(s\\) 'colur'"):
        options_model('Broken', SPEC, Misspelt)


def test_a_rule_silenced_with_check_fields_false_is_refused_too():
    class Silenced(OptionRules):
        @field_validator('colur', check_fields=False)
        @classmethod
        def _check(cls, value):
            return value

    with pytest.raises(OptionSpecError, match="the validator _check names option\\(s\\) 'colur'"):
        options_model('Broken', SPEC, Silenced)


def test_option_rule_on_an_unknown_option_is_refused():
    class Helper(OptionRules):
        _check = option_rule(('name', 'nme'), str.strip)

    with pytest.raises(OptionSpecError, match="names option\\(s\\) 'nme'"):
        options_model('Broken', SPEC, Helper)


def test_rules_cannot_declare_fields():
    class WithField(OptionRules):
        extra: int = 1

    with pytest.raises(OptionSpecError, match='declare fields'):
        options_model('Broken', SPEC, WithField)


def test_rules_cannot_shadow_an_option():
    class Shadowing(OptionRules):
        def size(self):
            return 1

    with pytest.raises(OptionSpecError, match='define size'):
        options_model('Broken', SPEC, Shadowing)


def test_suboption_rules_must_name_an_option_with_suboptions():
    class WrongSub(OptionRules):
        suboption_rules = {'tags': ItemRules}

    with pytest.raises(OptionSpecError, match="suboption_rules names 'tags'"):
        options_model('Broken', SPEC, WrongSub)


def test_an_unmapped_type_is_refused():
    with pytest.raises(OptionSpecError, match="option 'blob' has type bytes"):
        options_model('Broken', dict(blob=dict(type='bytes')))


def test_without_pydantic_the_model_only_carries_the_spec(monkeypatch):
    monkeypatch.setattr(_options, 'HAS_PYDANTIC', False)
    stub = options_model('Stub', SPEC, Rules)
    assert stub.argument_spec is SPEC and not hasattr(stub, 'model_fields')


class FakeBackend(object):
    check_mode = False
    _diff = False

    def __init__(self, argument_spec, **kwargs):
        self.no_log_values = set()
        self.params = dict((name, spec.get('default')) for name, spec in argument_spec.items())
        self.params.update(project_id='0123456789abcdef01234567', public_key='pub', private_key='secret', name='x')

    def fail_json(self, msg, **result):
        raise AssertionError(msg)


def test_validate_refuses_a_field_the_parameters_lack(monkeypatch):
    """The old failure mode: a model field missing from the argument spec silently took its default."""
    from ansible_collections.atlasops.networking.plugins.module_utils import _atlas_module

    monkeypatch.setattr(_atlas_module, '_module_backend', FakeBackend)
    atlas = AtlasModule(Model)
    assert atlas.options.name == 'x' and atlas.options.size == 3
    stray = options_model('Stray', dict(SPEC, stray=dict(type='int', default=7)))
    with pytest.raises(OptionSpecError, match='Stray has field\\(s\\) stray that the argument spec lacks'):
        atlas.validate(stray)


def test_a_module_cannot_redeclare_a_shared_option(monkeypatch):
    from ansible_collections.atlasops.networking.plugins.module_utils import _atlas_module

    monkeypatch.setattr(_atlas_module, '_module_backend', FakeBackend)
    with pytest.raises(OptionSpecError, match='redeclares shared option\\(s\\) project_id'):
        AtlasModule(options_model('Again', dict(SPEC, project_id=dict(type='str'))))
