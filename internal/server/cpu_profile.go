package server

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// cpuProfileDirEnv names a directory where each provider process writes a
// CPU profile of its whole life, as provider-<pid>.pprof, and a profile of
// what it allocated, as provider-<pid>.allocs.pprof, for `make bench
// BENCH_ARGS=-cpuprofile=DIR` and anyone who wants to see where a slow plan
// spends the provider's time. Unset, nothing is profiled.
const cpuProfileDirEnv = "B2B_CPUPROFILE_DIR"

// startCPUProfile starts profiling when asked to, and returns what stops it
// and writes the profile out.
func startCPUProfile() func() {
	dir := os.Getenv(cpuProfileDirEnv)
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("provider-%d.pprof", os.Getpid())))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
		if a, err := os.Create(filepath.Join(dir, fmt.Sprintf("provider-%d.allocs.pprof", os.Getpid()))); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(a, 0)
			_ = a.Close()
		}
	}
}
