package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// Ctrl-C during a plan whose refresh Graph keeps throttling ends the plan
// promptly: the provider's retries stop with the request that Terraform
// cancels, instead of going on until the five-minute read timeout.
func TestAccInterruptDuringThrottling(t *testing.T) {
	run := newExampleRun(t)
	resetFaultsAfter(t)
	var blocks string
	for i := range 3 {
		blocks += guestBlock(fmt.Sprintf("g%d", i), fmt.Sprintf("%d.%s", i, testEmail(t)))
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), blocks)
	run.applyThenEmptyPlan()

	emu.SetFaults(graphemu.Faults{ThrottleRate: 1, RetryAfter: time.Second})
	throttled := emu.Stats().Throttled
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "plan", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = run.dir, run.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	// Wait until the refresh is in the storm.
	for deadline := time.Now().Add(time.Minute); ; {
		if emu.Stats().Throttled > throttled+2 {
			break
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("the plan never met the throttling:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		t.Fatalf("the plan went on for 30 s after Ctrl-C:\n%s", out.String())
	}
	emu.SetFaults(graphemu.Faults{})
}
