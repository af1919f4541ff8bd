#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: access_list
short_description: Manage the IP access list entries of an Atlas project as a set
version_added: 0.1.0
description:
  - Ensures entries of an Atlas project's IP access list exist (O(state=present)) or do not exist
    (O(state=absent)). With O(purge=true), the listed entries become the whole access list.
  - An entry is identified by its canonical value. An IP address and its C(/32) (C(/128) for IPv6) are the
    same entry, because Atlas stores an address as both C(ipAddress) and C(cidrBlock=<ip>/32). CIDR blocks
    and IPv6 addresses are compared in canonical form (lower case, compressed). Security groups by their id.
  - A different O(entries[].comment) or O(entries[].delete_after_date) of an existing entry is an update.
    Atlas has no update operation, so the module sends the entry again, which Atlas accepts.
  - Every missing or changed entry is sent in one request. Atlas refuses concurrent additions to the same
    project; a refused request (HTTP 409 or a server error) is retried, up to 10 times with a random delay
    and within O(max_retry_time), after reading the list again and sending only what is still missing. So
    parallel hosts adding different entries to the same project all succeed.
  - A task that changes nothing sends one request (one per 500 entries); adding or updating entries costs
    one more, and removing costs one per removed entry.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
attributes:
  check_mode:
    details: Reports what would be added, updated and removed (including what O(purge) would remove), sends no write.
  diff_mode:
    details: The whole access list before and after, sorted by entry value.
options:
  entries:
    description:
      - The entries to ensure present or absent.
      - Each entry has exactly one of O(entries[].ip_address), O(entries[].cidr_block) and
        O(entries[].aws_security_group).
      - Invalid entries fail before any request, naming the entry by its index from 0, for example
        C(entries[1].comment).
      - With O(state=present) and O(purge=true), an empty list removes every entry of the access list.
    type: list
    elements: dict
    required: true
    suboptions:
      ip_address:
        description:
          - A single IPv4 or IPv6 address, for example V(203.0.113.10) or V(2001:db8::10).
          - The same entry as O(entries[].cidr_block) V(<address>/32) (V(/128) for IPv6).
        type: str
      cidr_block:
        description:
          - A block of addresses in CIDR notation, IPv4 or IPv6, for example V(203.0.113.0/24) or V(2001:db8::/48).
          - It must be in canonical network form. A block with host bits set, such as V(203.0.113.7/24), is
            refused and the message names its canonical form V(203.0.113.0/24), because silently widening it
            may grant access to far more addresses than intended. Textual IPv6 differences (case, zero
            compression) are normalised.
        type: str
      aws_security_group:
        description:
          - The id of an AWS security group, for example V(sg-0123456789abcdef0), optionally prefixed by the
            AWS account id and a slash.
          - Atlas only accepts it once the project has an AWS network peering connection.
        type: str
      comment:
        description:
          - A remark about the entry, at most 80 characters.
          - When omitted, the existing comment of the entry is kept.
          - Checked only with O(state=present).
        type: str
      delete_after_date:
        description:
          - Makes the entry temporary. Atlas deletes it after this ISO 8601 date-time, for example
            V(2026-01-31T18:00:00Z); without a time zone it is read as UTC.
          - Must be in the future and at most 7 days ahead; not allowed with O(entries[].aws_security_group).
            Checked only with O(state=present), so the entries that added temporary entries can remove them
            after their date.
          - When omitted, an existing expiry date is kept. To make a temporary entry permanent, remove it
            (O(state=absent)) and add it again.
        type: str
  state:
    description:
      - V(present) adds the entries that are missing and updates those whose comment or expiry differs.
      - V(absent) removes the listed entries that exist; only their value matters.
    type: str
    default: present
    choices: [present, absent]
  keep_other_comments:
    description:
      - Treat O(entries[].comment) as the mark of the entries this task owns, and leave everyone else's alone.
      - With O(state=present), an entry that already exists keeps its comment, whatever it is (an entry
        someone else added is not rewritten with this task's comment, nor reported in RV(updated)); only the
        entries this task adds get O(entries[].comment). A different O(entries[].delete_after_date) is still
        applied.
      - With O(state=absent), a listed entry is removed only when its comment is O(entries[].comment), which
        every entry must then set; an entry with another comment belongs to someone else and stays.
      - V(false) (the default) updates the comment of existing entries (O(state=present)) and removes listed
        entries whatever their comment (O(state=absent)).
      - Not allowed with O(purge=true).
    type: bool
    default: false
  purge:
    description:
      - With O(state=present), also remove every entry of the access list that O(entries) does not list
        (authoritative mode). Check mode and diff mode show what would be removed.
      - Not allowed with O(state=absent).
    type: bool
    default: false
  wait:
    description:
      - Wait until every added or updated entry's status is C(ACTIVE), that is, applied to every cloud
        provider of the project (Atlas can take a few minutes), and until every removed entry is gone.
      - Costs one request per entry and poll. Never waits in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true). On timeout the task fails; the entries stay as Atlas has them and
        running the task again keeps waiting.
    type: int
    default: 300
