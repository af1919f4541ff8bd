#!/usr/bin/env python3
"""The simulator side of `make integration-realmode`: what a maintainer does in the Atlas UI, and the checks after.

    realmode_sim.py scratch SIM_URL PROXY_URL TEMPLATE OUT_CONFIG
    realmode_sim.py verify SIM_URL REFUSED_LOG PROJECTS_BEFORE OUT_XML

scratch: creates a scratch project (a name unique to the run) whose encryption at rest requires
private networking, and, for it only, an API key and a service account with the Project Owner
role (GROUP_OWNER; no organization role, so they reach no other project), through the
simulator's /_sim/ controls; then fills in

tests/integration/integration_config.yml.template as a maintainer would for real Atlas, with the
proxy (scripts/real_mode_proxy.py, no /_sim/) as atlas_base_url. Prints the number of projects
the simulator holds, for verify.

verify: one JUnit test case each for "no /_sim/ request reached the proxy" (REFUSED_LOG is empty)
and "the run created no project" (the simulator holds as many projects as before it).
"""
import json
import secrets
import sys
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def sim(sim_url, path, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(sim_url + path, data=data, method=method or ('GET' if body is None else 'POST'),
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def scratch(sim_url, proxy_url, template, out_config):
    run = secrets.token_hex(4)
    project = sim(sim_url, '/_sim/projects', {'name': 'atlasops-scratch-%s' % run})['id']
    owner = [{'group_id': project, 'role': 'GROUP_OWNER'}]
    values = {
        'ATLAS_BASE_URL': proxy_url,
        'ATLAS_PROJECT_ID': project,
        'ATLAS_PUBLIC_KEY': 'realmode-%s' % run,
        'ATLAS_PRIVATE_KEY': secrets.token_hex(16),
        'ATLAS_CLIENT_ID': 'mdb_sa_id_realmode%s' % run,
        'ATLAS_CLIENT_SECRET': 'mdb_sa_sk_%s' % secrets.token_hex(16),
    }
    sim(sim_url, '/_sim/credentials', {'type': 'api_key', 'public_key': values['ATLAS_PUBLIC_KEY'],
                                       'private_key': values['ATLAS_PRIVATE_KEY'], 'roles': owner})
    sim(sim_url, '/_sim/credentials', {'type': 'service_account', 'client_id': values['ATLAS_CLIENT_ID'],
                                       'client_secret': values['ATLAS_CLIENT_SECRET'], 'roles': owner})
    # Encryption at rest with AWS KMS and Azure Key Vault over private networking, as the
    # encryption_at_rest_private_endpoint target needs (README: the scratch project's setup).
    sim(sim_url, '/_sim/projects/%s/private_networking' % project,
        {'ear_require_private_networking': {'AWS': True, 'AZURE': True}}, method='PATCH')
    text = Path(template).read_text(encoding='utf-8')
    for name, value in values.items():
        text = text.replace('@%s@' % name, value)
    Path(out_config).write_text(text, encoding='utf-8')
    print(len(sim(sim_url, '/_sim/projects')['projects']))


def verify(sim_url, refused_log, projects_before, out_xml):
    refused = [line for line in Path(refused_log).read_text(encoding='utf-8').splitlines() if line.strip()]
    projects_after = len(sim(sim_url, '/_sim/projects')['projects'])
    cases = [
        ('no /_sim/ request reached the API', '%d refused: %s' % (len(refused), '; '.join(refused[:20])) if refused else ''),
        ('the run created no project', 'the simulator holds %d projects, %s before the run' % (projects_after, projects_before)
         if projects_after != int(projects_before) else ''),
    ]
    suite = ElementTree.SubElement(ElementTree.Element('testsuites'), 'testsuite', name='real Atlas mode',
                                   tests=str(len(cases)), failures=str(sum(1 for _, problem in cases if problem)))
    for name, problem in cases:
        case = ElementTree.SubElement(suite, 'testcase', classname='real_mode', name=name)
        if problem:
            ElementTree.SubElement(case, 'failure', message=problem)
        print('real Atlas mode, %s: %s' % (name, problem or 'yes'))
    Path(out_xml).parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(suite).write(out_xml, encoding='utf-8', xml_declaration=True)
    return 1 if any(problem for _, problem in cases) else 0


if __name__ == '__main__':
    if len(sys.argv) != 6 or sys.argv[1] not in ('scratch', 'verify'):
        sys.exit(__doc__)
    sys.exit(scratch(*sys.argv[2:]) if sys.argv[1] == 'scratch' else verify(*sys.argv[2:]))
