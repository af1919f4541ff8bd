# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of access_list and access_list_info: the options model (valid and invalid entries,
messages naming the option), entry identity and comparison, the plan (add/update/remove/purge), and
whole module runs against Atlas mocked with ``responses`` (request counts, one array POST, %2F in
DELETE paths, check mode, diff, wait, FAILED, refused and lost POSTs, pages, status per entry)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
import responses

from ansible_collections.atlasops.networking.plugins.module_utils import _access_list
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    ValidationError,
    describe_validation_error,
)
from ansible_collections.atlasops.networking.plugins.modules import access_list, access_list_info
from ansible_collections.atlasops.networking.plugins.modules.access_list import AccessListOptions
from ansible_collections.atlasops.networking.tests.unit.plugins.modules.atlas_helpers import (
    BASE, GROUP, calls, page, posted, result_of, run_main,
)

LIST_URL = BASE + '/api/atlas/v2/groups/%s/accessList' % GROUP
MEDIA_TYPE = 'application/vnd.atlas.2023-01-01+json'
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def in_days(days):
    return (NOW + timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


IP_ITEM = {'ipAddress': '198.51.100.7', 'cidrBlock': '198.51.100.7/32', 'comment': 'VPN', 'groupId': GROUP}
CIDR_ITEM = {'cidrBlock': '203.0.113.0/24', 'comment': 'Office', 'groupId': GROUP}
V6_ITEM = {'ipAddress': '2001:db8::10', 'cidrBlock': '2001:db8::10/128', 'groupId': GROUP}
TEMP_ITEM = {'ipAddress': '192.0.2.44', 'cidrBlock': '192.0.2.44/32', 'deleteAfterDate': in_days(2), 'groupId': GROUP}


# -- options model ------------------------------------------------------------------------------

VALID = [
    ('ipv4 address', {'ip_address': '198.51.100.7'}, 'ip_address', '198.51.100.7'),
    ('ipv4 address spaces', {'ip_address': ' 198.51.100.7 '}, 'ip_address', '198.51.100.7'),
    ('ipv6 address upper case', {'ip_address': '2001:DB8:0:0::10'}, 'ip_address', '2001:db8::10'),
    ('ipv4 cidr', {'cidr_block': '203.0.113.0/24'}, 'cidr_block', '203.0.113.0/24'),
    ('ipv4 /32', {'cidr_block': '198.51.100.7/32'}, 'cidr_block', '198.51.100.7/32'),
    ('ipv6 cidr long form', {'cidr_block': '2001:0DB8:0001::/48'}, 'cidr_block', '2001:db8:1::/48'),
    ('everything', {'cidr_block': '0.0.0.0/0'}, 'cidr_block', '0.0.0.0/0'),
    ('security group', {'aws_security_group': 'sg-0123456789abcdef0'}, 'aws_security_group', 'sg-0123456789abcdef0'),
    ('security group with account', {'aws_security_group': '123456789012/sg-0123abcd'}, 'aws_security_group',
     '123456789012/sg-0123abcd'),
    ('comment of 80', {'ip_address': '198.51.100.7', 'comment': 'x' * 80}, 'comment', 'x' * 80),
    ('expiry zulu', {'ip_address': '198.51.100.7', 'delete_after_date': in_days(1)}, 'delete_after_date', in_days(1)),
    ('expiry offset', {'ip_address': '198.51.100.7',
                       'delete_after_date': (NOW + timedelta(days=1)).astimezone(timezone(timedelta(hours=2))).isoformat()},
     'delete_after_date', in_days(1)),
    ('expiry no zone is utc', {'ip_address': '198.51.100.7',
                               'delete_after_date': (NOW + timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%S')},
     'delete_after_date', in_days(1)),
    ('expiry almost a week', {'cidr_block': '203.0.113.0/24', 'delete_after_date': in_days(6.9)}, 'delete_after_date',
     in_days(6.9)),
]


@pytest.mark.parametrize('entry,field,expected', [case[1:] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_entries(entry, field, expected):
    model = AccessListOptions(entries=[entry])
    assert getattr(model.entries[0], field) == expected


def error_of(**options):
    with pytest.raises(ValidationError) as info:
        AccessListOptions(**options)
    return describe_validation_error(info.value)


INVALID = [
    ('ip and cidr', [{'ip_address': '198.51.100.7', 'cidr_block': '198.51.100.0/24'}],
     "option 'entries[0]': set exactly one of ip_address, cidr_block and aws_security_group; got cidr_block and ip_address"),
    ('none', [{'ip_address': '198.51.100.7'}, {'comment': 'no value'}],
     "option 'entries[1]': set exactly one of ip_address, cidr_block and aws_security_group; got none"),
    ('ip and sg', [{'ip_address': '198.51.100.7', 'aws_security_group': 'sg-0123abcd'}], "got ip_address and aws_security_group"),
    ('comment of 81', [{'ip_address': '198.51.100.7'}, {'ip_address': '198.51.100.8', 'comment': 'x' * 81}],
     "option 'entries[1].comment': is 81 characters long; Atlas allows at most 80"),
    ('expiry in the past', [{'ip_address': '198.51.100.7', 'delete_after_date': '2020-01-01T00:00:00Z'}],
     "option 'entries[0].delete_after_date': 2020-01-01T00:00:00Z is not in the future"),
    ('expiry now', [{'ip_address': '198.51.100.7', 'delete_after_date': in_days(-1 / 86400.0)}], 'is not in the future'),
    ('expiry beyond a week', [{'ip_address': '198.51.100.7', 'delete_after_date': in_days(7.1)}],
     "option 'entries[0].delete_after_date': %s is more than 7 days ahead" % in_days(7.1)),
    ('expiry not a date', [{'ip_address': '198.51.100.7', 'delete_after_date': 'next tuesday'}],
     "option 'entries[0].delete_after_date': 'next tuesday' is not an ISO 8601 date-time"),
    ('sg with expiry', [{'aws_security_group': 'sg-0123abcd', 'delete_after_date': in_days(1)}],
     "option 'entries[0].delete_after_date': not allowed for an aws_security_group entry"),
    ('host bits', [{'cidr_block': '10.1.2.3/16'}],
     "option 'entries[0].cidr_block': '10.1.2.3/16' has host bits set: its canonical form is 10.1.0.0/16 "
     "(or use 10.1.2.3/32 for the single address 10.1.2.3)"),
    ('ipv6 host bits', [{'cidr_block': '2001:db8::1/48'}], 'its canonical form is 2001:db8::/48'),
    ('prefix too long', [{'cidr_block': '10.0.0.0/33'}], "option 'entries[0].cidr_block': '10.0.0.0/33' is not a valid CIDR block"),
    ('cidr without prefix', [{'cidr_block': '10.0.0.1'}], "option 'entries[0].cidr_block': '10.0.0.1' is not in CIDR notation"),
    ('bad ip', [{'ip_address': '198.51.100.300'}], "option 'entries[0].ip_address': '198.51.100.300' is not a valid IPv4"),
    ('ip with prefix', [{'ip_address': '198.51.100.0/24'}], "option 'entries[0].ip_address': '198.51.100.0/24' is a CIDR block"),
    ('bad sg', [{'aws_security_group': 'security-group-1'}],
     "option 'entries[0].aws_security_group': 'security-group-1' is not an AWS security group id"),
    ('ip and its /32 twice', [{'ip_address': '198.51.100.7'}, {'cidr_block': '198.51.100.7/32'}],
     "option 'entries[1]': 198.51.100.7/32 is the same entry as entries[0]"),
    ('ipv6 twice', [{'ip_address': '2001:db8::10'}, {'ip_address': '2001:DB8::0:10'}], "the same entry as entries[0]"),
    ('unknown key', [{'ip': '198.51.100.7'}], "option 'entries[0].ip': Extra inputs are not permitted"),
]


@pytest.mark.parametrize('entries,message', [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_entries(entries, message):
    assert message in error_of(entries=entries)


def test_purge_with_absent_is_refused():
    assert "option 'purge': only applies with state=present" in error_of(entries=[], state='absent', purge=True)


def test_wait_timeout_must_be_positive():
    assert "option 'wait_timeout': must be greater than 0" in error_of(entries=[], wait_timeout=0)


def test_expiry_window_uses_the_given_now():
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert access_list.expiry_date('2030-01-08T00:00:00Z', now=now) == '2030-01-08T00:00:00Z'
    with pytest.raises(ValueError, match='more than 7 days ahead'):
        access_list.expiry_date('2030-01-08T00:00:01Z', now=now)
    with pytest.raises(ValueError, match='not in the future'):
        access_list.expiry_date('2030-01-01T00:00:00Z', now=now)


# -- identity and comparison --------------------------------------------------------------------

@pytest.mark.parametrize('item,key', [
    (IP_ITEM, '198.51.100.7/32'),
    ({'ip_address': '198.51.100.7'}, '198.51.100.7/32'),
    ({'cidr_block': '198.51.100.7/32'}, '198.51.100.7/32'),
    ({'ipAddress': '198.51.100.7'}, '198.51.100.7/32'),
    (V6_ITEM, '2001:db8::10/128'),
    ({'ip_address': '2001:db8::10'}, '2001:db8::10/128'),
    (CIDR_ITEM, '203.0.113.0/24'),
    ({'awsSecurityGroup': 'sg-0123abcd'}, 'sg-0123abcd'),
    ({'aws_security_group': 'sg-0123abcd'}, 'sg-0123abcd'),
])
def test_item_key(item, key):
    assert _access_list.item_key(item) == key


@pytest.mark.parametrize('desired,current,differences', [
    ({'ip_address': '198.51.100.7'}, IP_ITEM, {}),
    ({'ip_address': '198.51.100.7', 'comment': 'VPN'}, IP_ITEM, {}),
    ({'ip_address': '198.51.100.7', 'comment': 'VPN 2'}, IP_ITEM, {'comment': ('VPN', 'VPN 2')}),
    ({'cidr_block': '203.0.113.0/24', 'comment': ''}, {'cidrBlock': '203.0.113.0/24'}, {}),
    ({'ip_address': '192.0.2.44', 'delete_after_date': TEMP_ITEM['deleteAfterDate']}, TEMP_ITEM, {}),
    ({'ip_address': '192.0.2.44', 'delete_after_date': TEMP_ITEM['deleteAfterDate'].replace('Z', '+00:00')}, TEMP_ITEM, {}),
    ({'ip_address': '192.0.2.44', 'delete_after_date': in_days(3)}, TEMP_ITEM,
     {'delete_after_date': (TEMP_ITEM['deleteAfterDate'], in_days(3))}),
    ({'ip_address': '198.51.100.7', 'delete_after_date': in_days(3)}, IP_ITEM, {'delete_after_date': (None, in_days(3))}),
])
def test_entry_differences(desired, current, differences):
    assert access_list.entry_differences(desired, current) == differences


def test_update_body_keeps_what_the_user_left_out():
    body = access_list.update_body({'ip_address': '192.0.2.44', 'comment': 'new'}, dict(TEMP_ITEM, comment='old'))
    assert body == {'ipAddress': '192.0.2.44', 'comment': 'new', 'deleteAfterDate': TEMP_ITEM['deleteAfterDate']}


def keys(entries):
    return [_access_list.item_key(entry) for entry in entries]


def test_plan_present_adds_updates_and_keeps_others():
    desired = [{'cidr_block': '198.51.100.7/32', 'comment': 'VPN 2'}, {'ip_address': '192.0.2.1'}, {'cidr_block': '203.0.113.0/24'}]
    the_plan = access_list.plan(desired, [IP_ITEM, CIDR_ITEM, V6_ITEM], 'present', False)
    assert keys(the_plan.to_add) == ['192.0.2.1/32']
    assert [keys([entry])[0] for entry, _current, _diff in the_plan.to_update] == ['198.51.100.7/32']
    assert the_plan.to_remove == []
    assert the_plan.post_body() == [{'ipAddress': '192.0.2.1'}, {'cidrBlock': '198.51.100.7/32', 'comment': 'VPN 2'}]


def test_plan_purge_removes_the_unlisted():
    the_plan = access_list.plan([{'ip_address': '198.51.100.7'}], [IP_ITEM, CIDR_ITEM, V6_ITEM], 'present', True)
    assert the_plan.to_add == [] and the_plan.to_update == []
    assert keys(the_plan.to_remove) == ['203.0.113.0/24', '2001:db8::10/128']


def test_plan_absent_removes_only_what_exists():
    the_plan = access_list.plan([{'cidr_block': '198.51.100.7/32'}, {'ip_address': '192.0.2.99'}],
                                [IP_ITEM, CIDR_ITEM], 'absent', False)
    assert keys(the_plan.to_remove) == ['198.51.100.7/32']
    assert the_plan.post_body() == []


# -- module runs --------------------------------------------------------------------------------

LIST_PATH = LIST_URL.replace(BASE, '')


def test_noop_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM, V6_ITEM))
    run_main(access_list.main, dict(entries=[{'cidr_block': '198.51.100.7/32'}, {'cidr_block': '203.0.113.0/24', 'comment': 'Office'},
                                             {'ip_address': '2001:DB8::10'}]))
    result = result_of(capsys)
    assert result['changed'] is False
    assert (result['added'], result['updated'], result['removed']) == ([], [], [])
    assert calls(atlas) == [('GET', LIST_PATH)]
    assert atlas.calls[0].request.headers['Accept'] == MEDIA_TYPE


def test_adding_n_entries_costs_one_get_and_one_post(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(CIDR_ITEM))
    atlas.add(responses.POST, LIST_URL, status=201, json=page(CIDR_ITEM, IP_ITEM, V6_ITEM, TEMP_ITEM))
    entries = [{'ip_address': '198.51.100.7', 'comment': 'VPN'}, {'ip_address': '2001:db8::10'},
               {'ip_address': '192.0.2.44', 'delete_after_date': TEMP_ITEM['deleteAfterDate']}]
    run_main(access_list.main, dict(entries=entries))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['added'] == ['198.51.100.7', '2001:db8::10', '192.0.2.44']
    assert calls(atlas) == [('GET', LIST_PATH), ('POST', LIST_PATH)]
    assert posted(atlas) == [[{'ipAddress': '198.51.100.7', 'comment': 'VPN'}, {'ipAddress': '2001:db8::10'},
                              {'ipAddress': '192.0.2.44', 'deleteAfterDate': TEMP_ITEM['deleteAfterDate']}]]
    assert atlas.calls[1].request.headers['Content-Type'] == MEDIA_TYPE
    assert len(result['entries']) == 4
    assert result['entries'][1] == {'ip_address': '198.51.100.7', 'cidr_block': '198.51.100.7/32', 'comment': 'VPN',
                                    'group_id': GROUP}


def test_post_answer_with_more_pages_is_read_again(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201,
              json={'results': [IP_ITEM], 'totalCount': 2, 'links': [{'rel': 'next', 'href': LIST_URL + '?pageNum=2'}]})
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM))
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}, {'cidr_block': '203.0.113.0/24'}]))
    result = result_of(capsys)
    assert calls(atlas) == [('GET', LIST_PATH), ('POST', LIST_PATH), ('GET', LIST_PATH)]
    assert len(result['entries']) == 2