notes:
  - Atlas allows 200 entries per project. When the entries to add cannot fit in the list the module has read,
    it fails before sending anything and says how many entries the list holds, how many the task would add,
    and the limit. With O(purge=true), the entries to remove are removed first when that makes room. A lower
    limit that only Atlas knows (403 C(ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED)) fails with the same numbers.
  - Atlas answers 404 for a new entry for a while (it says C(PENDING) in its status meanwhile); O(wait=true)
    reads the status, so that is never taken for a missing entry. Atlas's list may also lag behind a POST;
    a task right after the one that added entries may then send them again, which Atlas takes as an update
    of the same entries (no duplicate), and reports them in RV(added).
seealso:
  - module: atlasops.networking.access_list_info
  - module: atlasops.networking.network_peering
'''

EXAMPLES = r'''
- name: Allow an office network, a VPN address and an IPv6 block
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - cidr_block: 203.0.113.0/24
        comment: Office
      - ip_address: 198.51.100.7
        comment: VPN gateway
      - cidr_block: 2001:db8::/48
    wait: true
  register: access

- name: Let a contractor in for one day
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - ip_address: 192.0.2.44
        comment: Contractor, temporary
        delete_after_date: "{{ '%Y-%m-%dT%H:%M:%SZ' | strftime(now(utc=true).timestamp() + 86400, utc=true) }}"

- name: Make the list exactly these entries, removing every other one
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - cidr_block: 203.0.113.0/24
        comment: Office
      - ip_address: 198.51.100.7
        comment: VPN gateway
    purge: true

- name: Remove the VPN address
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - ip_address: 198.51.100.7
    state: absent

- name: Add the app network, leaving the comment of an entry someone else already added for it
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - cidr_block: 10.10.0.0/16
        comment: app network (deploy-app.yml)
    keep_other_comments: true

- name: Remove it again, only if it is still the entry this playbook added
  atlasops.networking.access_list:
    project_id: "{{ atlas_project_id }}"
    entries:
      - cidr_block: 10.10.0.0/16
        comment: app network (deploy-app.yml)
    keep_other_comments: true
    state: absent
'''

RETURN = r'''
entries:
  description:
    - Every entry of the access list after the task, in snake_case.
    - In check mode, what the list would be.
  returned: always
  type: list
  elements: dict
  contains:
    cidr_block:
      description: The CIDR block; for an IP address entry, the address as a /32 (or /128).
      type: str
      sample: 198.51.100.7/32
    ip_address:
      description: The IP address, for IP address entries.
      type: str
      sample: 198.51.100.7
    aws_security_group:
      description: The AWS security group id, for security group entries.
      type: str
      sample: sg-0123456789abcdef0
    comment:
      description: The comment of the entry.
      type: str
      sample: VPN gateway
    delete_after_date:
      description: When Atlas deletes a temporary entry.
      type: str
      sample: "2026-01-31T18:00:00Z"
    group_id:
      description: The project id.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
added:
  description: The values of the entries added (or, in check mode, that would be added).
  returned: always
  type: list
  elements: str
  sample: [203.0.113.0/24, 198.51.100.7]
