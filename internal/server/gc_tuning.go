package server

import (
	"os"
	"runtime/debug"
)

// Once the framework no longer keeps every RPC's context (leanServer), the
// provider's live heap is small, and a plan spends most of its allocations
// on short-lived protocol conversions, so collecting less often buys wall
// time for a little more memory. The live heap still grows with the guests
// of one run (the plan's record of which resource holds which guest), and
// a soft limit close to it makes the collector run without pause, as a
// plan importing thousands of guests showed; the limit leaves that
// headroom and still caps a runaway heap. GOGC and GOMEMLIMIT, when set,
// win.
const (
	gcPercent   = 400
	memoryLimit = 512 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
