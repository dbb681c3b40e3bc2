#!/usr/bin/env bash
# Starts the Graph emulator in the background and waits until it has written
# its environment file. Usage: start-emulator.sh STATE_DIR [graphemu flags…]
# It prints the emulator's pid; STATE_DIR/env holds the export lines.
set -euo pipefail
dir=$1
shift
mkdir -p "$dir"
rm -f "$dir/env"
go build -o "$dir/graphemu" ./internal/graphemu/cmd/graphemu
"$dir/graphemu" -state-dir "$dir" -env-file "$dir/env" "$@" >"$dir/graphemu.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  [ -s "$dir/env" ] && { echo "$pid"; exit 0; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "graphemu did not start; its log:" >&2
cat "$dir/graphemu.log" >&2
exit 1