def test_comment_change_reposts_the_entry(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, TEMP_ITEM))
    atlas.add(responses.POST, LIST_URL, status=201, json=page(dict(IP_ITEM, comment='VPN 2'), dict(TEMP_ITEM, comment='c')))
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7', 'comment': 'VPN 2'},
                                             {'ip_address': '192.0.2.44', 'comment': 'c'}]))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['updated'] == ['198.51.100.7', '192.0.2.44']
    assert result['added'] == []
    assert posted(atlas) == [[{'ipAddress': '198.51.100.7', 'comment': 'VPN 2'},
                              {'ipAddress': '192.0.2.44', 'comment': 'c', 'deleteAfterDate': TEMP_ITEM['deleteAfterDate']}]]


def test_check_mode_with_purge_writes_nothing_and_shows_the_removals(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM, V6_ITEM))
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7', 'comment': 'VPN 2'}, {'ip_address': '192.0.2.1'}],
                                    purge=True), check_mode=True, diff=True)
    result = result_of(capsys)
    assert calls(atlas) == [('GET', LIST_PATH)]
    assert result['changed'] is True
    assert result['added'] == ['192.0.2.1']
    assert result['updated'] == ['198.51.100.7']
    assert result['removed'] == ['203.0.113.0/24', '2001:db8::10']
    assert [entry['cidr_block'] for entry in result['entries']] == ['198.51.100.7/32', '192.0.2.1/32']
    assert result['entries'][0]['comment'] == 'VPN 2'
    assert [entry['cidr_block'] for entry in result['diff']['before']['entries']] == [
        '198.51.100.7/32', '2001:db8::10/128', '203.0.113.0/24']
    assert [entry['cidr_block'] for entry in result['diff']['after']['entries']] == ['192.0.2.1/32', '198.51.100.7/32']


