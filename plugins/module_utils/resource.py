# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The resource engine: the flow every single-resource module follows, written once.

    options -> pydantic model (no request yet) -> look up by natural key (pages of 500)
      -> compare only what the user set -> check mode? report, never write, never wait
      -> create / patch / delete (a POST with unknown outcome is followed by a lookup)
      -> optional wait for a target status -> changed + facts (+ before/after with --diff)

A module describes its resource by subclassing AtlasResource; ResourceEngine does the rest.
"""

from __future__ import annotations

import random
import time

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.atlasops.networking.plugins.module_utils.atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils.errors import (
    AtlasApiError,
    AtlasError,
    AtlasOutcomeUnknownError,
)

POLL_FIRST_SECONDS = 1.0
POLL_MAX_SECONDS = 10.0


class AtlasStateError(AtlasError):
    """The resource reached a failed status, could not reach the wanted one in time, or cannot change."""

    def __init__(self, message, facts=None):
        self.facts = facts
        super(AtlasStateError, self).__init__(message)


def state_options(wait_timeout_default, wait_default=False):
    """The ``state``, ``wait`` and ``wait_timeout`` options of a resource module."""
    return dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        wait=dict(type='bool', default=wait_default),
        wait_timeout=dict(type='int', default=wait_timeout_default),
    )


def to_facts(item):
    """Atlas camelCase JSON -> snake_case facts; ``_id`` becomes ``id``; links are dropped."""
    item = dict(item or {})
    item.pop('links', None)
    if '_id' in item:
        item['id'] = item.pop('_id')
    return camel_dict_to_snake_dict(item)


class AtlasResource(object):
    """What a module must say about its resource. Override the hooks marked *required*."""

    api = None                    # operations.ApiResource
    result_key = None             # the key of the facts in the result, e.g. 'peering'
    label = None                  # words for messages, e.g. 'network peering connection'
    options_model = None          # pydantic model of the resource's own options
    option_names = None           # model field -> option name, where they differ
    mutable_facts = ()            # facts Atlas lets us PATCH; other differences cannot be applied
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

    def desired_facts(self):
        """The facts the user asked for, in the same snake_case form as to_facts(item)."""
        dumped = self.desired.model_dump(exclude_none=True)
        return dict((key, value) for key, value in dumped.items())

    def facts(self, item):
        return to_facts(item)

    def same_value(self, fact, current_value, desired_value):
        return current_value == desired_value

    def failure_message(self, item):
        facts = self.facts(item)
        return facts.get('error_message') or facts.get('error_state') or facts.get('error_state_name') or 'no reason given'

    def refuse_update(self, current_facts, differences):
        """A message saying why these (mutable) differences cannot be applied now, or None to go ahead."""
        return None

    def update_error_message(self, error, current_facts, differences):
        """A clearer message for a PATCH Atlas refused (AtlasApiError), or None to surface Atlas's error as is."""
        return None

    def extra_results(self, facts):
        """Extra top-level return values computed from the final facts (e.g. next steps)."""
        return {}

    def status_of(self, item):
        return (item or {}).get(self.status_field)


