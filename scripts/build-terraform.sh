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
# backend and the http backend only, so the CLI they get behaves as the
# released one does.
#
# TF_BUILD_PPROF=1 adds a CPU profiler to the CLI, for finding where
# Terraform's own time goes (the bench's large applies): run the binary with
# TF_CPUPROFILE=FILE and it writes a profile of the whole run there, which
# `go tool pprof -top -cum FILE` reads. Terraform's main ends in
# os.Exit(realMain()), which skips deferred calls, so main.go is patched to
# stop the profile before it exits.
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

if [ "${TF_BUILD_PPROF:-}" = 1 ]; then
  grep -qxF $'\tos.Exit(realMain())' main.go || { echo "main.go of $version does not end in os.Exit(realMain()); the profiler cannot be added" >&2; exit 1; }
  sed -i 's/^\tos.Exit(realMain())$/\tos.Exit(stopCPUProfile(realMain()))/' main.go
  cat >cpuprofile.go <<'GO'
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// cpuProfile is the file the profile of this run goes to, when
// TF_CPUPROFILE names one.
var cpuProfile *os.File

func init() {
	path := os.Getenv("TF_CPUPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "TF_CPUPROFILE: %v\n", err)
		return
	}
	cpuProfile = f
}

func stopCPUProfile(code int) int {
	if cpuProfile != nil {
		pprof.StopCPUProfile()
		_ = cpuProfile.Close()
	}
	return code
}
GO
fi

# dev=no drops the "-dev" mark a source build otherwise carries.
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out" .
"$out" version
