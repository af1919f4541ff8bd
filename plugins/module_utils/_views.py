# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Atlas's camelCase JSON and the modules' snake_case, both ways.

A *view* is a resource as a module returns it: Atlas's answer with snake_case keys. A *body* is
what a module sends: the task's snake_case values with Atlas's camelCase keys.
"""

from __future__ import annotations

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict, snake_dict_to_camel_dict


def snake_view(item):
    """Atlas camelCase JSON -> its snake_case view; ``_id`` becomes ``id``; links are dropped."""
    item = dict(item or {})
    item.pop('links', None)
    if '_id' in item:
        item['id'] = item.pop('_id')
    return camel_dict_to_snake_dict(item)


def camel_body(values, irregular=None):
    """snake_case values -> an Atlas body with camelCase keys; None values are left out ([] is kept).

    ``irregular`` maps the snake_case names whose Atlas spelling is not the mechanical camelCase,
    for example ``{'customer_endpoint_dns_name': 'customerEndpointDNSName'}``.
    """
    irregular = irregular or {}
    values = dict((name, value) for name, value in values.items() if value is not None)
    body = snake_dict_to_camel_dict(dict((name, value) for name, value in values.items() if name not in irregular))
    body.update((irregular[name], value) for name, value in values.items() if name in irregular)
    return body