def test_purge_deletes_with_the_slash_escaped(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM, V6_ITEM))
    atlas.add(responses.DELETE, LIST_URL + '/203.0.113.0%2F24', status=204)
    atlas.add(responses.DELETE, LIST_URL + '/2001%3Adb8%3A%3A10%2F128', status=204)
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}], purge=True))
    result = result_of(capsys)
    assert result['changed'] is True
    assert result['removed'] == ['203.0.113.0/24', '2001:db8::10']
    assert [call.request.method for call in atlas.calls] == ['GET', 'DELETE', 'DELETE']
    assert atlas.calls[1].request.path_url.endswith('/accessList/203.0.113.0%2F24')
    assert atlas.calls[2].request.path_url.endswith('/accessList/2001%3Adb8%3A%3A10%2F128')
    assert [entry['cidr_block'] for entry in result['entries']] == ['198.51.100.7/32']


def test_absent_twice(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM))
    atlas.add(responses.DELETE, LIST_URL + '/198.51.100.7%2F32', status=204)
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}, {'cidr_block': '192.0.2.0/24'}], state='absent'))
    result = result_of(capsys)
    assert result['changed'] is True and result['removed'] == ['198.51.100.7']
    assert [entry['cidr_block'] for entry in result['entries']] == ['203.0.113.0/24']
    atlas.replace(responses.GET, LIST_URL, json=page(CIDR_ITEM))
    atlas.calls.reset()
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}], state='absent'))
    result = result_of(capsys)
    assert result['changed'] is False and result['removed'] == []
    assert calls(atlas) == [('GET', LIST_PATH)]


