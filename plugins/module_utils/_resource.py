# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The resource engine: the flow every single-resource module follows, written once.

    options -> pydantic model (no request yet) -> look up by natural key (pages of 500)
      -> compare only what the user set -> check mode? report, never write, never wait
      -> create / patch / delete (a POST with unknown outcome is followed by a lookup)
      -> optional wait for a target status -> changed + the snake_case view (+ before/after with --diff)

A module describes its resource by subclassing AtlasResource; ResourceEngine does the rest.

Rules every module gets from the engine (issues 11 and 18):
- A resource Atlas is deleting (``deleting_statuses``) is never the one a present task wants: the
  engine waits until it is gone (up to ``wait_timeout``, whatever ``wait`` says) and creates a new
  one, or fails saying it is still being deleted. Check mode reports the creation without waiting.
  One Atlas is not deleting wins over one it is; ``gone_statuses`` count as not there at all.
- Check mode never waits (``should_wait``) and fails where the module knows from what it read that
  Atlas would refuse the change (``check_mode_refusal``).
- Atlas's lists lag behind its writes. An "already exists" answer to a POST
  (``create_conflict_codes``) adopts the resource, reading the list again until it shows it (up to
  ``max_retry_time``); a POST whose outcome is unknown is resolved the same way. A resource this
  task created may answer GET 404 for a while: waiting does not take that for a disappearance.
- A DELETE refused for now (``delete_retry_codes``) is retried only while ``retry_refused_delete``
  says something that blocks it is on its way out.
"""

from __future__ import annotations

import random
import time

from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasError,
    AtlasOutcomeUnknownError,
    AtlasStateError,
)
from ansible_collections.atlasops.networking.plugins.module_utils._options import model_validator
from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import (
    GONE,
    Backoff,
    Deadline,
    WaitFailed,
    Waiter,
    WaitTimedOut,
    should_wait,
)

# Between DELETEs Atlas refuses for now (delete_retry_codes): 1s, 2s, 4s, ... up to 10s.
DELETE_RETRY_BACKOFF = Backoff(first=1.0, cap=10.0, jitter=False)
# Between reads of a list (or GETs of an item) that does not show yet what Atlas has written.
LAG_BACKOFF = Backoff(first=1.0, cap=10.0, jitter=False)


class _NotVisibleYet(dict):
    """What a wait reads for a resource this task created while Atlas's GET still answers 404."""


NOT_VISIBLE_YET = _NotVisibleYet()
NOT_VISIBLE_STATUS = 'not visible yet (GET answers 404)'


def present_rule(options, check):
    """Like ``_options.option_rule()``, for options that only matter with state present (what is sent to
    create or update, never the natural key): with state absent their values are neither checked nor
    normalised, so tearing down with the variables that created a resource never fails on them (an
    expiry date that has passed since, say). A model validator; ``check`` is never called for None."""
    names = (options,) if isinstance(options, str) else tuple(options)

    def rule(model):
        if model.state != 'present':
            return model
        for name in names:
            value = getattr(model, name)
            if value is not None:
                try:
                    setattr(model, name, check(value))
                except ValueError as error:
                    raise ValueError("option '%s': %s" % (name, error))
        return model

    return model_validator(mode='after')(rule)


def state_options(wait_timeout_default, wait=True):
    """The ``state``, ``wait`` (unless ``wait=False``) and ``wait_timeout`` options of a resource module."""
    options = dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=wait_timeout_default),
    )
    if not wait:
        del options['wait']
    return options


