#!/usr/bin/env bash
# scripts/build-azuread.sh VERSION OUT [SOURCE]: builds hashicorp/azuread, the
# provider the bench compares ours with (go run ./internal/bench -azuread OUT).
#
# The Go module proxy does not serve this module at a 3.x tag: its go.mod has
# no /v3 suffix, so v3.9.0 is no valid version of it, and the proxy refuses
# the tag's commit as well. The source therefore comes from git: SOURCE is a
# clone of the repository (a bare one will do) or its URL, by default GitHub.
# The tag's tree carries vendor/, so the build needs nothing else.
set -euo pipefail
version=${1:?version tag, such as v3.9.0}
out=${2:?output path of the binary}
source=${3:-https://github.com/hashicorp/terraform-provider-azuread.git}
# The build runs in a temporary copy of the source; a relative path would
# put the binary there, and it would go with the copy.
out=$(realpath -m -- "$out")
# A local clone is read with file:// so that --depth applies to it too.
if [ -d "$source" ]; then
  source="file://$(realpath -- "$source")"
fi

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -c advice.detachedHead=false clone --quiet --depth 1 --branch "$version" "$source" "$src"
cd "$src"

# ProviderVersion is what a release build stamps; without it the provider
# calls itself "dev" in its User-Agent.
CGO_ENABLED=0 go build -mod=vendor -trimpath \
  -ldflags "-s -w -X github.com/hashicorp/terraform-provider-azuread/version.ProviderVersion=${version#v}" \
  -o "$out" .
echo "built azuread ${version} ($(git rev-parse HEAD)) at $out"
