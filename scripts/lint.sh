#!/usr/bin/env bash
# make lint: golangci-lint v2, installed into .tools/ from the Go module proxy
# on first use, so that a fresh machine needs nothing installed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v2.15.0
bin=$PWD/.tools/golangci-lint
if ! [ -x "$bin" ] || ! "$bin" version 2>/dev/null | grep -q "${version#v}"; then
  GOBIN=$PWD/.tools go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
fi
# Two cores and msgraph-sdk-go's size: one package at a time keeps memory sane.
"$bin" run --concurrency 2 --timeout 20m ./...
