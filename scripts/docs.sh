#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs. tfplugindocs reads the
# provider's schema through the terraform on PATH, and only Terraform 1.14+
# hands over list resource and action schemas; an older CLI would silently
# drop their pages. The CLI that .ci/run builds is used when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/versions
. .ci/versions
built=$PWD/.tools/terraform-$tf_new
if [ -x "$built/terraform" ]; then
  export PATH="$built:$PATH"
fi
read -r major minor < <(terraform version -json | python3 -c 'import json,sys; v=json.load(sys.stdin)["terraform_version"].split("."); print(v[0], v[1])')
if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 14 ]; }; then
  echo "make docs needs Terraform 1.14 or newer on PATH (found $major.$minor); build one with:" >&2
  echo "  bash scripts/build-terraform.sh $tf_new $built/terraform" >&2
  exit 1
fi
# An empty CLI config keeps a missing ~/.terraformrc from breaking it.
TF_CLI_CONFIG_FILE=/dev/null go generate ./...