updated:
  description: The values of the existing entries whose comment or expiry date was (or would be) changed.
  returned: always
  type: list
  elements: str
  sample: [198.51.100.7]
removed:
  description: The values of the entries removed (or that would be removed), by O(state=absent) or O(purge).
  returned: always
  type: list
  elements: str
  sample: [192.0.2.0/24]
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

# How the set is reconciled (see AccessListEngine): Atlas takes new entries as an array in one POST,
# has no PATCH (an entry is "updated" by POSTing it again, which Atlas accepts for an existing
# entry), and refuses concurrent POSTs to the same project. So:
#
#     list every entry (1 GET)  -> compare by canonical entry value (_access_list.item_key)
#       -> check mode? report added/updated/removed, never write, never wait
#       -> one POST with every missing or changed entry; a refused (409, concurrent POST) or
#          unknown-outcome POST is retried after re-reading, sending only what is still missing
#       -> one DELETE per entry to remove (the CIDR '/' escaped as %2F)
#       -> optional wait until each written entry's /status is ACTIVE (or each deleted entry is gone)

import ipaddress  # noqa: E402  pylint: disable=wrong-import-position
import re  # noqa: E402  pylint: disable=wrong-import-position
import time  # noqa: E402  pylint: disable=wrong-import-position
from datetime import datetime, timedelta, timezone  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.atlasops.networking.plugins.module_utils._access_list import (
    entry_path,
    item_key,
    network_key,
    read_status,
)
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ACCESS_LIST
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._client import whole_list
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasError,
    AtlasOutcomeUnknownError,
    AtlasStateError,
)
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    model_validator,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import state_options
from ansible_collections.atlasops.networking.plugins.module_utils._views import camel_body, snake_view
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import (
    GONE,
    Backoff,
    Deadline,
    WaitFailed,
    Waiter,
    WaitTimedOut,
    should_wait,
)

ENTRY_OPTIONS = dict(
    ip_address=dict(type='str'),
    cidr_block=dict(type='str'),
    aws_security_group=dict(type='str'),
    comment=dict(type='str'),
    delete_after_date=dict(type='str'),
)
ARGUMENT_SPEC = dict(
    entries=dict(type='list', elements='dict', required=True, options=ENTRY_OPTIONS),
    purge=dict(type='bool', default=False),
    keep_other_comments=dict(type='bool', default=False),
    **state_options(wait_timeout_default=300)
)

MAX_ENTRIES = 200  # per project; more gets 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED
LIMIT_EXCEEDED = 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED'
MAX_COMMENT_LENGTH = 80
MAX_EXPIRY = timedelta(days=7)
SECURITY_GROUP_PATTERN = r'^([0-9]+/)?sg-[0-9a-f]+$'
READY_STATUS = 'ACTIVE'
FAILED_STATUS = 'FAILED'
NOT_FOUND_CODES = ('ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND', 'NOT_IN_IP_RANGE')
POST_ATTEMPTS = 10
POST_BACKOFF = Backoff(first=0.5, cap=5.0)
VALUE_FIELDS = ('cidr_block', 'ip_address', 'aws_security_group')


# -- canonical values (the options rules call these; each raises ValueError) -------------------
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