class AtlasResource(object):
    """What a module must say about its resource. Override the hooks marked *required*."""

    api = None                    # _api_paths.ApiResource
    options_model = None          # the module's options model: options_model(name, ARGUMENT_SPEC, Rules)
    result_key = None             # the key of the view in the result, e.g. 'peering'
    label = None                  # words for messages, e.g. 'network peering connection'
    mutable_fields = ()           # view fields Atlas lets us PATCH; other differences cannot be applied
    status_field = 'status'       # the Atlas (camelCase) field holding the lifecycle status
    ready_statuses = ()           # what wait: true waits for
    failed_statuses = ('FAILED',)
    deleting_statuses = ()        # on its way out: absent reports no change, present creates a new one
    recreate_while_deleting = False  # Atlas takes a new one while the old one is deleting: present does not wait
    delete_retry_codes = ()       # DELETE errors meaning "not yet": retried (see retry_refused_delete) until wait_timeout
    delete_done_codes = ()        # DELETE errors meaning "already deleted or being deleted"
    gone_statuses = ()            # a resource still readable in one of these counts as deleted
    create_conflict_codes = ()    # Atlas's "already exists" POST errors (any status): adopt, reading lagging lists again
    atlas_enforces_natural_key = True  # False: Atlas would create a second one; a lost POST is looked up longer
    refresh_after_create = False  # GET the resource after the POST (when the POST answer lacks its status)

    def __init__(self, atlas, desired):
        self.atlas = atlas
        self.desired = desired
        self.params = atlas.params

    # -- required hooks --------------------------------------------------------------------
    def is_same_resource(self, item):
        """*required*: does this Atlas item have the natural key of the desired resource?"""
        raise NotImplementedError

    def create_body(self):
        """*required*: the POST body."""
        raise NotImplementedError

    # -- optional hooks --------------------------------------------------------------------
    def path_params(self):
        return dict(group_id=self.atlas.project_id)

    def list_params(self):
        return None

    def update_body(self, current, differences):
        """The PATCH body; by default the create body."""
        return self.create_body()

    def desired_view(self):
        """What the user asked for, in the same snake_case form as view(item)."""
        return self.desired.model_dump(exclude_none=True)

    def view(self, item):
        """Atlas's item as the module returns it (snake_case)."""
        return snake_view(item)

    def same_value(self, field, current_value, desired_value):
        return current_value == desired_value

    def failure_message(self, item):
        view = self.view(item)
        return view.get('error_message') or view.get('error_state') or view.get('error_state_name') or 'no reason given'

    def refuse_update(self, current_view, differences):
        """A message saying why these (mutable) differences cannot be applied now, or None to go ahead."""
        return None

    def update_error_message(self, error, current_view, differences):
        """A clearer message for a PATCH Atlas refused (AtlasApiError), or None to surface Atlas's error as is."""
        return None

    def check_mode_refusal(self, action, current, differences=None):
        """Check mode only: why Atlas will refuse this ``action`` ('update' with ``differences``, or 'delete')
        of the ``current`` item, known from what was read (extra GETs allowed), or None. The task then fails
        as the real run would, instead of reporting a change."""
        return None

    def retry_refused_delete(self, error, current):
        """A DELETE of ``current`` was refused with one of ``delete_retry_codes``: True retries it (until
        wait_timeout), False fails with Atlas's error at once; raise AtlasStateError to fail with a clearer
        message (what to delete first). Retry only while something that blocks it is on its way out."""
        return True

    def result(self, view):
        """The module's return values besides ``changed`` and ``diff``, from the final view."""
        return {self.result_key: view}

    def name_of(self, view):
        """How messages name the resource: by default its Atlas id."""
        return view.get('id')

    def status_of(self, item):
        return (item or {}).get(self.status_field)


