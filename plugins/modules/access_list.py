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
        type: str
      delete_after_date:
        description:
          - Makes the entry temporary. Atlas deletes it after this ISO 8601 date-time, for example
            V(2026-01-31T18:00:00Z); without a time zone it is read as UTC.
          - Must be in the future and at most 7 days ahead; not allowed with O(entries[].aws_security_group).
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
  - Atlas allows 200 entries per project.
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
'''

from typing import List, Optional  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.atlasops.networking.plugins.module_utils import access_list_set
from ansible_collections.atlasops.networking.plugins.module_utils.atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils.errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils.pydantic_compat import (
    BaseModel,
    ConfigDict,
    field_validator,
    model_validator,
)


class EntryOptions(BaseModel):
    model_config = ConfigDict(extra='forbid')

    # Field order matters: delete_after_date's validator reads the fields validated before it.
    ip_address: Optional[str] = None
    cidr_block: Optional[str] = None
    aws_security_group: Optional[str] = None
    comment: Optional[str] = None
    delete_after_date: Optional[str] = None

    @field_validator('ip_address')
    @classmethod
    def _check_ip_address(cls, value):
        return None if value is None else access_list_set.canonical_ip_address(value)

    @field_validator('cidr_block')
    @classmethod
    def _check_cidr_block(cls, value):
        return None if value is None else access_list_set.canonical_cidr_block(value)

    @field_validator('aws_security_group')
    @classmethod
    def _check_security_group(cls, value):
        return None if value is None else access_list_set.security_group(value)

    @field_validator('comment')
    @classmethod
    def _check_comment(cls, value):
        if value is not None and len(value) > access_list_set.MAX_COMMENT_LENGTH:
            raise ValueError('is %d characters long; Atlas allows at most %d'
                             % (len(value), access_list_set.MAX_COMMENT_LENGTH))
        return value

    @field_validator('delete_after_date')
    @classmethod
    def _check_expiry(cls, value, info):
        if value is None:
            return None
        if (info.data or {}).get('aws_security_group'):
            raise ValueError('not allowed for an aws_security_group entry: Atlas only supports expiry dates '
                             'for IP addresses and CIDR blocks')
        return access_list_set.expiry_date(value)

    @model_validator(mode='after')
    def _exactly_one_value(self):
        given = [name for name in access_list_set.VALUE_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError('set exactly one of ip_address, cidr_block and aws_security_group; %s'
                             % ('got ' + ' and '.join(given) if given else 'got none'))
        return self


MAX_ENTRIES = 200  # per project; more gets 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED


class AccessListOptions(BaseModel):
    model_config = ConfigDict(extra='forbid')

    entries: List[EntryOptions]
    state: str = 'present'
    purge: bool = False
    wait_timeout: int = 300

    @model_validator(mode='after')
    def _check_set(self):
        if self.purge and self.state == 'absent':
            raise ValueError("option 'purge': only applies with state=present (it removes the entries that "
                             "'entries' does not list)")
        if self.wait_timeout <= 0:
            raise ValueError("option 'wait_timeout': must be greater than 0 seconds, got %s" % self.wait_timeout)
        if self.state == 'present' and len(self.entries) > MAX_ENTRIES:
            raise ValueError("option 'entries': Atlas allows at most %d entries per project, got %d"
                             % (MAX_ENTRIES, len(self.entries)))
        seen = {}
        for index, entry in enumerate(self.entries):
            key = access_list_set.item_key(entry.model_dump())
            if key in seen:
                raise ValueError("option 'entries[%d]': %s is the same entry as entries[%d] (an IP address and its "
                                 "/32 are one entry); list each entry once" % (index, key, seen[key]))
            seen[key] = index
        return self

    def desired_entries(self):
        return [entry.model_dump(exclude_none=True) for entry in self.entries]


def main():
    entry_options = dict(
        ip_address=dict(type='str'),
        cidr_block=dict(type='str'),
        aws_security_group=dict(type='str'),
        comment=dict(type='str'),
        delete_after_date=dict(type='str'),
    )
    argument_spec = dict(
        entries=dict(type='list', elements='dict', required=True, options=entry_options),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        purge=dict(type='bool', default=False),
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=300),
    )
    atlas = AtlasModule(argument_spec)
    desired = atlas.validate(AccessListOptions)
    engine = access_list_set.AccessListEngine(
        atlas, desired.desired_entries(), state=desired.state, purge=desired.purge,
        wait=atlas.params['wait'], wait_timeout=desired.wait_timeout)
    try:
        result = engine.run()
    except AtlasError as error:
        atlas.fail_from_error(error, changed=engine.changed)
    atlas.exit(**result)


if __name__ == '__main__':
    main()
