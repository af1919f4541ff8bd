#!/usr/bin/env python3
"""Turn one Markdown guide into an antsibull-docs extra doc (RST), with pandoc.

    md2rst.py SOURCE.md DEST.rst LABEL REPO_URL GUIDE_MAP.json

The Markdown stays the only hand-written copy; this runs at every `make docs-site`. Links are
rewritten before pandoc sees them: a link to another guide (GUIDE_MAP: repo path -> page name)
points at that guide's page in the site, a link to any other file of the repository at
REPO_URL/blob/main/<path>, so the site has no link into files it does not contain. The page gets
the label antsibull-docs wants (ansible_collections.<ns>.<name>.docsite.<page>).
"""
import json
import os
import re
import subprocess
import sys

LINK = re.compile(r'(\]\()([^)\s]+)(\))')


def rewrite(target, source, repo_url, guides):
    if re.match(r'^[a-z][a-z0-9+.-]*:', target) or target.startswith('#'):
        return target  # absolute URL, mail, or an anchor in the same page
    path, _, fragment = target.partition('#')
    repo_path = os.path.normpath(os.path.join(os.path.dirname(source), path))
    if repo_path in guides:
        return guides[repo_path] + '.html' + ('#' + fragment if fragment else '')
    return '%s/blob/main/%s%s' % (repo_url, repo_path, '#' + fragment if fragment else '')


def main(source, dest, label, repo_url, guide_map):
    guides = json.loads(guide_map)
    with open(source) as handle:
        text = handle.read()
    text = LINK.sub(lambda m: m.group(1) + rewrite(m.group(2), source, repo_url, guides) + m.group(3), text)
    rst = subprocess.run(['pandoc', '--from', 'gfm-gfm_auto_identifiers', '--to', 'rst', '--wrap', 'preserve'],
                         input=text, capture_output=True, text=True, check=True).stdout
    with open(dest, 'w') as handle:
        handle.write('.. _%s:\n\n.. This page is generated from %s by scripts/md2rst.py; edit that file.\n\n%s'
                     % (label, source, rst))


if __name__ == '__main__':
    main(*sys.argv[1:])