class ResourceEngine(object):

    def __init__(self, atlas, resource):
        self.atlas = atlas
        self.resource = resource
        self.client = atlas.client
        self.api = resource.api
        self.params = atlas.params
        self.changed = False

    # -- public ----------------------------------------------------------------------------
    def run(self):
        current = self.lookup()
        before = self.resource.facts(current) if current else {}
        if self.params['state'] == 'absent':
            after = self.ensure_absent(current)
        else:
            after = self.ensure_present(current, before)
        result = dict(changed=self.changed)
        result[self.resource.result_key] = after
        result.update(self.resource.extra_results(after))
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
                return self.resource.desired_facts()
            item = self.create()
        else:
            differences = self.differences(before)
            if not differences:
                item = current
            else:
                self.refuse_immutable(differences, before)
                refusal = self.resource.refuse_update(before, differences)
                if refusal:
                    raise AtlasStateError(refusal, facts=before)
                self.changed = True
                if self.atlas.check_mode:
                    return dict(before, **dict((fact, pair[1]) for fact, pair in differences.items()))
                item = self.update(current, differences)
        if self.params.get('wait') and self.resource.ready_statuses:
            item = self.wait_for_ready(item)
        return self.resource.facts(item)

    def differences(self, current_facts):
        """{fact: (current, desired)} for every fact the user set that Atlas has differently."""
        differences = {}
        for fact, desired_value in self.resource.desired_facts().items():
            current_value = current_facts.get(fact)
            if not self.resource.same_value(fact, current_value, desired_value):
                differences[fact] = (current_value, desired_value)
        return differences

    def refuse_immutable(self, differences, current_facts):
        frozen = sorted(fact for fact in differences if fact not in self.resource.mutable_facts)
        if frozen:
            details = ', '.join('%s (Atlas has %r, task wants %r)' % (fact, differences[fact][0], differences[fact][1])
                                for fact in frozen)
            raise AtlasStateError(
                'Cannot change %s of the existing %s %s: Atlas does not allow changing it in place. '
                'Delete it (state: absent) and create it again, or match the existing value.'
                % (details, self.resource.label, current_facts.get('id')), facts=current_facts)

    def create(self):
        """POST once; if the outcome is unknown, look up before (maybe) posting again."""
        path = self.api.collection(**self.resource.path_params())
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
            return self.client.get(self.api.item(item[self.api.item_key], **self.resource.path_params()),
                                   self.api.version('get'))
        return item

    def _lookup_after(self, error, attempt, attempts):
        self.atlas.module.warn('%s; looking the %s up before deciding to send it again (%d of %d)'
                               % (error, self.resource.label, attempt, attempts))
        time.sleep(random.uniform(0.2, 1.0))
        found = self.lookup()
        if found is None and attempt == attempts:
            raise error
        return found

    def update(self, current, differences):
        item_id = current[self.api.item_key]
        path = self.api.item(item_id, **self.resource.path_params())
        try:
            return self.client.patch(path, self.api.version('update'), self.resource.update_body(current, differences))
        except AtlasApiError as error:
            self.changed = False  # Atlas refused it: nothing changed
            facts = self.resource.facts(current)
            message = self.resource.update_error_message(error, facts, differences)
            if message is None:
                raise
            raise AtlasStateError(message, facts=facts)

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
        if self.params.get('wait'):
            self.wait_until_gone(current)
        return {}

    def delete(self, current):
        path = self.api.item(current[self.api.item_key], **self.resource.path_params())
        deadline = time.monotonic() + self.params.get('wait_timeout', 0)
        delay = POLL_FIRST_SECONDS
        while True:
            try:
                self.client.delete(path, self.api.version('delete'))
                return
            except AtlasApiError as error:
                if error.status == 404 or error.error_code in self.resource.delete_done_codes:
                    return
                if error.error_code not in self.resource.delete_retry_codes or time.monotonic() + delay > deadline:
                    self.changed = False  # Atlas refused it: nothing changed
                    raise
                self.atlas.module.warn('%s; retrying the deletion in %.0fs' % (error, delay))
                time.sleep(delay)
                delay = min(delay * 2, POLL_MAX_SECONDS)

    # -- waiting ---------------------------------------------------------------------------
    def _poll(self, item_id, done, describe_goal):
        """GET the item until ``done(item)`` is true (item None means gone); bounded by wait_timeout."""
        path = self.api.item(item_id, **self.resource.path_params())
        timeout = self.params['wait_timeout']
        deadline = time.monotonic() + timeout
        delay = POLL_FIRST_SECONDS
        item = None
        while True:
            try:
                item = self.client.get(path, self.api.version('get'))
            except AtlasApiError as error:
                if error.status != 404:
                    raise
                item = None
            if done(item):
                return item
            if time.monotonic() >= deadline:
                status = self.resource.status_of(item) if item else 'gone'
                raise AtlasStateError(
                    'Timed out after %ss waiting for the %s %s to %s; last status: %s. Atlas keeps working on it: '
                    'the %s is left as Atlas has it; run the task again to keep waiting.'
                    % (timeout, self.resource.label, item_id, describe_goal, status, self.resource.label),
                    facts=self.resource.facts(item) if item else {})
            time.sleep(min(delay, max(0.1, deadline - time.monotonic())))
            delay = min(delay * 1.5, POLL_MAX_SECONDS)

    def wait_for_ready(self, item):
        resource = self.resource

        def ready(current):
            if current is None:
                raise AtlasStateError('The %s %s disappeared while waiting for it.' % (resource.label, item_id))
            status = resource.status_of(current)
            if status in resource.failed_statuses:
                raise AtlasStateError('The %s %s is %s: %s' % (resource.label, item_id, status,
                                                               resource.failure_message(current)),
                                      facts=resource.facts(current))
            return status in resource.ready_statuses

        item_id = item[self.api.item_key]
        if ready(item):  # already there, or already FAILED: no poll needed to say so
            return item
        return self._poll(item_id, ready, 'reach %s' % ' or '.join(resource.ready_statuses))

    def wait_until_gone(self, item):
        gone = self.resource.gone_statuses
        self._poll(item[self.api.item_key],
                   lambda current: current is None or self.resource.status_of(current) in gone, 'be deleted')


def run_resource_module(resource_class, argument_spec, **module_kwargs):
    """The whole main() of a single-resource module."""
    atlas = AtlasModule(argument_spec, **module_kwargs)
    desired = atlas.validate(resource_class.options_model, resource_class.option_names)
    resource = resource_class(atlas, desired)
    if atlas.params.get('wait_timeout') is not None and atlas.params['wait_timeout'] <= 0:
        atlas.fail("option 'wait_timeout': must be greater than 0 seconds, got %s" % atlas.params['wait_timeout'])
    engine = ResourceEngine(atlas, resource)
    try:
        result = engine.run()
    except AtlasStateError as error:
        result = {resource.result_key: error.facts or {}}
        atlas.fail_from_error(error, changed=engine.changed, **result)
    except AtlasError as error:
        atlas.fail_from_error(error, changed=engine.changed)
    atlas.exit(**result)
