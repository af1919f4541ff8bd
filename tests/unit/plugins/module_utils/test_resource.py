# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of the resource engine (ResourceEngine) with a fake client: create, 409 adoption,
POSTs with an unknown outcome (lookup, never a blind duplicate), check mode (never writes, never
waits), immutable refusals, PATCH, delete retry/done codes, and the wait loops (FAILED, timeout)."""

from __future__ import annotations

import random
import time

import pytest

from ansible_collections.atlasops.networking.plugins.module_utils import _views
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ApiResource
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasOutcomeUnknownError,
    AtlasStateError,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    ResourceEngine,
)

GROUP = '0123456789abcdef01234567'
THINGS = ApiResource('/groups/{group_id}/things', {'default': '2023-01-01', 'update': '2025-03-12'}, 'id')
COLLECTION = '/api/atlas/v2/groups/%s/things' % GROUP
ITEM_PATH = COLLECTION + '/t1'


class Desired(object):
    """Stands in for the pydantic options model."""

    def __init__(self, **values):
        self.values = values

    def model_dump(self, exclude_none=False):
        return dict((key, value) for key, value in self.values.items() if value is not None or not exclude_none)


class Thing(AtlasResource):
    api = THINGS
    result_key = 'thing'
    label = 'thing'
    mutable_fields = ('size',)
    ready_statuses = ('READY',)
    failed_statuses = ('FAILED',)
    deleting_statuses = ('DELETING',)
    delete_retry_codes = ('THING_IN_USE',)
    delete_done_codes = ('THING_ALREADY_DELETED',)

    def is_same_resource(self, item):
        return item.get('name') == self.desired.values['name']

    def create_body(self):
        return {'name': self.desired.values['name'], 'size': self.desired.values.get('size')}


class FakeClient(object):
    """Records every call; answers from queues. A queued exception is raised instead of returned."""

    def __init__(self, items=None, post=None, get=None, delete=None, patch=None):
        self.items = list(items or [])
        self.answers = {'POST': list(post or []), 'GET': list(get or []), 'DELETE': list(delete or []),
                        'PATCH': list(patch or [])}
        self.calls = []

    def _answer(self, method):
        queue = self.answers[method]
        if not queue:
            raise AssertionError('unexpected %s' % method)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def find(self, path, version, predicate, params=None):
        self.calls.append(('FIND', path))
        return next((item for item in self.items if predicate(item)), None)

    def post(self, path, version, body, params=None):
        self.calls.append(('POST', path, body))
        return self._answer('POST')

    def get(self, path, version, params=None):
        self.calls.append(('GET', path))
        return self._answer('GET')

    def patch(self, path, version, body):
        self.calls.append(('PATCH', path, body, version))
        return self._answer('PATCH')

    def delete(self, path, version):
        self.calls.append(('DELETE', path))
        return self._answer('DELETE')

    def methods(self):
        return [call[0] for call in self.calls]


class FakeModule(object):
    def __init__(self):
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


class FakeAtlas(object):
    project_id = GROUP

    def __init__(self, client, check_mode=False, diff_mode=False, **params):
        self.client = client
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.module = FakeModule()
        self.params = dict(state='present', wait=False, wait_timeout=60, max_retries=2)
        self.params.update(params)


def engine_for(client, desired=None, resource_class=Thing, **kwargs):
    atlas = FakeAtlas(client, **kwargs)
    resource = resource_class(atlas, Desired(**(desired or dict(name='a', size=10))))
    return ResourceEngine(atlas, resource)


def api_error(status, code):
    return AtlasApiError(status, code, detail='%s happened' % code)


@pytest.fixture(autouse=True)
def fake_time(monkeypatch):
    """No real sleeping; a clock that moves only when the engine sleeps."""
    clock = {'now': 1000.0}

    def sleep(seconds):
        clock['now'] += seconds

    monkeypatch.setattr(time, 'sleep', sleep)
    monkeypatch.setattr(time, 'monotonic', lambda: clock['now'])
    monkeypatch.setattr(random, 'uniform', lambda low, high: low)
    return clock


CREATED = {'id': 't1', 'name': 'a', 'size': 10, 'status': 'CREATING'}


# -- present ------------------------------------------------------------------------------------

def test_create_posts_once_and_reports_changed():
    client = FakeClient(post=[CREATED])
    result = engine_for(client, diff_mode=True).run()
    assert result['changed'] is True
    assert result['thing'] == CREATED
    assert result['diff'] == {'before': {}, 'after': CREATED}
    assert client.calls == [('FIND', COLLECTION), ('POST', COLLECTION, {'name': 'a', 'size': 10})]


def test_existing_and_equal_is_one_lookup_and_unchanged():
    client = FakeClient(items=[{'id': 't0', 'name': 'b'}, dict(CREATED, status='READY')])
    result = engine_for(client).run()
    assert result['changed'] is False and result['thing']['id'] == 't1'
    assert client.methods() == ['FIND']


def test_409_on_create_adopts_the_existing_resource():
    client = FakeClient(post=[api_error(409, 'DUPLICATE')])
    engine = engine_for(client)

    def lookup_then_found():
        client.calls.append(('FIND', COLLECTION))
        return CREATED if client.methods().count('FIND') > 1 else None

    engine.lookup = lookup_then_found
    result = engine.run()
    assert result['changed'] is False
    assert result['thing']['id'] == 't1'
    assert client.methods() == ['FIND', 'POST', 'FIND']


def test_409_without_a_match_is_raised():
    client = FakeClient(post=[api_error(409, 'DUPLICATE')])
    with pytest.raises(AtlasApiError) as caught:
        engine_for(client).run()
    assert caught.value.status == 409
    assert client.methods() == ['FIND', 'POST', 'FIND']


def test_create_conflict_code_adopts_like_409():
    class Coded(Thing):
        create_conflict_codes = ('THING_EXISTS',)

    client = FakeClient(post=[api_error(400, 'THING_EXISTS')])
    engine = engine_for(client, resource_class=Coded)
    found = iter([None, CREATED])
    engine.lookup = lambda: next(found)
    assert engine.run()['changed'] is False


def test_other_post_errors_are_raised_without_lookup():
    client = FakeClient(post=[api_error(400, 'INVALID_ATTRIBUTE')])
    with pytest.raises(AtlasApiError):
        engine_for(client).run()
    assert client.methods() == ['FIND', 'POST']


def test_unknown_outcome_is_looked_up_and_never_posted_twice_when_found():
    client = FakeClient(post=[AtlasOutcomeUnknownError('POST', COLLECTION, 'timed out')])
    engine = engine_for(client)
    found = iter([None, CREATED])

    def lookup():
        client.calls.append(('FIND', COLLECTION))
        return next(found)

    engine.lookup = lookup
    result = engine.run()
    assert result['changed'] is True and result['thing'] == CREATED
    assert client.methods() == ['FIND', 'POST', 'FIND']
    assert 'looking the thing up before deciding to send it again' in engine.atlas.module.warnings[0]


def test_unknown_outcome_not_found_posts_again():
    client = FakeClient(post=[AtlasOutcomeUnknownError('POST', COLLECTION, 'HTTP 503'), CREATED])
    result = engine_for(client).run()
    assert result['changed'] is True
    assert client.methods() == ['FIND', 'POST', 'FIND', 'POST']


def test_unknown_outcome_every_attempt_raises_after_max_retries():
    client = FakeClient(post=[AtlasOutcomeUnknownError('POST', COLLECTION, 'HTTP 503')])
    with pytest.raises(AtlasOutcomeUnknownError):
        engine_for(client, max_retries=1).run()
    assert client.methods() == ['FIND', 'POST', 'FIND', 'POST', 'FIND']


def test_refresh_after_create_reads_the_item():
    class Refreshing(Thing):
        refresh_after_create = True

    client = FakeClient(post=[{'id': 't1', 'name': 'a'}], get=[dict(CREATED, status='READY')])
    result = engine_for(client, resource_class=Refreshing).run()
    assert result['thing']['status'] == 'READY'
    assert client.methods() == ['FIND', 'POST', 'GET']


@pytest.mark.parametrize('items,desired,state', [
    ([], dict(name='a', size=10), 'present'),
    ([dict(CREATED, size=5)], dict(name='a', size=10), 'present'),
    ([CREATED], dict(name='a', size=10), 'absent'),
])
def test_check_mode_never_writes_and_never_waits(items, desired, state):
    client = FakeClient(items=items)  # any POST/PATCH/DELETE/GET would fail: nothing is queued
    result = engine_for(client, desired=desired, check_mode=True, state=state, wait=True).run()
    assert result['changed'] is True
    assert client.methods() == ['FIND']


def test_check_mode_create_reports_the_desired_view():
    result = engine_for(FakeClient(), check_mode=True).run()
    assert result['thing'] == {'name': 'a', 'size': 10}


def test_mutable_difference_is_patched_with_the_update_version():
    client = FakeClient(items=[dict(CREATED, size=5)], patch=[CREATED])
    result = engine_for(client).run()
    assert result['changed'] is True
    assert client.calls[-1] == ('PATCH', ITEM_PATH, {'name': 'a', 'size': 10}, '2025-03-12')


def test_immutable_difference_fails_without_writing():
    client = FakeClient(items=[{'id': 't1', 'name': 'a', 'size': 10, 'colour': 'red'}])
    with pytest.raises(AtlasStateError) as caught:
        engine_for(client, desired=dict(name='a', size=10, colour='blue')).run()
    message = str(caught.value)
    assert 'colour' in message and "'red'" in message and "'blue'" in message and 'state: absent' in message
    assert client.methods() == ['FIND']


def test_refuse_update_hook_stops_the_patch():
    class Refusing(Thing):
        def refuse_update(self, current_view, differences):
            return 'not now: %s' % ', '.join(differences)

    client = FakeClient(items=[dict(CREATED, size=5)])
    with pytest.raises(AtlasStateError, match='not now: size'):
        engine_for(client, resource_class=Refusing).run()
    assert client.methods() == ['FIND']


def test_update_error_message_hook_rewords_a_refused_patch():
    class Explaining(Thing):
        def update_error_message(self, error, current_view, differences):
            return 'size is locked (%s)' % error.error_code

    client = FakeClient(items=[dict(CREATED, size=5)], patch=[api_error(409, 'LOCKED')])
    with pytest.raises(AtlasStateError, match=r'size is locked \(LOCKED\)'):
        engine_for(client, resource_class=Explaining).run()


# -- waiting ------------------------------------------------------------------------------------

def test_wait_polls_until_ready():
    client = FakeClient(post=[CREATED], get=[CREATED, dict(CREATED, status='READY')])
    result = engine_for(client, wait=True).run()
    assert result['thing']['status'] == 'READY'
    assert client.methods() == ['FIND', 'POST', 'GET', 'GET']


def test_wait_on_a_failed_item_fails_at_once_with_its_reason():
    client = FakeClient(items=[dict(CREATED, status='FAILED', errorMessage='no capacity')])
    with pytest.raises(AtlasStateError) as caught:
        engine_for(client, wait=True).run()
    assert 'is FAILED: no capacity' in str(caught.value)
    assert caught.value.view['error_message'] == 'no capacity'
    assert client.methods() == ['FIND']


def test_wait_timeout_names_the_last_status(fake_time):
    client = FakeClient(post=[CREATED], get=[dict(CREATED, status='PENDING')])
    with pytest.raises(AtlasStateError) as caught:
        engine_for(client, wait=True, wait_timeout=30).run()
    message = str(caught.value)
    assert 'Timed out after 30s' in message and 'last status: PENDING' in message and 'reach READY' in message
    assert caught.value.view['status'] == 'PENDING'
    assert client.methods().count('GET') >= 2


def test_wait_fails_when_the_item_disappears():
    client = FakeClient(post=[CREATED], get=[api_error(404, 'NOT_FOUND')])
    with pytest.raises(AtlasStateError, match='disappeared'):
        engine_for(client, wait=True).run()


# -- absent ------------------------------------------------------------------------------------

def test_absent_when_missing_is_unchanged():
    client = FakeClient()
    result = engine_for(client, state='absent', wait=True).run()
    assert result == {'changed': False, 'thing': {}}
    assert client.methods() == ['FIND']


def test_delete_once():
    client = FakeClient(items=[CREATED], delete=[None])
    result = engine_for(client, state='absent', diff_mode=True).run()
    assert result['changed'] is True and result['diff'] == {'before': CREATED, 'after': {}}
    assert client.calls[-1] == ('DELETE', ITEM_PATH)


def test_already_deleting_is_unchanged_and_sends_no_delete():
    client = FakeClient(items=[dict(CREATED, status='DELETING')])
    assert engine_for(client, state='absent').run()['changed'] is False
    assert client.methods() == ['FIND']


def test_delete_retry_code_is_retried_until_it_works():
    client = FakeClient(items=[CREATED], delete=[api_error(409, 'THING_IN_USE'), api_error(409, 'THING_IN_USE'), None])
    engine = engine_for(client, state='absent')
    assert engine.run()['changed'] is True
    assert client.methods().count('DELETE') == 3
    assert len(engine.atlas.module.warnings) == 2 and 'retrying the deletion' in engine.atlas.module.warnings[0]


def test_delete_retry_code_gives_up_at_wait_timeout():
    client = FakeClient(items=[CREATED], delete=[api_error(409, 'THING_IN_USE')])
    with pytest.raises(AtlasApiError) as caught:
        engine_for(client, state='absent', wait_timeout=10).run()
    assert caught.value.error_code == 'THING_IN_USE'
    assert 2 <= client.methods().count('DELETE') <= 5


@pytest.mark.parametrize('error', [api_error(404, 'NOT_FOUND'), api_error(400, 'THING_ALREADY_DELETED')])
def test_delete_done_codes_count_as_deleted(error):
    client = FakeClient(items=[CREATED], delete=[error])
    assert engine_for(client, state='absent').run()['changed'] is True
    assert client.methods().count('DELETE') == 1


def test_other_delete_errors_are_raised_at_once():
    client = FakeClient(items=[CREATED], delete=[api_error(403, 'FORBIDDEN')])
    with pytest.raises(AtlasApiError):
        engine_for(client, state='absent').run()
    assert client.methods().count('DELETE') == 1


def test_delete_with_wait_polls_until_gone():
    client = FakeClient(items=[CREATED], delete=[None],
                        get=[dict(CREATED, status='DELETING'), api_error(404, 'NOT_FOUND')])
    engine_for(client, state='absent', wait=True).run()
    assert client.methods() == ['FIND', 'DELETE', 'GET', 'GET']


def test_gone_statuses_count_as_deleted_when_waiting():
    class Lingering(Thing):
        gone_statuses = ('DELETED',)

    client = FakeClient(items=[CREATED], delete=[None], get=[dict(CREATED, status='DELETED')])
    engine_for(client, resource_class=Lingering, state='absent', wait=True).run()
    assert client.methods() == ['FIND', 'DELETE', 'GET']


def test_delete_wait_timeout_says_so(fake_time):
    client = FakeClient(items=[CREATED], delete=[None], get=[dict(CREATED, status='DELETING')])
    with pytest.raises(AtlasStateError) as caught:
        engine_for(client, state='absent', wait=True, wait_timeout=20).run()
    assert 'be deleted' in str(caught.value) and 'last status: DELETING' in str(caught.value)


# -- small helpers --------------------------------------------------------------------------------

def test_snake_view_is_snake_case_without_links_and_with_id():
    assert _views.snake_view({'_id': 'x', 'errorMessage': 'm', 'links': [{}]}) == {'id': 'x', 'error_message': 'm'}


def test_status_is_read_from_the_declared_atlas_field():
    class Named(Thing):
        status_field = 'statusName'

    resource = Named(FakeAtlas(FakeClient()), Desired(name='a'))
    assert resource.status_of({'statusName': 'AVAILABLE', 'status': 'other'}) == 'AVAILABLE'
    assert resource.status_of(None) is None


# -- rules every module gets from the engine (issues 11 and 18) ---------------------------------

LEAVING = dict(CREATED, status='DELETING')


def test_present_waits_until_a_deleting_resource_is_gone_then_creates_a_new_one():
    client = FakeClient(items=[LEAVING], get=[LEAVING, api_error(404, 'NOT_FOUND')], post=[dict(CREATED, id='t2')])
    engine = engine_for(client)
    result = engine.run()
    assert result['changed'] is True and result['thing']['id'] == 't2'
    assert client.methods() == ['FIND', 'GET', 'GET', 'POST']
    assert 'is being deleted (DELETING): waiting up to 60s' in engine.atlas.module.warnings[0]


def test_present_in_check_mode_reports_the_new_resource_without_waiting():
    client = FakeClient(items=[LEAVING])
    result = engine_for(client, check_mode=True, wait=True).run()
    assert result['changed'] is True and result['thing'] == {'name': 'a', 'size': 10}
    assert client.methods() == ['FIND']


def test_present_fails_clearly_when_the_old_resource_outlives_wait_timeout():
    client = FakeClient(items=[LEAVING], get=[LEAVING])
    engine = engine_for(client, wait_timeout=20)
    with pytest.raises(AtlasStateError) as caught:
        engine.run()
    assert 'is still being deleted (last status: DELETING) after 20s' in str(caught.value)
    assert 'POST' not in client.methods() and engine.changed is False


def test_recreate_while_deleting_creates_at_once():
    class Replaceable(Thing):
        recreate_while_deleting = True

    client = FakeClient(items=[LEAVING], post=[dict(CREATED, id='t2')])
    assert engine_for(client, resource_class=Replaceable).run()['thing']['id'] == 't2'
    assert client.methods() == ['FIND', 'POST']


def test_a_live_match_wins_over_a_deleting_one():
    live = dict(CREATED, id='t2', status='READY')
    client = FakeClient(items=[LEAVING, live], delete=[None])
    result = engine_for(client, state='absent', diff_mode=True).run()
    assert result['changed'] is True and result['diff']['before']['id'] == 't2'
    assert client.calls[-1] == ('DELETE', COLLECTION + '/t2')
    assert engine_for(FakeClient(items=[LEAVING, live])).run() == {'changed': False, 'thing': live}


def test_gone_statuses_count_as_not_there():
    class Lingering(Thing):
        gone_statuses = ('DELETED',)

    client = FakeClient(items=[dict(CREATED, status='DELETED')], post=[dict(CREATED, id='t2')])
    assert engine_for(client, resource_class=Lingering).run()['changed'] is True
    assert client.methods() == ['FIND', 'POST']
    assert engine_for(FakeClient(items=[dict(CREATED, status='DELETED')]), resource_class=Lingering,
                      state='absent').run()['changed'] is False


@pytest.mark.parametrize('items,state', [
    ([CREATED], 'present'),    # unchanged, still CREATING
    ([LEAVING], 'absent'),     # already being deleted
])
def test_check_mode_never_waits_for_a_resource_it_does_not_change(items, state):
    client = FakeClient(items=items)  # a GET would fail: nothing is queued
    result = engine_for(client, check_mode=True, state=state, wait=True).run()
    assert result['changed'] is False
    assert client.methods() == ['FIND']


class Coded(Thing):
    create_conflict_codes = ('THING_EXISTS',)


def lagging_lookup(engine, client, answers):
    found = iter(answers)

    def lookup():
        client.calls.append(('FIND', COLLECTION))
        return next(found)

    engine.lookup = lookup


def test_already_exists_reads_a_lagging_list_again_until_it_shows_the_resource():
    client = FakeClient(post=[api_error(409, 'THING_EXISTS')])
    engine = engine_for(client, resource_class=Coded)
    lagging_lookup(engine, client, [None, None, None, CREATED])
    result = engine.run()
    assert result['changed'] is False and result['thing']['id'] == 't1'
    assert client.methods() == ['FIND', 'POST', 'FIND', 'FIND', 'FIND']


def test_already_exists_never_listed_fails_with_atlas_error_after_max_retry_time(fake_time):
    client = FakeClient(post=[api_error(409, 'THING_EXISTS')])
    engine = engine_for(client, resource_class=Coded, max_retry_time=30)
    started = fake_time['now']
    with pytest.raises(AtlasApiError) as caught:
        engine.run()
    assert caught.value.error_code == 'THING_EXISTS' and engine.changed is False
    assert 25 <= fake_time['now'] - started <= 30
    assert 'no thing with this key appeared in its list within 30s' in engine.atlas.module.warnings[-1]


def test_a_plain_409_is_looked_up_once():
    client = FakeClient(post=[api_error(409, 'OVERLAPPING_CIDR')])
    with pytest.raises(AtlasApiError):
        engine_for(client, resource_class=Coded).run()
    assert client.methods() == ['FIND', 'POST', 'FIND']


def test_lost_post_then_already_exists_adopts_and_reports_the_change():
    client = FakeClient(post=[AtlasOutcomeUnknownError('POST', COLLECTION, 'connection lost'),
                              api_error(409, 'THING_EXISTS')])
    engine = engine_for(client, resource_class=Coded)
    lagging_lookup(engine, client, [None, None, None, CREATED])
    result = engine.run()
    assert result['changed'] is True and result['thing']['id'] == 't1'
    assert client.methods() == ['FIND', 'POST', 'FIND', 'POST', 'FIND', 'FIND']


def test_lost_post_of_a_resource_atlas_would_duplicate_waits_for_the_list_before_posting_again():
    class Unenforced(Thing):
        atlas_enforces_natural_key = False

    client = FakeClient(post=[AtlasOutcomeUnknownError('POST', COLLECTION, 'connection lost')])
    engine = engine_for(client, resource_class=Unenforced)
    lagging_lookup(engine, client, [None, None, None, CREATED])
    result = engine.run()
    assert result['changed'] is True and result['thing']['id'] == 't1'
    assert client.methods().count('POST') == 1


def test_wait_after_create_takes_a_404_for_not_visible_yet():
    client = FakeClient(post=[CREATED], get=[api_error(404, 'NOT_FOUND'), api_error(404, 'NOT_FOUND'),
                                             dict(CREATED, status='READY')])
    result = engine_for(client, wait=True).run()
    assert result['thing']['status'] == 'READY'
    assert client.methods() == ['FIND', 'POST', 'GET', 'GET', 'GET']


def test_wait_after_create_fails_when_a_shown_resource_disappears():
    client = FakeClient(post=[CREATED], get=[CREATED, api_error(404, 'NOT_FOUND')])
    with pytest.raises(AtlasStateError, match='disappeared'):
        engine_for(client, wait=True).run()
    assert client.methods() == ['FIND', 'POST', 'GET', 'GET']


def test_wait_on_an_existing_resource_that_404s_fails_at_once():
    client = FakeClient(items=[CREATED], get=[api_error(404, 'NOT_FOUND')])
    with pytest.raises(AtlasStateError, match='disappeared'):
        engine_for(client, wait=True).run()
    assert client.methods() == ['FIND', 'GET']


def test_refresh_after_create_reads_again_while_atlas_answers_404():
    class Refreshing(Thing):
        refresh_after_create = True

    client = FakeClient(post=[{'id': 't1', 'name': 'a'}],
                        get=[api_error(404, 'NOT_FOUND'), dict(CREATED, status='READY')])
    result = engine_for(client, resource_class=Refreshing).run()
    assert result['thing']['status'] == 'READY'
    assert client.methods() == ['FIND', 'POST', 'GET', 'GET']


class Refusing(Thing):
    def check_mode_refusal(self, action, current, differences=None):
        return 'Atlas refuses to %s it' % action


@pytest.mark.parametrize('items,state', [([dict(CREATED, size=5)], 'present'), ([CREATED], 'absent')])
def test_check_mode_fails_where_atlas_would_refuse(items, state):
    client = FakeClient(items=items)
    engine = engine_for(client, resource_class=Refusing, check_mode=True, state=state)
    action = 'update' if state == 'present' else 'delete'
    with pytest.raises(AtlasStateError, match='Atlas refuses to %s it' % action):
        engine.run()
    assert engine.changed is False and client.methods() == ['FIND']


def test_check_mode_refusal_is_not_asked_outside_check_mode():
    client = FakeClient(items=[CREATED], delete=[None])
    assert engine_for(client, resource_class=Refusing, state='absent').run()['changed'] is True


def test_refused_delete_fails_at_once_when_nothing_is_on_its_way_out():
    class Blocked(Thing):
        def retry_refused_delete(self, error, current):
            return False

    client = FakeClient(items=[CREATED], delete=[api_error(409, 'THING_IN_USE')])
    engine = engine_for(client, resource_class=Blocked, state='absent')
    with pytest.raises(AtlasApiError):
        engine.run()
    assert client.methods().count('DELETE') == 1 and engine.changed is False and engine.atlas.module.warnings == []


def test_refused_delete_can_say_what_to_delete_first():
    class Explained(Thing):
        def retry_refused_delete(self, error, current):
            raise AtlasStateError('delete the widget w1 first')

    client = FakeClient(items=[CREATED], delete=[api_error(409, 'THING_IN_USE')])
    engine = engine_for(client, resource_class=Explained, state='absent')
    with pytest.raises(AtlasStateError, match='delete the widget w1 first'):
        engine.run()
    assert engine.changed is False
