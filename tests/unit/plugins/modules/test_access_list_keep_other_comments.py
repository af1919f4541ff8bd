# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""access_list keep_other_comments: a comment marks whose an entry is. With state present an existing
entry keeps its comment (someone else's is never rewritten, nor reported as updated); with state absent
only the entries with the listed comment are removed. The default keeps the earlier behaviour."""

from __future__ import annotations

import pytest
import responses

from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import access_list
from ansible_collections.atlasops.networking.plugins.modules.access_list import AccessListOptions
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, calls, page, posted, result_of, run_main,
)

LIST_URL = BASE + '/api/atlas/v2/groups/%s/accessList' % GROUP
LIST_PATH = LIST_URL.replace(BASE, '')
OURS = 'atlasops peering AWS VPC vpc-0123456789abcdef0'
THEIRS = {'cidrBlock': '10.10.0.0/16', 'comment': 'office VPN - do not touch', 'groupId': GROUP}
MINE = {'cidrBlock': '10.20.0.0/16', 'comment': OURS, 'groupId': GROUP}
BARE = {'cidrBlock': '10.30.0.0/16', 'groupId': GROUP}


def entry(cidr, comment=OURS, **more):
    return dict(cidr_block=cidr, comment=comment, **more)


# -- the rule (plan) ------------------------------------------------------------------------------

def test_present_leaves_the_comment_of_existing_entries():
    the_plan = access_list.plan([entry('10.10.0.0/16'), entry('10.20.0.0/16'), entry('10.30.0.0/16'),
                                 entry('10.40.0.0/16')], [THEIRS, MINE, BARE], 'present', False, keep_other_comments=True)
    assert [item['cidr_block'] for item in the_plan.to_add] == ['10.40.0.0/16']
    assert the_plan.to_update == []
    assert the_plan.post_body() == [{'cidrBlock': '10.40.0.0/16', 'comment': OURS}]


def test_present_still_applies_a_new_expiry_date_without_touching_the_comment():
    expiring = dict(THEIRS, deleteAfterDate='2030-01-01T00:00:00Z')
    the_plan = access_list.plan([entry('10.10.0.0/16', delete_after_date='2030-01-02T00:00:00Z')], [expiring],
                                'present', False, keep_other_comments=True)
    [(_desired, _current, differences)] = the_plan.to_update
    assert set(differences) == {'delete_after_date'}
    assert the_plan.post_body() == [{'cidrBlock': '10.10.0.0/16', 'comment': 'office VPN - do not touch',
                                     'deleteAfterDate': '2030-01-02T00:00:00Z'}]


def test_absent_removes_only_the_entries_with_the_listed_comment():
    the_plan = access_list.plan([entry('10.10.0.0/16'), entry('10.20.0.0/16'), entry('10.30.0.0/16')],
                                [THEIRS, MINE, BARE], 'absent', False, keep_other_comments=True)
    assert the_plan.to_remove == [MINE]


def test_the_default_is_unchanged():
    present = access_list.plan([entry('10.10.0.0/16')], [THEIRS], 'present', False)
    assert [differences for _desired, _current, differences in present.to_update] == [
        {'comment': ('office VPN - do not touch', OURS)}]
    absent = access_list.plan([entry('10.10.0.0/16'), entry('10.30.0.0/16')], [THEIRS, BARE], 'absent', False)
    assert absent.to_remove == [THEIRS, BARE]


def test_no_comment_matches_an_entry_without_comment():
    the_plan = access_list.plan([entry('10.30.0.0/16', comment='')], [BARE], 'absent', False, keep_other_comments=True)
    assert the_plan.to_remove == [BARE]


# -- the options ----------------------------------------------------------------------------------

@pytest.mark.parametrize('options,message', [
    (dict(entries=[{'cidr_block': '10.10.0.0/16'}], state='absent', keep_other_comments=True),
     "option 'entries[0].comment': required with keep_other_comments=true and state=absent"),
    (dict(entries=[entry('10.10.0.0/16')], purge=True, keep_other_comments=True),
     "option 'keep_other_comments': not allowed with purge=true"),
])
def test_invalid_combinations(options, message):
    with pytest.raises(ValidationError) as info:
        AccessListOptions(**options)
    assert message in describe_validation_error(info.value)


def test_present_without_comments_is_allowed():
    assert AccessListOptions(entries=[{'cidr_block': '10.10.0.0/16'}], keep_other_comments=True).keep_other_comments


# -- module runs ----------------------------------------------------------------------------------

def test_present_run_adds_only_what_is_missing_and_reports_no_update(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(THEIRS))
    atlas.add(responses.POST, LIST_URL, status=201, json=page(THEIRS, dict(MINE)))
    run_main(access_list.main, dict(entries=[entry('10.10.0.0/16'), entry('10.20.0.0/16')], keep_other_comments=True))
    result = result_of(capsys)
    assert (result['changed'], result['added'], result['updated']) == (True, ['10.20.0.0/16'], [])
    assert posted(atlas) == [[{'cidrBlock': '10.20.0.0/16', 'comment': OURS}]]
    assert [item['comment'] for item in result['entries']] == ['office VPN - do not touch', OURS]


def test_present_run_on_someone_elses_entry_changes_nothing(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(THEIRS))
    run_main(access_list.main, dict(entries=[entry('10.10.0.0/16')], keep_other_comments=True), check_mode=True)
    result = result_of(capsys)
    assert (result['changed'], result['added'], result['updated']) == (False, [], [])
    assert calls(atlas) == [('GET', LIST_PATH)]


def test_absent_run_deletes_only_its_own_entry(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(THEIRS, MINE))
    atlas.add(responses.DELETE, LIST_URL + '/10.20.0.0%2F16', status=204)
    run_main(access_list.main, dict(entries=[entry('10.10.0.0/16'), entry('10.20.0.0/16')], state='absent',
                                    keep_other_comments=True))
    result = result_of(capsys)
    assert (result['changed'], result['removed']) == (True, ['10.20.0.0/16'])
    assert calls(atlas) == [('GET', LIST_PATH), ('DELETE', LIST_PATH + '/10.20.0.0%2F16')]
    assert result['entries'] == [{'cidr_block': '10.10.0.0/16', 'comment': 'office VPN - do not touch',
                                  'group_id': GROUP}]