def test_delete_of_an_entry_already_gone_is_fine(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(CIDR_ITEM))
    atlas.add(responses.DELETE, LIST_URL + '/203.0.113.0%2F24', status=404,
              json={'error': 404, 'errorCode': 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND', 'detail': 'gone'})
    run_main(access_list.main, dict(entries=[{'cidr_block': '203.0.113.0/24'}], state='absent'))
    assert result_of(capsys)['changed'] is True


def test_invalid_input_sends_nothing(atlas, capsys):
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7', 'comment': 'x' * 81}]))
    result = result_of(capsys)
    assert result['failed'] is True
    assert "option 'entries[0].comment'" in result['msg']
    assert len(atlas.calls) == 0


def test_refused_post_is_retried_after_reading_again(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=409,
              json={'error': 409, 'errorCode': 'CONCURRENT_ACCESS_LIST_UPDATE', 'detail': 'concurrent'})
    # Meanwhile another host added its own entry and one of ours.
    atlas.add(responses.GET, LIST_URL, json=page(CIDR_ITEM, IP_ITEM))
    atlas.add(responses.POST, LIST_URL, status=201, json=page(CIDR_ITEM, IP_ITEM, V6_ITEM))
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7', 'comment': 'VPN'}, {'ip_address': '2001:db8::10'}]))
    result = result_of(capsys)
    assert result['changed'] is True
    assert calls(atlas) == [('GET', LIST_PATH), ('POST', LIST_PATH), ('GET', LIST_PATH), ('POST', LIST_PATH)]
    assert posted(atlas)[1] == [{'ipAddress': '2001:db8::10'}]
    assert '409 CONCURRENT_ACCESS_LIST_UPDATE' in json.dumps(result['warnings'])
    assert len(result['entries']) == 3


def test_lost_post_is_not_sent_again_when_applied(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, body=requests.exceptions.ConnectionError('reset'))
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM))
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7', 'comment': 'VPN'}]))
    result = result_of(capsys)
    assert result['changed'] is True and result['added'] == ['198.51.100.7']
    assert calls(atlas) == [('GET', LIST_PATH), ('POST', LIST_PATH), ('GET', LIST_PATH)]
    assert result['entries'][0]['cidr_block'] == '198.51.100.7/32'


