# atlasops.networking: build and test harness.  `make help` lists the targets.
#
# Three development venvs, one per supported ansible-core release, each with every tool the demo
# and the tests need:
#   .venv        Python 3.11 + ansible-core 2.19.x  (the default for every target)
#   .venv-py312  Python 3.12 + ansible-core 2.20.x  (run a tier on it with VENV=.venv-py312)
#   .venv-py313  Python 3.13 + ansible-core 2.21.x  (the newest release; VENV=.venv-py313)
# One tier alone:  make sanity | units | integration | lint | packaging | reliability   [VENV=...]
#                  make sim-test | docs-check | harness | integration-realmode   (once, on .venv)
#                  make integration-atlas   (against REAL Atlas: README "Testing against real Atlas")

# Pass extra ansible-test arguments with ARGS, e.g.  make integration ARGS=network_peering

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON    ?= python3
PYTHON312 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3.12)
PYTHON313 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) python3.13)
CORE_311  := ansible-core>=2.19,<2.20
CORE_312  := ansible-core>=2.20,<2.21
CORE_313  := ansible-core>=2.21,<2.22

VENV ?= .venv
ARGS ?=
PYVER = $(shell $(VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# scripts/tier.py runs a tier and counts its tests from the JUnit XML (or SARIF) it writes into
# the folder tier.py substitutes for {junit}; never from the tools' closing lines.
TIER  = $(VENV)/bin/python scripts/tier.py
# A failing assertion shows its whole message (e.g. an AnsibleResult with the playbook's output),
# not pytest's 240-character cut, in the log and in the XML.
JUNIT_XML = --junit-xml={junit}/pytest.xml -o junit_family=xunit2 -o verbosity_assertions=2
TREE  = scripts/collection-tree.sh $(VENV)
# Collections beside this one for ansible-playbook / ansible-lint run from the repo:
# .tmp/collections/ansible_collections/atlasops/networking -> the repo, plus amazon.aws.
DEV_COLLECTIONS := $(CURDIR)/.tmp/collections:$(CURDIR)/$(VENV)/collections

.PHONY: help venv venv-py312 venv-py313 venv-importer venvs sanity units integration integration-realmode integration-atlas lint sim-test packaging reliability soak bench docs-tools docs-site docs-check harness changelog sim demo test clean dev-collections

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  (tiers take VENV=.venv-py312 or VENV=.venv-py313 for ansible-core 2.20 / 2.21; ARGS=... go to ansible-test)"

venv: ## build .venv (Python 3.11, ansible-core 2.19, all dev tools, simulator, amazon.aws); fast when up to date
	@scripts/venv.sh "$(PYTHON)" 3.11 .venv '$(CORE_311)'

venv-py312: ## build .venv-py312 (Python 3.12, ansible-core 2.20)
	@scripts/venv.sh "$(PYTHON312)" 3.12 .venv-py312 '$(CORE_312)'

venv-py313: ## build .venv-py313 (Python 3.13, newest ansible-core 2.21)
	@scripts/venv.sh "$(PYTHON313)" 3.13 .venv-py313 '$(CORE_313)'

venv-importer: ## build .venv-importer (galaxy-importer with its own pins; used by make packaging)
	@scripts/tool-venv.sh "$(PYTHON)" .venv-importer tests/packaging/requirements-importer.txt

venvs: ## build the three dev venvs and .venv-importer (side by side; fast when up to date)
	@$(MAKE) --no-print-directory -j4 --output-sync=target venv venv-py312 venv-py313 venv-importer

$(VENV)/bin/python:
	@$(MAKE) --no-print-directory $(patsubst .venv%,venv%,$(VENV))

dev-collections:
	@mkdir -p .tmp/collections/ansible_collections/atlasops
	@ln -sfn $(CURDIR) .tmp/collections/ansible_collections/atlasops/networking

sanity: $(VENV)/bin/python ## ansible-test sanity (no ignore files) in the ansible_collections tree
	@$(TIER) sanity $(VENV) -- $(TREE) ansible-test sanity --requirements --python $(PYVER) --color no --junit $(ARGS)

units: $(VENV)/bin/python ## ansible-test units (tests/unit/plugins/...)
	@$(TIER) units $(VENV) -- $(TREE) ansible-test units --requirements --python $(PYVER) --color no $(ARGS)

integration: $(VENV)/bin/python ## ansible-test integration against a fresh simulator
	@$(TIER) integration $(VENV) -- $(TREE) $(CURDIR)/scripts/integration.sh $(ARGS)

integration-realmode: $(VENV)/bin/python ## the integration suite in real Atlas mode against a simulator without /_sim/ (owner key on a scratch project), then checks the project is left empty
	@$(TIER) integration-realmode $(VENV) -- $(TREE) $(CURDIR)/scripts/integration-realmode.sh $(ARGS)

integration-atlas: $(VENV)/bin/python ## the integration suite against REAL Atlas (tests/integration/integration_config.yml; README "Testing against real Atlas"); not in make test
	@$(TIER) integration-atlas $(VENV) -- $(TREE) $(CURDIR)/scripts/integration-atlas.sh $(ARGS)

lint: $(VENV)/bin/python dev-collections ## ansible-lint --offline, production profile
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(TIER) lint $(VENV) --sarif -- scripts/lint.sh {junit}

sim-test: $(VENV)/bin/python ## pytest tools/atlas_sim/tests
	@$(TIER) sim-test $(VENV) -- $(VENV)/bin/python -m pytest tools/atlas_sim/tests -p no:cacheprovider -q $(JUNIT_XML)

packaging: $(VENV)/bin/python venv-importer ## tests/packaging: built tarball, install + run from it, ansible-runner (AWX), ad-hoc, EXAMPLES, ansible-builder, changelog
	@$(TIER) packaging $(VENV) -- $(VENV)/bin/python -m pytest tests/packaging -p no:cacheprovider -q -rfE $(JUNIT_XML) $(ARGS)

reliability: $(VENV)/bin/python ## tests/reliability: faults, races, bad input, credentials, token cache, timeouts (real ansible-playbook runs)
	@$(TIER) reliability $(VENV) -- $(VENV)/bin/python -m pytest tests/reliability -p no:cacheprovider -q -rfE $(JUNIT_XML) $(ARGS)

soak: $(VENV)/bin/python ## the soak: 1,000 module tasks over 50 projects, 20 % faults, forks 10 (not part of make test; figures in tests/reliability/soak-result.json)
	@ATLASOPS_SOAK=1 $(VENV)/bin/python -m pytest tests/reliability/test_soak.py -k test_soak_full -p no:cacheprovider -q -rfE $(ARGS)

bench: venv ## benchmarks/: task overhead vs ansible.builtin.uri, request counts, memory; report in benchmarks/README.md (not part of make test)
	@.venv/bin/python benchmarks/task_overhead.py
	@.venv/bin/python benchmarks/requests_count.py || echo "requests_count: some rows exceed the literal targets (see benchmarks/README.md)"
	@.venv/bin/python benchmarks/requests_count_private_endpoints.py
	@.venv/bin/python benchmarks/memory.py
	@.venv/bin/python benchmarks/plot.py

changelog: $(VENV)/bin/python ## fold changelogs/fragments/ into CHANGELOG.md/.rst and changelogs/changelog.yaml (galaxy.yml's version)
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH antsibull-changelog release --update-existing --refresh-fragments --reload-plugins

docs-tools: ## install Debian's chromium and pandoc when missing (apt-get; the docs tier needs them)
	@if ! command -v chromium >/dev/null || ! command -v pandoc >/dev/null; then \
	    if [ "$$(id -u)" != 0 ]; then echo "chromium and pandoc are needed: apt-get install chromium pandoc (as root)" >&2; exit 1; fi; \
	    echo "==> apt-get install chromium pandoc"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium pandoc >/dev/null; \
	fi

docs-site: $(VENV)/bin/python docs-tools ## build the HTML docs site into .tmp/docsite/html (antsibull-docs + Sphinx, offline, warnings are errors)
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/docs-site.sh .tmp/docsite

docs-check: $(VENV)/bin/python docs-tools ## the docs site: built with -W, a page per module/plugin/role/guide, internal links, rendered in headless Chromium (part of make test)
	@$(TIER) docs $(VENV) -- $(VENV)/bin/python -m pytest scripts/tests/docsite -p no:cacheprovider -q -rfE $(JUNIT_XML) $(ARGS)

harness: $(VENV)/bin/python ## unit tests of the harness itself (scripts/tests/harness: tier.py's counting)
	@$(TIER) harness $(VENV) -- $(VENV)/bin/python -m pytest scripts/tests/harness -p no:cacheprovider -q -rfE $(JUNIT_XML) $(ARGS)

sim: $(VENV)/bin/python ## run the simulator in the foreground on a free port (state in .tmp/)
	@mkdir -p .tmp && $(VENV)/bin/atlas-sim --host 127.0.0.1 --port 0 --state .tmp/sim-state.json --transition-seconds 1

demo: venv dev-collections ## start the simulator and moto, run playbooks/demo.yml twice (2nd: changed=0), stop both
	@VENV=.venv scripts/demo.sh

test: venvs docs-tools ## every tier on the three venvs (ansible-core 2.19/2.20/2.21), real Atlas mode + docs site + sim + harness once, then a summary table

	@scripts/test-all.sh

clean: ## remove test output and temporary files (keeps the venvs)
	rm -rf tests/output .tmp/results .tmp/collections .tmp/sim-state.json .tmp/docsite
