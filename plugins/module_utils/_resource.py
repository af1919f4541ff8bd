# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The resource engine: the flow every single-resource module follows, written once.

    options -> pydantic model (no request yet) -> look up by natural key (pages of 500)
      -> compare only what the user set -> check mode? report, never write
      -> create / patch / delete (a POST with unknown outcome is followed by a lookup)
      -> optional wait for a target status -> changed + the snake_case view (+ before/after with --diff)

A module describes its resource by subclassing AtlasResource; ResourceEngine does the rest.
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
    deleting_statuses = ()        # a resource in one of these is already on its way out
    delete_retry_codes = ()       # DELETE errors meaning "not yet": retried until wait_timeout
    delete_done_codes = ()        # DELETE errors meaning "already deleted or being deleted"
    gone_statuses = ()            # a resource still readable in one of these counts as deleted when waiting
    create_conflict_codes = ()    # POST errors (besides HTTP 409) meaning "it already exists": look up and adopt
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

    def result(self, view):
        """The module's return values besides ``changed`` and ``diff``, from the final view."""
        return {self.result_key: view}

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
        return self.client.find(
            self.api.collection(**self.resource.path_params()), self.api.version('list'),
            self.resource.is_same_resource, params=self.resource.list_params())

    # -- present ---------------------------------------------------------------------------
    def ensure_present(self, current, before):
        if current is None:
            self.changed = True
            if self.atlas.check_mode:
                return self.resource.desired_view()
            item = self.create()
        else:
            differences = self.differences(before)
            if not differences:
                item = current
            else:
                self.refuse_immutable(differences, before)
                refusal = self.resource.refuse_update(before, differences)
                if refusal:
                    raise AtlasStateError(refusal, view=before)
                self.changed = True
                if self.atlas.check_mode:
                    return dict(before, **dict((field, pair[1]) for field, pair in differences.items()))
                item = self.update(current, differences)
        if should_wait(self.atlas) and self.resource.ready_statuses:
            item = self.wait_for_ready(item)
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
                % (details, self.resource.label, current_view.get('id')), view=current_view)

    def create(self):
        """POST once; if the outcome is unknown, look up before (maybe) posting again."""
        path = self.api.collection('create', **self.resource.path_params())
        body = self.resource.create_body()
        attempts = self.params['max_retries'] + 1
        for attempt in range(1, attempts + 1):
            try:
                item = self.client.post(path, self.api.version('create'), body)
            except AtlasOutcomeUnknownError as error:
                found = self._lookup_after(error, attempt, attempts)
            except AtlasApiError as error:
                if error.status != 409 and error.error_code not in self.resource.create_conflict_codes:
                    self.changed = False  # Atlas refused it: nothing changed
                    raise
                # Someone else created it between our lookup and our POST: adopt theirs.
                found = self.lookup()
                if found is None:
                    raise
                self.changed = False
            else:
                return self._refreshed(item)
            if found is not None:
                return found
        raise AtlasStateError('Creating the %s failed: every attempt had an unknown outcome.' % self.resource.label)

    def _refreshed(self, item):
        if self.resource.refresh_after_create and item and item.get(self.api.item_key):
            return self.read(item[self.api.item_key], missing_ok=False)
        return item

    def _lookup_after(self, error, attempt, attempts):
        self.atlas.module.warn('%s; looking the %s up before deciding to send it again (%d of %d)'
                               % (error, self.resource.label, attempt, attempts))
        self.sleep(random.uniform(0.2, 1.0))  # a short pause, different in every fork
        found = self.lookup()
        if found is None and attempt == attempts:
            raise error
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
        already_leaving = self.resource.status_of(current) in self.resource.deleting_statuses
        if not already_leaving:
            self.changed = True
            if self.atlas.check_mode:
                return {}
            self.delete(current)
        if should_wait(self.atlas):
            self.wait_until_gone(current)
        return {}

    def delete(self, current):
        """DELETE; an error in delete_retry_codes is retried (backing off) until wait_timeout."""
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
                if error.error_code not in self.resource.delete_retry_codes or not deadline.allows(delay):
                    self.changed = False  # Atlas refused it: nothing changed
                    raise
                self.atlas.module.warn('%s; retrying the deletion in %.0fs' % (error, delay))
                self.sleep(delay)

    # -- waiting ---------------------------------------------------------------------------
    def read(self, item_id, missing_ok=True):
        """GET the item; None when Atlas does not know it (unless ``missing_ok`` is false)."""
        try:
            return self.client.get(self.api.item(item_id, **self.resource.path_params()), self.api.version('get'))
        except AtlasApiError as error:
            if error.status != 404 or not missing_ok:
                raise
            return None

    def _wait(self, item, targets, failed, goal):
        item_id = item[self.api.item_key]
        waiter = Waiter(self.params['wait_timeout'], self.sleep, self.clock)
        try:
            return waiter.wait(self.read, self.resource.status_of, targets, failed=failed, keys=[item_id],
                               known={item_id: item})[item_id]
        except WaitTimedOut as timeout:
            last = timeout.last.get(item_id)
            raise AtlasStateError(
                'Timed out after %ss waiting for the %s %s to %s; last status: %s. Atlas keeps working on it: '
                'the %s is left as Atlas has it; run the task again to keep waiting.'
                % (timeout.timeout, self.resource.label, item_id, goal, timeout.statuses.get(item_id),
                   self.resource.label),
                view=self.resource.view(last) if last else {})

    def wait_for_ready(self, item):
        resource = self.resource
        try:
            return self._wait(item, resource.ready_statuses, resource.failed_statuses + (GONE,),
                              'reach %s' % ' or '.join(resource.ready_statuses))
        except WaitFailed as failure:
            if failure.status == GONE:
                raise AtlasStateError('The %s %s disappeared while waiting for it.' % (resource.label, failure.key))
            raise AtlasStateError('The %s %s is %s: %s' % (resource.label, failure.key, failure.status,
                                                           resource.failure_message(failure.thing)),
                                  view=resource.view(failure.thing))

    def wait_until_gone(self, item):
        self._wait(item, self.resource.gone_statuses + (GONE,), (), 'be deleted')


def run_resource_module(resource_class, engine_class=None, **module_kwargs):
    """The whole main() of a single-resource module (``engine_class``: a ResourceEngine subclass, if the resource needs one)."""
    atlas = AtlasModule(resource_class.options_model, **module_kwargs)
    resource = resource_class(atlas, atlas.options)
    engine = (engine_class or ResourceEngine)(atlas, resource)
    try:
        result = engine.run()
    except AtlasStateError as error:
        atlas.fail_from_error(error, changed=engine.changed, **{resource.result_key: error.view or {}})
    except AtlasError as error:
        atlas.fail_from_error(error, changed=engine.changed)
    atlas.exit(**result)
