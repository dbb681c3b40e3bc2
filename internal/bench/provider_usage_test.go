package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

func TestStatParentSkipsTheCommandName(t *testing.T) {
	stat := "4242 (terraform-provi) 1) S 977 4242 4242 0 -1 4194560"
	if got := statParent(stat); got != 977 {
		t.Fatalf("statParent = %d, want 977", got)
	}
	if got := statParent("4242 (broken"); got != -1 {
		t.Fatalf("statParent of a malformed line = %d, want -1", got)
	}
}

// Only the providers of the watched terraform count: a provider process
// with another parent is skipped.
func TestProviderProcessesAreThoseOfTheParent(t *testing.T) {
	// The test binary itself poses as the provider: copied under a
	// provider's name, it only waits (see TestMain).
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binary, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(t.TempDir(), "terraform-provider-fake")
	if err := os.WriteFile(fake, binary, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(fake)
	cmd.Env = append(os.Environ(), fakeProviderEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	pid := strconv.Itoa(cmd.Process.Pid)
	deadline := time.Now().Add(2 * time.Second)
	for {
		if _, ok := providerProcesses(os.Getpid(), map[string]bool{})[pid]; ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child provider of this process was not found")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, ok := providerProcesses(os.Getppid(), map[string]bool{})[pid]; ok {
		t.Fatal("a provider of another parent was counted")
	}
}