def test_other_errors_are_not_retried(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=400,
              json={'error': 400, 'errorCode': 'CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION',
                    'detail': 'needs a peering'})
    run_main(access_list.main, dict(entries=[{'aws_security_group': 'sg-0123abcd'}]))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION' in result['msg']
    assert result['error']['status'] == 400
    assert calls(atlas) == [('GET', LIST_PATH), ('POST', LIST_PATH)]


def test_refusals_are_bounded(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=409, json={'error': 409, 'errorCode': 'CONCURRENT_ACCESS_LIST_UPDATE'})
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}]))
    result = result_of(capsys)
    assert result['failed'] is True
    assert [method for method, _path in calls(atlas)].count('POST') == access_list.POST_ATTEMPTS


def test_wait_polls_each_written_entry_until_active(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=page(IP_ITEM, CIDR_ITEM))
    ip_status = LIST_URL + '/198.51.100.7%2F32/status'
    cidr_status = LIST_URL + '/203.0.113.0%2F24/status'
    atlas.add(responses.GET, ip_status, status=404, json={'error': 404, 'errorCode': 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND'})
    atlas.add(responses.GET, ip_status, json={'STATUS': 'ACTIVE'})
    atlas.add(responses.GET, cidr_status, json={'STATUS': 'PENDING'})
    atlas.add(responses.GET, cidr_status, json={'STATUS': 'ACTIVE'})
    run_main(access_list.main, dict(entries=[{'ip_address': '198.51.100.7'}, {'cidr_block': '203.0.113.0/24'}], wait=True))
    result = result_of(capsys)
    assert result['changed'] is True
    status_calls = [path for method, path in calls(atlas) if path.endswith('/status')]
    assert len(status_calls) == 4


def test_wait_surfaces_failed(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=page(CIDR_ITEM))
    atlas.add(responses.GET, LIST_URL + '/203.0.113.0%2F24/status', json={'STATUS': 'FAILED'})
    run_main(access_list.main, dict(entries=[{'cidr_block': '203.0.113.0/24'}], wait=True))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is True
    assert 'The access list entry 203.0.113.0/24 is FAILED' in result['msg']


def test_wait_times_out(atlas, capsys, monkeypatch):
    clock = iter(range(0, 10000, 50))
    monkeypatch.setattr(time, 'monotonic', lambda: float(next(clock)))
    atlas.add(responses.GET, LIST_URL, json=page())
    atlas.add(responses.POST, LIST_URL, status=201, json=page(CIDR_ITEM))
    atlas.add(responses.GET, LIST_URL + '/203.0.113.0%2F24/status', json={'STATUS': 'PENDING'})
    run_main(access_list.main, dict(entries=[{'cidr_block': '203.0.113.0/24'}], wait=True, wait_timeout=120))
    result = result_of(capsys)
    assert result['failed'] is True
    assert 'Timed out after 120s waiting for access list entries 203.0.113.0/24 to become ACTIVE' in result['msg']


def test_check_mode_never_waits(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page())
    run_main(access_list.main, dict(entries=[{'cidr_block': '203.0.113.0/24'}], wait=True), check_mode=True)
    result = result_of(capsys)
    assert result['changed'] is True
    assert calls(atlas) == [('GET', LIST_PATH)]


def test_every_page_is_read(atlas, capsys):
    first = [{'cidrBlock': '10.%d.%d.0/24' % (n // 256, n % 256), 'groupId': GROUP} for n in range(500)]
    atlas.add(responses.GET, LIST_URL, match=[responses.matchers.query_param_matcher({'itemsPerPage': '500', 'pageNum': '1'})],
              json={'results': first, 'totalCount': 501, 'links': [{'rel': 'next'}]})
    atlas.add(responses.GET, LIST_URL, match=[responses.matchers.query_param_matcher({'itemsPerPage': '500', 'pageNum': '2'})],
              json={'results': [CIDR_ITEM], 'totalCount': 501, 'links': []})
    run_main(access_list.main, dict(entries=[{'cidr_block': '203.0.113.0/24'}]))
    result = result_of(capsys)
    assert result['changed'] is False
    assert len(result['entries']) == 501


# -- issue 11, item 6: absent reads only the entries' values ----------------------------------------

def test_absent_does_not_check_comment_or_expiry():
    model = AccessListOptions(state='absent', entries=[
        {'ip_address': '198.51.100.7', 'comment': 'x' * 81, 'delete_after_date': '2020-01-01T00:00:00Z'},
        {'aws_security_group': 'sg-0123abcd', 'delete_after_date': 'next tuesday'}])
    assert model.entries[0].delete_after_date == '2020-01-01T00:00:00Z'


def test_absent_with_an_expired_date_removes_the_entry(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(TEMP_ITEM, CIDR_ITEM))
    atlas.add(responses.DELETE, LIST_URL + '/192.0.2.44%2F32', status=204)
    run_main(access_list.main, dict(state='absent', entries=[
        {'ip_address': '192.0.2.44', 'comment': 'Contractor', 'delete_after_date': '2020-01-01T00:00:00Z'}]))
    result = result_of(capsys)
    assert result['changed'] is True and result['removed'] == ['192.0.2.44']


# -- issue 18, item 6: the 200-entry limit ----------------------------------------------------------

def full_list(count):
    return [{'cidrBlock': '10.0.%d.%d/32' % (n // 250, n % 250), 'ipAddress': '10.0.%d.%d' % (n // 250, n % 250),
             'groupId': GROUP} for n in range(count)]


@pytest.mark.parametrize('check_mode', [False, True])
def test_entries_that_cannot_fit_fail_before_any_write(atlas, capsys, check_mode):
    atlas.add(responses.GET, LIST_URL, json=page(*full_list(199)))
    run_main(access_list.main, dict(entries=[{'ip_address': '192.0.2.1'}, {'ip_address': '192.0.2.2'}]),
             check_mode=check_mode)
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert ('holds 199 entries; this task would add 2 more, 201 in all, and Atlas allows at most 200 entries per '
            'project' in result['msg'])
    assert 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED' in result['msg']
    assert calls(atlas) == [('GET', LIST_PATH)]


def test_updating_entries_of_a_full_list_adds_none(atlas, capsys):
    entries = full_list(200)
    atlas.add(responses.GET, LIST_URL, json=page(*entries))
    atlas.add(responses.POST, LIST_URL, status=201, json=page(*entries))
    run_main(access_list.main, dict(entries=[{'ip_address': entries[0]['ipAddress'], 'comment': 'first'}]))
    assert result_of(capsys)['updated'] == [entries[0]['ipAddress']]


def test_purge_removes_first_when_that_makes_room(atlas, capsys):
    entries = full_list(200)
    atlas.add(responses.GET, LIST_URL, json=page(*entries))
    atlas.add(responses.DELETE, LIST_URL + '/10.0.0.0%2F32', status=204)
    atlas.add(responses.POST, LIST_URL, status=201, json=page(*(entries[1:] + [IP_ITEM])))
    keep = [{'ip_address': item['ipAddress']} for item in entries[1:]]
    run_main(access_list.main, dict(entries=keep + [{'ip_address': '198.51.100.7'}], purge=True))
    result = result_of(capsys)
    assert result['changed'] is True and result['added'] == ['198.51.100.7'] and result['removed'] == ['10.0.0.0']
    assert [method for method, _path in calls(atlas)] == ['GET', 'DELETE', 'POST']
    assert len(result['entries']) == 200


def test_a_full_list_atlas_reports_is_surfaced_with_the_numbers_and_not_retried(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(*full_list(8)))
    atlas.add(responses.POST, LIST_URL, status=403, json={
        'error': 403, 'errorCode': 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED', 'reason': 'Forbidden', 'parameters': [10],
        'detail': 'Too many network permission entries. Only 10 entries are supported.'})
    run_main(access_list.main, dict(entries=[{'ip_address': '192.0.2.%d' % n} for n in range(1, 6)]))
    result = result_of(capsys)
    assert result['failed'] is True and result['changed'] is False
    assert 'the access list of project %s is full' % GROUP in result['msg']
    assert 'It holds 8 entries and this task would add 5, 13 in all; the limit of this project is 10 entries' in result['msg']
    assert result['error']['error_code'] == 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED'
    assert [method for method, _path in calls(atlas)] == ['GET', 'POST']


# -- access_list_info ---------------------------------------------------------------------------

def test_info_reads_each_status(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM, TEMP_ITEM))
    atlas.add(responses.GET, LIST_URL + '/198.51.100.7%2F32/status', json={'STATUS': 'ACTIVE'})
    atlas.add(responses.GET, LIST_URL + '/203.0.113.0%2F24/status', json={'STATUS': 'PENDING'})
    atlas.add(responses.GET, LIST_URL + '/192.0.2.44%2F32/status', status=404,
              json={'error': 404, 'errorCode': 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND'})
    run_main(access_list_info.main, {})
    result = result_of(capsys)
    assert result['changed'] is False
    assert [(entry['cidr_block'], entry['status']) for entry in result['entries']] == [
        ('198.51.100.7/32', 'ACTIVE'), ('203.0.113.0/24', 'PENDING')]
    assert all(call.request.method == 'GET' for call in atlas.calls)


def test_info_without_status_costs_one_get(atlas, capsys):
    atlas.add(responses.GET, LIST_URL, json=page(IP_ITEM, CIDR_ITEM))
    run_main(access_list_info.main, dict(with_status=False))
    result = result_of(capsys)
    assert [entry['cidr_block'] for entry in result['entries']] == ['198.51.100.7/32', '203.0.113.0/24']
    assert all('status' not in entry for entry in result['entries'])
    assert calls(atlas) == [('GET', LIST_PATH)]
