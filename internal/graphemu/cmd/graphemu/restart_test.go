package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startCommand starts the built graphemu and waits for its environment
// file, which it writes once it serves; it returns the process, the file
// its output goes to (a file, so that reading it races no copy), and the
// variables.
func startCommand(t *testing.T, bin, dir string, args ...string) (*exec.Cmd, string, map[string]string) {
	t.Helper()
	envFile := filepath.Join(dir, "env")
	_ = os.Remove(envFile)
	cmd := exec.Command(bin, append([]string{"-state-dir", dir, "-env-file", envFile}, args...)...)
	logPath := filepath.Join(t.TempDir(), "graphemu.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = log.Close() })
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for range 200 {
		data, _ := os.ReadFile(envFile)
		if bytes.Contains(data, []byte("SSL_CERT_FILE")) {
			env := map[string]string{}
			for _, line := range strings.Split(string(data), "\n") {
				if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok {
					env[k] = strings.Trim(v, `"`)
				}
			}
			return cmd, logPath, env
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, _ := os.ReadFile(logPath)
	t.Fatalf("graphemu wrote no environment file:\n%s", out)
	return nil, "", nil
}

// On SIGTERM the command stops cleanly, and started again on its state
// directory it says it restored the tenant, serves that tenant rather
// than the seed it is given, listens where it did, and goes on from the
// clock the rehearsal moved.
func TestSIGTERMKeepsTheTenantForTheNextStart(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "graphemu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	state := filepath.Join(dir, "emu")
	first, _, env := startCommand(t, bin, state)
	for k, v := range env {
		t.Setenv(k, v)
	}
	var moved bytes.Buffer
	if _, err := runControl([]string{"clock", "advance", "400d"}, &moved); err != nil {
		t.Fatal(err)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("graphemu did not stop cleanly on SIGTERM: %v", err)
	}
	if _, err := os.Stat(filepath.Join(state, "tenant.json")); err != nil {
		t.Fatal(err)
	}

	// Another tenant's seed, as a pipeline that repeats its command line
	// gives it: the saved tenant wins.
	_, logPath, again := startCommand(t, bin, state, "-seed", filepath.Join("..", "..", "..", "..", "examples", "rehearsal", "seed.json"))
	// The banner is printed before the environment file is written.
	if out, _ := os.ReadFile(logPath); !strings.Contains(string(out), "restored from:  "+filepath.Join(state, "tenant.json")) {
		t.Errorf("the banner does not say the tenant was restored:\n%s", out)
	}
	if again["ARM_TENANT_ID"] != env["ARM_TENANT_ID"] {
		t.Errorf("the restart serves tenant %s, not the saved %s", again["ARM_TENANT_ID"], env["ARM_TENANT_ID"])
	}
	if again["B2B_AUTHORITY_HOST"] != env["B2B_AUTHORITY_HOST"] {
		t.Errorf("the restart listens at %s, not at %s", again["B2B_AUTHORITY_HOST"], env["B2B_AUTHORITY_HOST"])
	}
	for k, v := range again {
		t.Setenv(k, v)
	}
	var now bytes.Buffer
	if _, err := runControl([]string{"clock"}, &now); err != nil {
		t.Fatal(err)
	}
	before, _ := time.Parse(time.RFC3339, strings.TrimSpace(strings.TrimPrefix(moved.String(), "the tenant's clock now reads ")))
	after, _ := time.Parse(time.RFC3339, strings.TrimSpace(now.String()))
	if after.Before(before) {
		t.Errorf("the clock went back across the restart: %s, then %s", before, after)
	}
}
