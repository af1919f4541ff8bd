# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The project IP access list as a set: identity of entries, and the engine that reconciles it.

The single-resource engine (resource.py) looks up, creates and deletes one resource. The access
list is different: Atlas takes new entries as an array in one POST, has no PATCH (an entry is
"updated" by POSTing it again, which Atlas accepts for an existing entry), and refuses concurrent
POSTs to the same project. So:

    list every entry (1 GET)  -> compare by canonical entry value
      -> check mode? report added/updated/removed, never write, never wait
      -> one POST with every missing or changed entry; a refused (409, concurrent POST) or
         unknown-outcome POST is retried after re-reading, sending only what is still missing
      -> one DELETE per entry to remove (the CIDR '/' escaped as %2F)
      -> optional wait until each written entry's /status is ACTIVE (or each deleted entry is gone)

Identity: an IP address and its /32 (/128 for IPv6) are the same entry, because Atlas stores an
``ipAddress`` entry with ``cidrBlock`` = ``<ip>/32``; CIDRs compare in canonical network form;
security groups compare by their id.
"""

from __future__ import annotations

import ipaddress
import random
import re
import time
from datetime import datetime, timedelta, timezone

from ansible_collections.atlasops.networking.plugins.module_utils.errors import (
    AtlasApiError,
    AtlasOutcomeUnknownError,
)
from ansible_collections.atlasops.networking.plugins.module_utils.operations import ACCESS_LIST
from ansible_collections.atlasops.networking.plugins.module_utils.resource import AtlasStateError, to_facts

MAX_COMMENT_LENGTH = 80
MAX_EXPIRY = timedelta(days=7)
SECURITY_GROUP_PATTERN = r'^([0-9]+/)?sg-[0-9a-f]+$'
READY_STATUS = 'ACTIVE'
FAILED_STATUS = 'FAILED'
NOT_FOUND_CODES = ('ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND', 'NOT_IN_IP_RANGE')
POST_ATTEMPTS = 10
POST_BACKOFF_BASE_SECONDS = 0.25
POST_BACKOFF_CAP_SECONDS = 5.0
POLL_FIRST_SECONDS = 1.0
POLL_MAX_SECONDS = 10.0
VALUE_FIELDS = ('cidr_block', 'ip_address', 'aws_security_group')


# -- canonical values (the pydantic model calls these; each raises ValueError) ---------------
def canonical_ip_address(value):
    """A single IPv4 or IPv6 address in canonical text form ('2001:db8::1', lower case, compressed)."""
    text = str(value).strip()
    if '/' in text:
        raise ValueError('%r is a CIDR block, not an IP address; use cidr_block for it' % (value,))
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ValueError('%r is not a valid IPv4 or IPv6 address' % (value,))


def canonical_cidr_block(value):
    """A CIDR block in canonical network form. Host bits set are refused, naming the canonical form.

    Normalising '10.0.0.1/16' to '10.0.0.0/16' silently would open 65536 addresses where the author
    may have meant one, so it is refused; purely textual differences (IPv6 case, zero compression)
    are normalised because they denote the same network.
    """
    text = str(value).strip()
    if '/' not in text:
        raise ValueError('%r is not in CIDR notation (address/prefix, for example 203.0.113.0/24); '
                         'use ip_address for a single address' % (value,))
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError('%r is not a valid CIDR block (address/prefix, for example 203.0.113.0/24 or 2001:db8::/48)'
                         % (value,))
    address = ipaddress.ip_address(text.split('/', 1)[0])
    if address != network.network_address:
        single = '%s/%d' % (address, address.max_prefixlen)
        raise ValueError('%r has host bits set: its canonical form is %s (or use %s for the single address %s)'
                         % (value, network, single, address))
    return str(network)


def security_group(value):
    text = str(value).strip()
    if not re.match(SECURITY_GROUP_PATTERN, text):
        raise ValueError('%r is not an AWS security group id: must look like sg-0123456789abcdef0, optionally '
                         'prefixed by the AWS account id and a slash (pattern %s)' % (value, SECURITY_GROUP_PATTERN))
    return text


def parse_date(value):
    """An ISO 8601 date-time as an aware UTC datetime; no zone designation means UTC."""
    text = str(value).strip()
    if text.endswith(('Z', 'z')):
        text = text[:-1] + '+00:00'
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError('%r is not an ISO 8601 date-time (for example 2026-01-31T18:00:00Z)' % (value,))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def format_date(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def expiry_date(value, now=None):
    """A delete_after_date: in the future and at most one week ahead; returned as 'YYYY-MM-DDTHH:MM:SSZ'."""
    moment = parse_date(value)
    now = now or datetime.now(timezone.utc)
    if moment <= now:
        raise ValueError('%s is not in the future (now is %s); Atlas refuses expiry dates in the past'
                         % (format_date(moment), format_date(now)))
    if moment > now + MAX_EXPIRY:
        raise ValueError('%s is more than 7 days ahead (at most %s); Atlas keeps temporary entries for one week at most'
                         % (format_date(moment), format_date(now + MAX_EXPIRY)))
    return format_date(moment)


def network_key(text):
    """The canonical network of an address or CIDR: an address becomes its /32 or /128."""
    return str(ipaddress.ip_network(str(text).strip(), strict=False))


def item_key(item):
    """The identity of an Atlas entry (camelCase), or of a desired entry (snake_case)."""
    cidr = item.get('cidrBlock', item.get('cidr_block'))
    address = item.get('ipAddress', item.get('ip_address'))
    group = item.get('awsSecurityGroup', item.get('aws_security_group'))
    try:
        if cidr:
            return network_key(cidr)
        if address:
            return network_key(address)
    except ValueError:
        return str(cidr or address)
    return group


def item_value(item):
    """The value a person would name an entry by: its IP address, else its CIDR, else its security group."""
    for camel, snake in (('ipAddress', 'ip_address'), ('cidrBlock', 'cidr_block'), ('awsSecurityGroup', 'aws_security_group')):
        value = item.get(camel, item.get(snake))
        if value:
            return value
    return None


def entry_body(entry):
    """The POST body of one desired entry (its snake_case dict, None values dropped)."""
    body = {}
    names = (('cidr_block', 'cidrBlock'), ('ip_address', 'ipAddress'), ('aws_security_group', 'awsSecurityGroup'),
             ('comment', 'comment'), ('delete_after_date', 'deleteAfterDate'))
    for snake, camel in names:
        if entry.get(snake) is not None:
            body[camel] = entry[snake]
    return body


def entry_differences(desired, current):
    """{field: (current, desired)} for the comment and delete_after_date the user set that Atlas has differently."""
    differences = {}
    if desired.get('comment') is not None and (current.get('comment') or '') != desired['comment']:
        differences['comment'] = (current.get('comment'), desired['comment'])
    wanted = desired.get('delete_after_date')
    if wanted is not None:
        have = current.get('deleteAfterDate')
        try:
            same = have is not None and parse_date(have) == parse_date(wanted)
        except ValueError:
            same = False
        if not same:
            differences['delete_after_date'] = (have, wanted)
    return differences


def update_body(desired, current):
    """Re-POST body of an existing entry: what the user set, plus what Atlas has for what the user left out."""
    body = entry_body(desired)
    if 'comment' not in body and current.get('comment'):
        body['comment'] = current['comment']
    if 'deleteAfterDate' not in body and current.get('deleteAfterDate'):
        body['deleteAfterDate'] = current['deleteAfterDate']
    return body


def predicted_item(desired, current=None):
    """The Atlas entry (camelCase) a POST of ``desired`` is expected to leave, for check mode."""
    item = dict(current or {})
    item.update(update_body(desired, current or {}))
    if desired.get('ip_address') and not item.get('cidrBlock'):
        item['cidrBlock'] = network_key(desired['ip_address'])
    return item


class Plan(object):
    """What reconciling the list needs: entries to POST (new or changed) and entries to DELETE."""

    def __init__(self, to_add, to_update, to_remove):
        self.to_add = to_add          # [desired entry]
        self.to_update = to_update    # [(desired entry, current item, differences)]
        self.to_remove = to_remove    # [current item]

    @property
    def empty(self):
        return not (self.to_add or self.to_update or self.to_remove)

    def post_body(self):
        return [entry_body(entry) for entry in self.to_add] + [
            update_body(entry, current) for entry, current, _differences in self.to_update]


def plan(desired_entries, current_items, state, purge):
    current_by_key = dict((item_key(item), item) for item in current_items)
    desired_keys = set(item_key(entry) for entry in desired_entries)
    to_add, to_update, to_remove = [], [], []
    if state == 'absent':
        to_remove = [current_by_key[item_key(entry)] for entry in desired_entries if item_key(entry) in current_by_key]
        return Plan(to_add, to_update, to_remove)
    for entry in desired_entries:
        current = current_by_key.get(item_key(entry))
        if current is None:
            to_add.append(entry)
        else:
            differences = entry_differences(entry, current)
            if differences:
                to_update.append((entry, current, differences))
    if purge:
        to_remove = [item for item in current_items if item_key(item) not in desired_keys]
    return Plan(to_add, to_update, to_remove)


def entry_facts(item):
    return to_facts(item)


class AccessListEngine(object):
    """Reconcile the project's access list with the desired entries (see the module docstring)."""

    def __init__(self, atlas, entries, state='present', purge=False, wait=False, wait_timeout=300,
                 sleep=None, clock=None):
        self.atlas = atlas
        self.client = atlas.client
        self.entries = entries
        self.state = state
        self.purge = purge
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.sleep = sleep or time.sleep
        self.clock = clock or time.monotonic
        self.changed = False
        self.group_id = atlas.project_id
        self.collection = ACCESS_LIST.collection(group_id=self.group_id)
        self.version = ACCESS_LIST.version('default')

    def entry_path(self, key, suffix=''):
        # quote(safe='') escapes the CIDR's '/' as %2F, as Atlas requires.
        return ACCESS_LIST.item(key, group_id=self.group_id) + suffix

    def list_entries(self):
        return self.client.list_all(self.collection, self.version)

    # -- public ----------------------------------------------------------------------------
    def run(self):
        current = self.list_entries()
        the_plan = plan(self.entries, current, self.state, self.purge)
        result = dict(
            added=[item_value(entry) for entry in the_plan.to_add],
            updated=[item_value(entry) for entry, _current, _differences in the_plan.to_update],
            removed=[item_value(item) for item in the_plan.to_remove],
        )
        self.changed = not the_plan.empty
        if self.atlas.check_mode:
            after_items = self.predict(current, the_plan)
        else:
            after_items = self.apply(current, the_plan)
        result['changed'] = self.changed
        result['entries'] = [entry_facts(item) for item in after_items]
        if self.atlas.diff_mode:
            result['diff'] = dict(before=dict(entries=sorted_facts(current)), after=dict(entries=sorted_facts(after_items)))
        return result

    def predict(self, current, the_plan):
        removed = set(item_key(item) for item in the_plan.to_remove)
        updated = dict((item_key(entry), (entry, item)) for entry, item, _differences in the_plan.to_update)
        after = []
        for item in current:
            key = item_key(item)
            if key in removed:
                continue
            if key in updated:
                item = predicted_item(*updated[key])
            after.append(item)
        for entry in the_plan.to_add:
            item = predicted_item(entry)
            item['groupId'] = self.group_id
            after.append(item)
        return after

    def apply(self, current, the_plan):
        after = current
        if the_plan.to_add or the_plan.to_update:
            after = self.post(the_plan)
        removed_keys = set()
        for item in the_plan.to_remove:
            self.delete(item)
            removed_keys.add(item_key(item))
        after = [item for item in after if item_key(item) not in removed_keys]
        if self.wait:
            written = [item_key(entry) for entry in the_plan.to_add] + [
                item_key(entry) for entry, _current, _differences in the_plan.to_update]
            self.wait_until_active(written)
            self.wait_until_gone(sorted(removed_keys))
        return after

    # -- writes ----------------------------------------------------------------------------
    def post(self, the_plan):
        """POST every missing or changed entry in one array; retry refusals after re-reading.

        Atlas refuses concurrent POSTs to one project's access list (409, or a 5xx whose outcome is
        unknown). A re-POST of an existing entry succeeds in Atlas, so after a refusal the list is
        read again and only what is still missing or different is sent again.
        """
        body = the_plan.post_body()
        deadline = self.clock() + self.atlas.params.get('max_retry_time', 120)
        maybe_written = False  # a POST whose outcome is unknown may have written; a 409 wrote nothing
        for attempt in range(1, POST_ATTEMPTS + 1):
            try:
                answer = self.client.post(self.collection, self.version, body)
                return self.after_post(answer)
            except (AtlasOutcomeUnknownError, AtlasApiError) as error:
                maybe_written = maybe_written or isinstance(error, AtlasOutcomeUnknownError)
                delay = random.uniform(0, min(POST_BACKOFF_CAP_SECONDS, POST_BACKOFF_BASE_SECONDS * 2 ** attempt))
                refused = isinstance(error, AtlasApiError) and error.status != 409
                if refused or attempt == POST_ATTEMPTS or self.clock() + delay > deadline:
                    if not maybe_written:
                        self.changed = False  # Atlas refused every POST: nothing changed
                    raise
                self.atlas.module.warn('%s; reading the access list again before sending what is still missing '
                                       '(attempt %d of %d, in %.1fs)' % (error, attempt + 1, POST_ATTEMPTS, delay))
                self.sleep(delay)
                current = self.list_entries()
                retry_plan = plan(self.entries, current, 'present', False)
                body = retry_plan.post_body()
                if not body:
                    # Another writer added everything after Atlas refused ours: this task changed nothing.
                    if not maybe_written and not the_plan.to_remove:
                        self.changed = False
                    return current
        raise AtlasStateError('Adding entries to the access list failed after %d attempts.' % POST_ATTEMPTS)

    def after_post(self, answer):
        """Atlas answers the POST with page 1 of the list; use it when it holds the whole list."""
        if isinstance(answer, dict) and isinstance(answer.get('results'), list):
            results = answer['results']
            total = answer.get('totalCount')
            has_next = any(link.get('rel') == 'next' for link in answer.get('links') or [])
            if not has_next and (total is None or total <= len(results)):
                return results
        return self.list_entries()

    def delete(self, item):
        try:
            self.client.delete(self.entry_path(item_key(item)), self.version)
        except AtlasApiError as error:
            if error.status != 404 and error.error_code not in NOT_FOUND_CODES:
                raise

    # -- waiting ---------------------------------------------------------------------------
    def status(self, key):
        """The /status of one entry; None when Atlas does not know it (yet, or any more)."""
        try:
            answer = self.client.get(self.entry_path(key, '/status'), self.version) or {}
        except AtlasApiError as error:
            if error.status == 404:
                return None
            raise
        return answer.get('STATUS')

    def _poll(self, keys, done, goal):
        pending = list(keys)
        deadline = self.clock() + self.wait_timeout
        delay = POLL_FIRST_SECONDS
        while True:
            pending = [key for key in pending if not done(key)]
            if not pending:
                return
            if self.clock() >= deadline:
                raise AtlasStateError(
                    'Timed out after %ss waiting for access list entries %s to %s. Atlas keeps working on them; '
                    'run the task again to keep waiting.' % (self.wait_timeout, ', '.join(pending), goal))
            self.sleep(min(delay, max(0.1, deadline - self.clock())))
            delay = min(delay * 1.5, POLL_MAX_SECONDS)

    def wait_until_active(self, keys):
        def active(key):
            status = self.status(key)
            if status == FAILED_STATUS:
                raise AtlasStateError('The access list entry %s is FAILED: Atlas could not apply it to every cloud '
                                      'provider of the project.' % key)
            return status == READY_STATUS

        self._poll(keys, active, 'become %s' % READY_STATUS)

    def wait_until_gone(self, keys):
        def gone(key):
            try:
                self.client.get(self.entry_path(key), self.version)
            except AtlasApiError as error:
                if error.status == 404:
                    return True
                raise
            return False

        self._poll(keys, gone, 'be deleted')


def sorted_facts(items):
    return [entry_facts(item) for item in sorted(items, key=lambda item: str(item_key(item)))]