# -- options ----------------------------------------------------------------------------------
class EntryRules(OptionRules):
    # delete_after_date's validator reads aws_security_group, validated before it (spec order).

    # comment and delete_after_date only matter with state present: AccessListRules checks them then.
    _check_ip_address = option_rule('ip_address', canonical_ip_address)
    _check_cidr_block = option_rule('cidr_block', canonical_cidr_block)
    _check_security_group = option_rule('aws_security_group', security_group)

    @model_validator(mode='after')
    def _exactly_one_value(self):
        given = [name for name in VALUE_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError('set exactly one of ip_address, cidr_block and aws_security_group; %s'
                             % ('got ' + ' and '.join(given) if given else 'got none'))
        return self


class AccessListRules(OptionRules):
    suboption_rules = {'entries': EntryRules}

    @model_validator(mode='after')
    def _check_set(self):
        if self.purge and self.state == 'absent':
            raise ValueError("option 'purge': only applies with state=present (it removes the entries that "
                             "'entries' does not list)")
        self._check_keep_other_comments()
        if self.state == 'present' and len(self.entries) > MAX_ENTRIES:
            raise ValueError("option 'entries': Atlas allows at most %d entries per project, got %d"
                             % (MAX_ENTRIES, len(self.entries)))
        if self.state == 'present':
            for index, entry in enumerate(self.entries):
                self._check_present_values(index, entry)
        seen = {}
        for index, entry in enumerate(self.entries):
            key = item_key(entry.model_dump())
            if key in seen:
                raise ValueError("option 'entries[%d]': %s is the same entry as entries[%d] (an IP address and its "
                                 "/32 are one entry); list each entry once" % (index, key, seen[key]))
            seen[key] = index
        return self

    def _check_keep_other_comments(self):
        if not self.keep_other_comments:
            return
        if self.purge:
            raise ValueError("option 'keep_other_comments': not allowed with purge=true (purge removes every entry "
                             "that 'entries' does not list, whoever added it)")
        if self.state == 'absent':
            for index, entry in enumerate(self.entries):
                if entry.comment is None:
                    raise ValueError("option 'entries[%d].comment': required with keep_other_comments=true and "
                                     "state=absent (only entries with this comment are removed)" % index)

    @staticmethod
    def _check_present_values(index, entry):
        """The comment and expiry date of entries[index], which only matter with state present (absent reads
        only an entry's value, so an expiry date that has passed since does not stop a tear-down)."""
        if entry.comment is not None and len(entry.comment) > MAX_COMMENT_LENGTH:
            raise ValueError("option 'entries[%d].comment': is %d characters long; Atlas allows at most %d"
                             % (index, len(entry.comment), MAX_COMMENT_LENGTH))
        if entry.delete_after_date is None:
            return
        if entry.aws_security_group:
            raise ValueError("option 'entries[%d].delete_after_date': not allowed for an aws_security_group entry: "
                             "Atlas only supports expiry dates for IP addresses and CIDR blocks" % index)
        try:
            entry.delete_after_date = expiry_date(entry.delete_after_date)
        except ValueError as error:
            raise ValueError("option 'entries[%d].delete_after_date': %s" % (index, error))

    def desired_entries(self):
        return [entry.model_dump(exclude_none=True) for entry in self.entries]


AccessListOptions = options_model('AccessListOptions', ARGUMENT_SPEC, AccessListRules)


# -- entries: identity, bodies, comparison ----------------------------------------------------
def item_value(item):
    """The value a person would name an entry by: its IP address, else its CIDR, else its security group."""
    for camel, snake in (('ipAddress', 'ip_address'), ('cidrBlock', 'cidr_block'), ('awsSecurityGroup', 'aws_security_group')):
        value = item.get(camel, item.get(snake))
        if value:
            return value
    return None


def entry_body(entry):
    """The POST body of one desired entry (its snake_case dict, None values dropped)."""
    return camel_body(dict((name, entry.get(name)) for name in ENTRY_OPTIONS))


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


def plan(desired_entries, current_items, state, purge, keep_other_comments=False):
    """What reconciling needs. With ``keep_other_comments`` a comment marks whose an entry is: present
    leaves the comment of an existing entry alone, absent removes only entries with the listed comment."""
    current_by_key = dict((item_key(item), item) for item in current_items)
    desired_keys = set(item_key(entry) for entry in desired_entries)
    to_add, to_update, to_remove = [], [], []
    if state == 'absent':
        to_remove = [current_by_key[item_key(entry)] for entry in desired_entries
                     if item_key(entry) in current_by_key
                     and (not keep_other_comments or same_comment(entry, current_by_key[item_key(entry)]))]
        return Plan(to_add, to_update, to_remove)
    for entry in desired_entries:
        current = current_by_key.get(item_key(entry))
        if current is None:
            to_add.append(entry)
        else:
            if keep_other_comments:
                entry = dict((name, value) for name, value in entry.items() if name != 'comment')
            differences = entry_differences(entry, current)
            if differences:
                to_update.append((entry, current, differences))
    if purge:
        to_remove = [item for item in current_items if item_key(item) not in desired_keys]
    return Plan(to_add, to_update, to_remove)


def same_comment(entry, item):
    """Whether Atlas's entry ``item`` has the comment of the desired ``entry`` (no comment equals an empty one)."""
    return (item.get('comment') or '') == (entry.get('comment') or '')


def sorted_views(items):
    return [snake_view(item) for item in sorted(items, key=lambda item: str(item_key(item)))]


class AccessListFullError(AtlasStateError):
    """Atlas refused entries because the project's access list is full; ``cause`` is Atlas's answer."""

    def __init__(self, message, cause):
        super(AccessListFullError, self).__init__(message)
        self.cause = cause

    def to_result(self):
        return self.cause.to_result()


def limit_message(group_id, holds, adding):
    """Why the entries asked for cannot fit in the access list (Atlas's limit, MAX_ENTRIES), before any request."""
    return ('The access list of project %s holds %d entries; this task would add %d more, %d in all, and Atlas allows '
            'at most %d entries per project (it refuses more with 403 %s). Nothing was sent: remove entries first '
            '(state: absent, or purge: true), or add fewer.'
            % (group_id, holds, adding, holds + adding, MAX_ENTRIES, LIMIT_EXCEEDED))


# -- the engine -------------------------------------------------------------------------------
class AccessListEngine(object):
    """Reconcile the project's access list with the desired entries (see the comment above the imports)."""

    def __init__(self, atlas, entries, state='present', purge=False, wait=False, wait_timeout=300,
                 sleep=None, clock=None, keep_other_comments=False):
        self.atlas = atlas
        self.client = atlas.client
        self.entries = entries
        self.state = state
        self.purge = purge
        self.keep_other_comments = keep_other_comments
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.sleep = time.sleep if sleep is None else sleep
        self.clock = time.monotonic if clock is None else clock
        self.changed = False
        self.group_id = atlas.project_id
        self.collection = ACCESS_LIST.collection(group_id=self.group_id)
        self.version = ACCESS_LIST.version('default')

    def list_entries(self):
        return self.client.list_all(self.collection, self.version)

    # -- public ----------------------------------------------------------------------------
    def run(self):
        current = self.list_entries()
        the_plan = plan(self.entries, current, self.state, self.purge, self.keep_other_comments)
        # With purge the list ends as the entries asked for (at most MAX_ENTRIES): they always fit.
        if the_plan.to_add and not self.purge and len(current) + len(the_plan.to_add) > MAX_ENTRIES:
            raise AtlasStateError(limit_message(self.group_id, len(current), len(the_plan.to_add)))
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
        result['entries'] = [snake_view(item) for item in after_items]
        if self.atlas.diff_mode:
            result['diff'] = dict(before=dict(entries=sorted_views(current)), after=dict(entries=sorted_views(after_items)))
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
        removed_keys = set()
        # Removing first makes room when the additions fit only without the purged entries.
        remove_first = len(current) + len(the_plan.to_add) > MAX_ENTRIES
        for item in (the_plan.to_remove if remove_first else ()):
            self.delete(item)
            removed_keys.add(item_key(item))
        if the_plan.to_add or the_plan.to_update:
            after = self.post(the_plan, holds=len(current) - len(removed_keys))
        for item in (() if remove_first else the_plan.to_remove):
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
    def post(self, the_plan, holds):
        """POST every missing or changed entry in one array; retry refusals after re-reading.

        Atlas refuses concurrent POSTs to one project's access list (409, or a 5xx whose outcome is
        unknown). A re-POST of an existing entry succeeds in Atlas, so after a refusal the list is
        read again and only what is still missing or different is sent again. A full access list
        (403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED, a limit only Atlas knows) fails with the numbers.
        """
        body = the_plan.post_body()
        adding = len(the_plan.to_add)
        deadline = Deadline(self.atlas.params.get('max_retry_time', 120), self.clock)
        maybe_written = False  # a POST whose outcome is unknown may have written; a 409 wrote nothing
        for attempt in range(1, POST_ATTEMPTS + 1):
            try:
                answer = self.client.post(self.collection, self.version, body)
                # Atlas answers with page 1 of the list: use it when it holds the whole list.
                items = whole_list(answer)
                return self.list_entries() if items is None else items
            except (AtlasOutcomeUnknownError, AtlasApiError) as error:
                maybe_written = maybe_written or isinstance(error, AtlasOutcomeUnknownError)
                delay = POST_BACKOFF.delay(attempt)
                refused = isinstance(error, AtlasApiError) and error.status != 409
                if refused or attempt == POST_ATTEMPTS or not deadline.allows(delay):
                    if not maybe_written:
                        self.changed = False  # Atlas refused every POST: nothing changed
                    if isinstance(error, AtlasApiError) and error.error_code == LIMIT_EXCEEDED:
                        raise AccessListFullError(self.full_message(error, holds, adding), error)
                    raise
                self.atlas.module.warn('%s; reading the access list again before sending what is still missing '
                                       '(attempt %d of %d, in %.1fs)' % (error, attempt + 1, POST_ATTEMPTS, delay))
                self.sleep(delay)
                current = self.list_entries()
                retry_plan = plan(self.entries, current, 'present', False, self.keep_other_comments)
                body = retry_plan.post_body()
                holds, adding = len(current), len(retry_plan.to_add)
                if not body:
                    # Another writer added everything after Atlas refused ours: this task changed nothing.
                    if not maybe_written and not the_plan.to_remove:
                        self.changed = False
                    return current
        raise AtlasStateError('Adding entries to the access list failed after %d attempts.' % POST_ATTEMPTS)

    def full_message(self, error, holds, adding):
        limit = (error.parameters or [None])[0]
        return ('Atlas refused to add entries: the access list of project %s is full (%s). It holds %d entries and this '
                'task would add %d, %d in all; the limit of this project is %s entries. Remove entries first '
                '(state: absent, or purge: true), or add fewer.'
                % (self.group_id, error, holds, adding, holds + adding, limit if limit is not None else 'lower'))

    def delete(self, item):
        try:
            self.client.delete(entry_path(self.group_id, item_key(item)), self.version)
        except AtlasApiError as error:
            if error.status != 404 and error.error_code not in NOT_FOUND_CODES:
                raise

    # -- waiting ---------------------------------------------------------------------------
    def status(self, key):
        """The /status of one entry; None when Atlas does not know it (yet, or any more)."""
        try:
            return read_status(self.client, self.group_id, key)
        except AtlasApiError as error:
            if error.status == 404:
                return None
            raise

    def entry(self, key):
        """The entry as Atlas has it; None once it is gone."""
        try:
            return self.client.get(entry_path(self.group_id, key), self.version)
        except AtlasApiError as error:
            if error.status == 404:
                return None
            raise

    def _wait(self, keys, read, status_of, targets, failed, goal):
        try:
            Waiter(self.wait_timeout, self.sleep, self.clock).wait(read, status_of, targets, failed=failed, keys=keys)
        except WaitTimedOut as timeout:
            raise AtlasStateError(
                'Timed out after %ss waiting for access list entries %s to %s. Atlas keeps working on them; '
                'run the task again to keep waiting.' % (self.wait_timeout, ', '.join(timeout.pending), goal))

    def wait_until_active(self, keys):
        try:
            self._wait(keys, self.status, lambda status: status, (READY_STATUS,), (FAILED_STATUS,),
                       'become %s' % READY_STATUS)
        except WaitFailed as failure:
            raise AtlasStateError('The access list entry %s is FAILED: Atlas could not apply it to every cloud '
                                  'provider of the project.' % failure.key)

    def wait_until_gone(self, keys):
        self._wait(keys, self.entry, lambda item: 'present', (GONE,), (), 'be deleted')


def main():
    atlas = AtlasModule(AccessListOptions)
    desired = atlas.options
    engine = AccessListEngine(
        atlas, desired.desired_entries(), state=desired.state, purge=desired.purge,
        wait=should_wait(atlas), wait_timeout=desired.wait_timeout, keep_other_comments=desired.keep_other_comments)
    try:
        result = engine.run()
    except AtlasError as error:
        atlas.fail_from_error(error, changed=engine.changed)
    atlas.exit(**result)


if __name__ == '__main__':
    main()