class ResourceEngine(object):

    def __init__(self, atlas, resource, sleep=None, clock=None):
        self.atlas = atlas
        self.resource = resource
        self.client = atlas.client
        self.api = resource.api
        self.params = atlas.params
        self.sleep = time.sleep if sleep is None else sleep
        self.clock = time.monotonic if clock is None else clock
        self.changed = False

    # -- public ----------------------------------------------------------------------------
    def run(self):
        current = self.lookup()
        before = self.resource.view(current) if current else {}
        if self.params['state'] == 'absent':
            after = self.ensure_absent(current)
        else:
            after = self.ensure_present(current, before)
        result = dict(changed=self.changed)
        result.update(self.resource.result(after))
        if self.atlas.diff_mode:
            result['diff'] = dict(before=before, after=after)
        return result

    def lookup(self):
        """The item with the desired natural key: one Atlas is not deleting, else one it is deleting, else None.

        Items in ``gone_statuses`` count as not there. Pages are read until a live match is found.
        """
        leaving = []

        def wanted(item):
            if not self.resource.is_same_resource(item):
                return False
            status = self.resource.status_of(item)
            if status in self.resource.gone_statuses:
                return False
            if status in self.resource.deleting_statuses:
                leaving.append(item)
                return False
            return True

        found = self.client.find(
            self.api.collection(**self.resource.path_params()), self.api.version('list'),
            wanted, params=self.resource.list_params())
        return found if found is not None or not leaving else leaving[0]

    def leaving(self, item):
        return self.resource.status_of(item) in self.resource.deleting_statuses

    def live(self, item):
        """``item`` unless it is None or Atlas is deleting it."""
        return None if item is None or self.leaving(item) else item

    # -- present ---------------------------------------------------------------------------
    def ensure_present(self, current, before):
        created = False
        if current is not None and self.leaving(current):
            # Not the resource the task wants: a new one replaces it once Atlas has deleted it.
            if not self.atlas.check_mode:
                self.wait_until_gone_before_create(current)
            current = None
        if current is None:
            self.changed = True
            if self.atlas.check_mode:
                return self.resource.desired_view()
            item = self.create()
            created = True
        else:
            differences = self.differences(before)
            if not differences:
                item = current
            else:
                self.refuse_immutable(differences, before)
                refusal = self.resource.refuse_update(before, differences)
                if refusal is None and self.atlas.check_mode:
                    refusal = self.resource.check_mode_refusal('update', current, differences)
                if refusal:
                    raise AtlasStateError(refusal, view=before)
                self.changed = True
                if self.atlas.check_mode:
                    return dict(before, **dict((field, pair[1]) for field, pair in differences.items()))
                item = self.update(current, differences)
        if should_wait(self.atlas) and self.resource.ready_statuses:
            item = self.wait_for_ready(item, created=created)
        return self.resource.view(item)

    def differences(self, current_view):
        """{field: (current, desired)} for every field the user set that Atlas has differently."""
        differences = {}
        for field, desired_value in self.resource.desired_view().items():
            current_value = current_view.get(field)
            if not self.resource.same_value(field, current_value, desired_value):
                differences[field] = (current_value, desired_value)
        return differences

    def refuse_immutable(self, differences, current_view):
        frozen = sorted(field for field in differences if field not in self.resource.mutable_fields)
        if frozen:
            details = ', '.join('%s (Atlas has %r, task wants %r)' % (field, differences[field][0], differences[field][1])
                                for field in frozen)
            raise AtlasStateError(
                'Cannot change %s of the existing %s %s: Atlas does not allow changing it in place. '
                'Delete it (state: absent) and create it again, or match the existing value.'
                % (details, self.resource.label, self.resource.name_of(current_view)), view=current_view)

    def create(self):
        """POST once. An unknown outcome, or Atlas's "already exists", is resolved by looking the resource up."""
        path = self.api.collection('create', **self.resource.path_params())
        body = self.resource.create_body()
        attempts = self.params['max_retries'] + 1
        maybe_created = False  # a POST whose outcome is unknown may have created it
        for attempt in range(1, attempts + 1):
            try:
                item = self.client.post(path, self.api.version('create'), body)
            except AtlasOutcomeUnknownError as error:
                maybe_created = True
                found = self._lookup_after(error, attempt, attempts)
            except AtlasApiError as error:
                if not maybe_created:
                    self.changed = False  # Atlas refused it, or someone else created it: not this task
                if error.status != 409 and error.error_code not in self.resource.create_conflict_codes:
                    raise
                found = self._adopt(error)
            else:
                return self._refreshed(item)
            if found is not None:
                return found
        raise AtlasStateError('Creating the %s failed: every attempt had an unknown outcome.' % self.resource.label)

    def _adopt(self, error):
        """The resource Atlas says already exists. Its list may not show it yet when the error is one of
        ``create_conflict_codes`` (Atlas's own "already exists"): then the list is read again for a while."""
        if error.error_code in self.resource.create_conflict_codes:
            found = self._find_while_lists_lag()
        else:
            found = self.live(self.lookup())
        if found is None:
            if error.error_code in self.resource.create_conflict_codes:
                self.atlas.module.warn('Atlas says the %s already exists, but no %s with this key appeared in its list '
                                       'within %ss' % (self.resource.label, self.resource.label, self._lag_budget()))
            raise error
        return found

    def _lookup_after(self, error, attempt, attempts):
        self.atlas.module.warn('%s; looking the %s up before deciding to send it again (%d of %d)'
                               % (error, self.resource.label, attempt, attempts))
        self.sleep(random.uniform(0.2, 1.0))  # a short pause, different in every fork
        if self.resource.atlas_enforces_natural_key:
            # Sending it again is safe: Atlas answers "already exists" if the lost POST created it.
            found = self.live(self.lookup())
        else:
            # Atlas would create a second one: give its list the time to show what the lost POST made.
            found = self._find_while_lists_lag()
        if found is None and attempt == attempts:
            raise error
        return found

    def _lag_budget(self):
        return self.params.get('max_retry_time', 120)

    def _until_seen(self, read):
        """``read()`` until it answers something, backing off, for at most max_retry_time; None if it never does."""
        deadline = Deadline(self._lag_budget(), self.clock)
        attempt = 0
        while True:
            found = read()
            if found is not None:
                return found
            attempt += 1
            delay = LAG_BACKOFF.delay(attempt)
            if not deadline.allows(delay):
                return None
            self.sleep(delay)

    def _find_while_lists_lag(self):
        return self._until_seen(lambda: self.live(self.lookup()))

    def _refreshed(self, item):
        if not (self.resource.refresh_after_create and item and item.get(self.api.item_key)):
            return item
        # Atlas may answer 404 for what it has just created, until it has propagated.
        found = self._until_seen(lambda: self.read(item[self.api.item_key]))
        if found is None:
            self.atlas.module.warn('Atlas does not show the %s %s it has just created yet (GET answers 404); '
                                   'returning its answer to the POST' % (self.resource.label, item[self.api.item_key]))
            return item
        return found

    def update(self, current, differences):
        item_id = current[self.api.item_key]
        path = self.api.item(item_id, 'update', **self.resource.path_params())
        try:
            return self.client.patch(path, self.api.version('update'), self.resource.update_body(current, differences))
        except AtlasApiError as error:
            self.changed = False  # Atlas refused it: nothing changed
            view = self.resource.view(current)
            message = self.resource.update_error_message(error, view, differences)
            if message is None:
                raise
            raise AtlasStateError(message, view=view)

    # -- absent ----------------------------------------------------------------------------
    def ensure_absent(self, current):
        if current is None:
            return {}
        if not self.leaving(current):
            if self.atlas.check_mode:
                refusal = self.resource.check_mode_refusal('delete', current)
                if refusal:
                    raise AtlasStateError(refusal, view=self.resource.view(current))
            self.changed = True
            if self.atlas.check_mode:
                return {}
            self.delete(current)
        if should_wait(self.atlas):
            self.wait_until_gone(current)
        return {}

    def delete(self, current):
        """DELETE; an error in delete_retry_codes is retried (backing off) until wait_timeout while
        ``retry_refused_delete`` says so."""
        path = self.api.item(current[self.api.item_key], **self.resource.path_params())
        deadline = Deadline(self.params.get('wait_timeout', 0), self.clock)
        attempt = 0
        while True:
            attempt += 1
            try:
                self.client.delete(path, self.api.version('delete'))
                return
            except AtlasApiError as error:
                if error.status == 404 or error.error_code in self.resource.delete_done_codes:
                    return
                delay = DELETE_RETRY_BACKOFF.delay(attempt)
                if not self._retry_delete(error, current, deadline.allows(delay)):
                    self.changed = False  # Atlas refused it: nothing changed
                    raise
                self.atlas.module.warn('%s; retrying the deletion in %.0fs' % (error, delay))
                self.sleep(delay)

    def _retry_delete(self, error, current, in_time):
        if error.error_code not in self.resource.delete_retry_codes:
            return False
        try:
            return self.resource.retry_refused_delete(error, current) and in_time
        except AtlasStateError:
            self.changed = False
            raise

    # -- waiting ---------------------------------------------------------------------------
    def read(self, item_id, missing_ok=True):
        """GET the item; None when Atlas does not know it (unless ``missing_ok`` is false)."""
        try:
            return self.client.get(self.api.item(item_id, **self.resource.path_params()), self.api.version('get'))
        except AtlasApiError as error:
            if error.status != 404 or not missing_ok:
                raise
            return None

    def _poll(self, item, targets, failed, read=None, status_of=None):
        """Poll the item until its status is in ``targets``; raises WaitFailed, WaitTimedOut."""
        item_id = item[self.api.item_key]
        waiter = Waiter(self.params['wait_timeout'], self.sleep, self.clock)
        return waiter.wait(read or self.read, status_of or self.resource.status_of, targets, failed=failed,
                           keys=[item_id], known={item_id: item})[item_id]

    def _timed_out(self, timeout, goal):
        item_id = timeout.pending[0]
        last = timeout.last.get(item_id)
        return AtlasStateError(
            'Timed out after %ss waiting for the %s %s to %s; last status: %s. Atlas keeps working on it: '
            'the %s is left as Atlas has it; run the task again to keep waiting.'
            % (timeout.timeout, self.resource.label, item_id, goal, timeout.statuses.get(item_id),
               self.resource.label),
            view=self.resource.view(last) if last else {})

    def _created_reader(self):
        """read/status_of for waiting on what this task created: Atlas may answer 404 for it until it has
        propagated, so a 404 means "not visible yet" until a GET has shown it once, for at most max_retry_time.
        After that a 404 means it disappeared."""
        shown = []
        grace = Deadline(self._lag_budget(), self.clock)

        def read(item_id):
            item = self.read(item_id)
            if item is None:
                return None if shown or grace.passed() else NOT_VISIBLE_YET
            shown.append(item_id)
            return item

        def status_of(item):
            return NOT_VISIBLE_STATUS if isinstance(item, _NotVisibleYet) else self.resource.status_of(item)

        return read, status_of

    def wait_for_ready(self, item, created=False):
        resource = self.resource
        read, status_of = self._created_reader() if created else (None, None)
        try:
            return self._poll(item, resource.ready_statuses, resource.failed_statuses + (GONE,), read, status_of)
        except WaitTimedOut as timeout:
            if timeout.statuses.get(timeout.pending[0]) == NOT_VISIBLE_STATUS:
                raise AtlasStateError('The %s %s disappeared while waiting for it: Atlas has answered 404 for it for '
                                      '%ss since it was created.' % (resource.label, timeout.pending[0], timeout.timeout))
            raise self._timed_out(timeout, 'reach %s' % ' or '.join(resource.ready_statuses))
        except WaitFailed as failure:
            if failure.status == GONE:
                raise AtlasStateError('The %s %s disappeared while waiting for it.' % (resource.label, failure.key))
            raise AtlasStateError('The %s %s is %s: %s' % (resource.label, failure.key, failure.status,
                                                           resource.failure_message(failure.thing)),
                                  view=resource.view(failure.thing))

    def wait_until_gone(self, item):
        try:
            self._poll(item, self.resource.gone_statuses + (GONE,), ())
        except WaitTimedOut as timeout:
            raise self._timed_out(timeout, 'be deleted')

    def wait_until_gone_before_create(self, item):
        """Atlas is deleting the resource the task wants present: wait (up to wait_timeout, whatever ``wait``
        says) until it is gone, so a new one can be created; fail saying so when it takes longer."""
        resource = self.resource
        if resource.recreate_while_deleting:
            return
        item_id, status = item.get(self.api.item_key), resource.status_of(item)
        self.atlas.module.warn('The %s %s is being deleted (%s): waiting up to %ss until Atlas has finished, then '
                               'creating it again' % (resource.label, item_id, status, self.params['wait_timeout']))
        try:
            self._poll(item, resource.gone_statuses + (GONE,), ())
        except WaitTimedOut as timeout:
            raise AtlasStateError(
                'The %s %s is still being deleted (last status: %s) after %ss; Atlas does not take a new one in '
                'its place until it is gone. Run the task again once Atlas has deleted it, or raise wait_timeout.'
                % (resource.label, item_id, timeout.statuses.get(item_id), timeout.timeout), view={})


def run_resource_module(resource_class, engine_class=ResourceEngine, **module_kwargs):
    """The whole main() of a single-resource module (``engine_class``: a ResourceEngine subclass of the module's own)."""
    atlas = AtlasModule(resource_class.options_model, **module_kwargs)
    resource = resource_class(atlas, atlas.options)
    engine = engine_class(atlas, resource)
    try:
        result = engine.run()
    except AtlasStateError as error:
        atlas.fail_from_error(error, changed=engine.changed, **{resource.result_key: error.view or {}})
    except AtlasError as error:
        atlas.fail_from_error(error, changed=engine.changed)
    atlas.exit(**result)
