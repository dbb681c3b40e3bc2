#!/usr/bin/env bash
# scripts/build-terraform.sh VERSION OUT: builds the Terraform CLI from the Go
# module proxy, for machines that lack one (downloading a release binary is
# not possible everywhere this runs).
#
# `go install` refuses Terraform's module because of its replace directives,
# so the module's source is copied out and built in place. Two things in that
# source do not build as published:
#   - go.mod sets `godebug tlskyber=0`, a setting newer Go releases no longer
#     know, and they refuse the whole go.mod for it;
#   - the remote-state backends (azurerm, consul, cos, gcs, kubernetes, oss,
#     pg, s3) are nested modules, which a module zip never contains, while
#     go.mod points replace directives at their folders.
# The build drops that setting and those backends. Our tests use the local
# backend only, so the CLI they get behaves as the released one does.
set -euo pipefail
version=${1:?version, such as v1.11.4}
out=${2:?output path of the binary}
# The build runs in a temporary copy of the source; a relative path would
# put the binary there, and it would go with the copy.
out=$(realpath -m -- "$out")

dir=$(go mod download -json "github.com/hashicorp/terraform@$version" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cp -r "$dir/." "$src"
chmod -R u+w "$src"
cd "$src"

sed -i '/^godebug tlskyber/d' go.mod
nested=$(sed -n 's#^replace \(github.com/hashicorp/terraform/[^ ]*\) => \./\(.*\)$#\1 \2#p' go.mod)
while read -r module folder; do
  [ -n "$module" ] && [ ! -e "$folder/go.mod" ] || continue
  sed -i "\#^replace $module =>#d" go.mod
  alias=$(sed -n "s#^\t\([A-Za-z0-9_]*\) \"$module\"\$#\1#p" internal/backend/init/init.go)
  sed -i "\#\"$module\"\$#d" internal/backend/init/init.go
  if [ -n "$alias" ]; then
    sed -i "/$alias\.New()/d" internal/backend/init/init.go
  fi
done <<<"$nested"

# dev=no drops the "-dev" mark a source build otherwise carries.
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out" .
"$out" version
