#!/usr/bin/env bash
# `make demo`: start a moto server (the AWS side, never AWS itself) and the simulator wired to it,
# seed a fresh project, run playbooks/demo.yml twice (the second run must report changed=0), show
# the result, stop both servers.
#
# The playbook gets its credentials the way a user's would, from the environment:
#   MONGODB_ATLAS_BASE_URL, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY,
#   MONGODB_ATLAS_PROJECT_ID; AWS_URL (moto), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION;
#   DEMO_AWS_VPC_ID, DEMO_AWS_SUBNET_ID, DEMO_AWS_SECURITY_GROUP_ID (what the user has in AWS, seeded in moto)
# and finds atlasops.networking through .tmp/collections (a symlink to this repo).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(pwd)/${VENV:-.venv}
export PATH="$venv/bin:$PATH"
source scripts/sim-lib.sh

mkdir -p .tmp/collections/ansible_collections/atlasops
ln -sfn "$(pwd)" .tmp/collections/ansible_collections/atlasops/networking
export ANSIBLE_COLLECTIONS_PATH="$(pwd)/.tmp/collections:$venv/collections"

moto_pid=
stop_servers() {
    sim_stop
    if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; fi
}

# moto on a free port; the simulator mirrors AWS peerings and private endpoint services into it.
moto_port=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$moto_port" >.tmp/demo-moto.log 2>&1 &
moto_pid=$!
trap stop_servers EXIT
for _ in $(seq 100); do
    python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$moto_port/moto-api/')" 2>/dev/null && break
    sleep 0.1
done
export AWS_URL=http://127.0.0.1:$moto_port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
echo "moto (pid $moto_pid) listening on $AWS_URL"

# What a user already has in AWS: the application's VPC, a subnet and a security group.
read -r DEMO_AWS_VPC_ID DEMO_AWS_SUBNET_ID DEMO_AWS_SECURITY_GROUP_ID < <(python - <<'PY'
import os
import boto3
ec2 = boto3.client("ec2", endpoint_url=os.environ["AWS_URL"], region_name=os.environ["AWS_REGION"])
vpc = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.10.1.0/24")["Subnet"]["SubnetId"]
group = ec2.create_security_group(GroupName="demo-app", Description="The application", VpcId=vpc)["GroupId"]
print(vpc, subnet, group)
PY
)
export DEMO_AWS_VPC_ID DEMO_AWS_SUBNET_ID DEMO_AWS_SECURITY_GROUP_ID
echo "seeded moto: VPC $DEMO_AWS_VPC_ID, subnet $DEMO_AWS_SUBNET_ID, security group $DEMO_AWS_SECURITY_GROUP_ID"

rm -f .tmp/demo-state.json
SIM_EXTRA_ARGS="--aws-endpoint $AWS_URL" sim_start .tmp/demo-state.json .tmp/demo-sim.log
trap stop_servers EXIT  # sim_start installed its own

project_id=$(python - "$SIM_URL" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_sim/projects", data=b"{}", method="POST",
                             headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req, timeout=10))["id"])
PY
)
echo "seeded simulator project $project_id"

export MONGODB_ATLAS_BASE_URL=$SIM_URL
export MONGODB_ATLAS_PUBLIC_API_KEY=atlassim
export MONGODB_ATLAS_PRIVATE_API_KEY=atlassim-private-key
export MONGODB_ATLAS_PROJECT_ID=$project_id
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
# Modules run with the venv's Python (requests, pydantic), not whatever interpreter discovery finds.
cat > .tmp/demo-inventory.ini <<INI
localhost ansible_connection=local ansible_python_interpreter=$venv/bin/python
INI

echo; echo "===== demo, first run: creates what playbooks/demo.yml describes ====="
ansible-playbook -i .tmp/demo-inventory.ini playbooks/demo.yml | tee .tmp/demo-run1.log
echo; echo "===== demo, second run: must change nothing ====="
ansible-playbook -i .tmp/demo-inventory.ini playbooks/demo.yml | tee .tmp/demo-run2.log

recap=$(grep -E '^localhost +:' .tmp/demo-run2.log | tail -n1)
echo
echo "===== result ====="
echo "first run:  $(grep -E '^localhost +:' .tmp/demo-run1.log | tail -n1 | sed 's/  */ /g')"
echo "second run: $(sed 's/  */ /g' <<<"$recap")"
if ! grep -q 'changed=0 ' <<<"$recap" || ! grep -q 'failed=0 ' <<<"$recap"; then
    echo "FAIL: the second run was not idempotent (expected changed=0 failed=0)" >&2
    exit 1
fi
echo "OK: the second run changed nothing (simulator log: .tmp/demo-sim.log)"
