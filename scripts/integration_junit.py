#!/usr/bin/env python3
"""JUnit XML for an ansible-test integration run: one test case per target.

    integration_junit.py OUT_XML DATA_DIR < target names, one a line

DATA_DIR is ansible-test's tests/output/data: its integration-*.json lists, under "targets",
every target that passed. A target from stdin that is not there failed or never ran.
"""
import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def main(out_xml, data_dir):
    wanted = [line.strip() for line in sys.stdin if line.strip()]
    passed = {}
    for path in sorted(Path(data_dir).glob('integration-*.json')):
        passed.update(json.loads(path.read_text()).get('targets', {}))
    suite = ElementTree.Element('testsuite', name='ansible-test integration', tests=str(len(wanted)))
    failures = 0
    for name in wanted:
        case = ElementTree.SubElement(suite, 'testcase', classname='integration', name=name)
        if name in passed:
            case.set('time', str(passed[name].get('run_time_seconds', 0)))
        else:
            failures += 1
            ElementTree.SubElement(case, 'failure', message='target %s failed or did not run' % name)
    suite.set('failures', str(failures))
    Path(out_xml).parent.mkdir(parents=True, exist_ok=True)
    root = ElementTree.Element('testsuites')
    root.append(suite)
    ElementTree.ElementTree(root).write(out_xml, encoding='utf-8', xml_declaration=True)
    print('integration: %d of %d targets passed (%s)' % (len(wanted) - failures, len(wanted), out_xml))


if __name__ == '__main__':
    main(*sys.argv[1:])
