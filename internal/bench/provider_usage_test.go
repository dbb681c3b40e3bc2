package main

import (
	"testing"
	"time"
)

func TestStatCPUCountsAfterTheCommandName(t *testing.T) {
	// A command name may hold spaces and parentheses; the fields that
	// follow it are what count. utime 250 and stime 31 ticks.
	stat := "4242 (terraform-provi) x) S 1 4242 4242 0 -1 4194560 812 0 0 0 250 31 0 0 20 0 9 0 123 456 789"
	if got, want := statCPU(stat), 2810*time.Millisecond; got != want {
		t.Fatalf("statCPU = %v, want %v", got, want)
	}
	if got := statCPU("4242 no parenthesis"); got != 0 {
		t.Fatalf("statCPU of a malformed line = %v, want 0", got)
	}
}

func TestStatusKBReadsTheNamedLine(t *testing.T) {
	status := "Name:\tterraform-provi\nVmPeak:\t  900000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   80000 kB\n"
	if got := statusKB(status, "VmHWM:"); got != 81234 {
		t.Fatalf("VmHWM = %d, want 81234", got)
	}
	if got := statusKB(status, "VmSwap:"); got != 0 {
		t.Fatalf("a missing line = %d, want 0", got)
	}
}
