# atlasops.networking: build and test harness.  `make help` lists the targets.
#
# Two development venvs, each with every tool the demo and the tests need:
#   .venv        Python 3.11 + ansible-core 2.19.x  (the default for every target)
#   .venv-py313  Python 3.13 + ansible-core 2.21.x  (the newest release; run a tier on it with VENV=.venv-py313)
# One tier alone:  make sanity | units | integration | lint | packaging | reliability | sim-test | docs-check   [VENV=.venv-py313]
# Pass extra ansible-test arguments with ARGS, e.g.  make integration ARGS=network_peering

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON    ?= python3
PYTHON313 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) python3.13)
CORE_311  := ansible-core>=2.19,<2.20
CORE_313  := ansible-core>=2.21,<2.22

VENV ?= .venv
ARGS ?=
PYVER = $(shell $(VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
TIER  = $(VENV)/bin/python scripts/tier.py
TREE  = scripts/collection-tree.sh $(VENV)
# Collections beside this one for ansible-playbook / ansible-lint run from the repo:
# .tmp/collections/ansible_collections/atlasops/networking -> the repo, plus amazon.aws.
DEV_COLLECTIONS := $(CURDIR)/.tmp/collections:$(CURDIR)/$(VENV)/collections

.PHONY: help venv venv-py313 venvs sanity units integration lint sim-test packaging reliability bench docs docs-check changelog sim demo test clean dev-collections

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  (tiers take VENV=.venv-py313 to run on Python 3.13 / the newest ansible-core; ARGS=... go to ansible-test)"

venv: ## build .venv (Python 3.11, ansible-core 2.19, all dev tools, simulator, amazon.aws); fast when up to date
	@scripts/venv.sh "$(PYTHON)" 3.11 .venv '$(CORE_311)'

venv-py313: ## build .venv-py313 (Python 3.13, newest ansible-core 2.21)
	@scripts/venv.sh "$(PYTHON313)" 3.13 .venv-py313 '$(CORE_313)'

venvs: venv venv-py313

$(VENV)/bin/python:
	@$(MAKE) --no-print-directory $(if $(filter .venv-py313,$(VENV)),venv-py313,venv)

dev-collections:
	@mkdir -p .tmp/collections/ansible_collections/atlasops
	@ln -sfn $(CURDIR) .tmp/collections/ansible_collections/atlasops/networking

sanity: $(VENV)/bin/python ## ansible-test sanity (no ignore files) in the ansible_collections tree
	@$(TIER) sanity $(VENV) -- $(TREE) ansible-test sanity --requirements --python $(PYVER) --color no $(ARGS)

units: $(VENV)/bin/python ## ansible-test units (tests/unit/plugins/...)
	@$(TIER) units $(VENV) -- $(TREE) ansible-test units --requirements --python $(PYVER) --color no $(ARGS)

integration: $(VENV)/bin/python ## ansible-test integration against a fresh simulator
	@$(TIER) integration $(VENV) -- $(TREE) $(CURDIR)/scripts/integration.sh $(ARGS)

lint: $(VENV)/bin/python dev-collections ## ansible-lint --offline, production profile
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(TIER) lint $(VENV) -- $(VENV)/bin/ansible-lint --offline --profile production --nocolor

sim-test: $(VENV)/bin/python ## pytest tools/atlas_sim/tests
	@$(TIER) sim-test $(VENV) -- $(VENV)/bin/python -m pytest tools/atlas_sim/tests -p no:cacheprovider -q

packaging: $(VENV)/bin/python ## tests/packaging: built tarball, install + run from it, ansible-runner (AWX), ad-hoc, EXAMPLES, ansible-builder, changelog
	@$(TIER) packaging $(VENV) -- $(VENV)/bin/python -m pytest tests/packaging -p no:cacheprovider -q -rfE $(ARGS)

reliability: $(VENV)/bin/python ## tests/reliability: faults, races, bad input, credentials, token cache, timeouts (real ansible-playbook runs)
	@$(TIER) reliability $(VENV) -- $(VENV)/bin/python -m pytest tests/reliability -p no:cacheprovider -q -rfE $(ARGS)

bench: venv ## benchmarks/: task overhead vs ansible.builtin.uri, request counts, memory; report in benchmarks/README.md (not part of make test)
	@.venv/bin/python benchmarks/task_overhead.py
	@.venv/bin/python benchmarks/requests_count.py || echo "requests_count: some rows exceed the literal targets (see benchmarks/README.md)"
	@.venv/bin/python benchmarks/requests_count_private_endpoints.py
	@.venv/bin/python benchmarks/memory.py
	@.venv/bin/python benchmarks/plot.py

changelog: $(VENV)/bin/python ## fold changelogs/fragments/ into CHANGELOG.md/.rst and changelogs/changelog.yaml (galaxy.yml's version)
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH antsibull-changelog release --update-existing --refresh-fragments --reload-plugins

docs: $(VENV)/bin/python ## regenerate docs/collection/ (module and role pages) with antsibull-docs
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/docs.sh build

docs-check: $(VENV)/bin/python ## fail when docs/collection/ is stale (part of make test)
	@PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(TIER) docs $(VENV) -- scripts/docs.sh check

sim: $(VENV)/bin/python ## run the simulator in the foreground on a free port (state in .tmp/)
	@mkdir -p .tmp && $(VENV)/bin/atlas-sim --host 127.0.0.1 --port 0 --state .tmp/sim-state.json --transition-seconds 1

demo: venv dev-collections ## start the simulator, run playbooks/demo.yml twice (2nd: changed=0), stop
	@VENV=.venv scripts/demo.sh

test: venvs ## every tier on both Python/ansible-core pairs, then a summary table
	@scripts/test-all.sh

clean: ## remove test output and temporary files (keeps the venvs)
	rm -rf tests/output .tmp/results .tmp/collections .tmp/sim-state.json
