#!/usr/bin/env bash
# make demo: invite two partner guests with groups and app roles against the
# local Graph emulator, redeem one of them as the guest would, and show that
# the next plan grants the gated role to that guest alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.demo
rm -rf "$work"
mkdir -p "$work/bin"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider"
go build -o "$work/bin/terraform-provider-b2b" .

step "Starting the Graph emulator"
pid=$(bash scripts/start-emulator.sh "$work/emulator")
trap 'kill "$pid" 2>/dev/null || true' EXIT
# shellcheck disable=SC1091
source "$work/emulator/env"
sed -n '1,5p' "$work/emulator/graphemu.log"

step "Writing a Terraform CLI config with dev_overrides"
# dev_overrides makes plan and apply use the binary just built. init still
# resolves the provider, so a local filesystem mirror answers it offline.
platform=$(go env GOOS)_$(go env GOARCH)
mirror=$work/mirror/registry.terraform.io/b2b-guests/b2b/0.0.1/$platform
mkdir -p "$mirror"
cp "$work/bin/terraform-provider-b2b" "$mirror/"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "b2b-guests/b2b" = "$work/bin"
  }
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["b2b-guests/b2b"]
  }
  direct {
    exclude = ["b2b-guests/b2b"]
  }
}
RC
export TF_CLI_CONFIG_FILE=$work/terraformrc
export TF_IN_AUTOMATION=1
cp -r examples/quickstart "$work/quickstart"
cd "$work/quickstart"

step "terraform init"
terraform init -input=false -no-color

step "terraform apply"
terraform apply -input=false -auto-approve -no-color

step "Outputs"
terraform output -no-color

step "Ana opens her invitation link and accepts the consent prompt (GET, then the page's POST, as her browser would)"
url=$(terraform output -json redeem_urls | python3 -c 'import json,sys; print(json.load(sys.stdin)["ana@fabrikam.example"])')
curl -sS --cacert "$SSL_CERT_FILE" "$url" | grep -q "Review permissions" && echo "consent prompt shown"
curl -sS --cacert "$SSL_CERT_FILE" -X POST "$url" >/dev/null && echo "redeemed"

step "terraform plan: the gated Portal.Admin role is now planned for Ana alone"
terraform plan -input=false -no-color

step "terraform apply"
terraform apply -input=false -auto-approve -no-color
terraform output -no-color pending_guests

step "Graph traffic seen by the emulator"
curl -sS --cacert "$SSL_CERT_FILE" "$B2B_AUTHORITY_HOST/_emulator/stats" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("round trips: %d   operations: %d   tokens: %d   invitations: %d" % (s["round_trips"], s["operations"], s["tokens"], s["invitations"]))'
