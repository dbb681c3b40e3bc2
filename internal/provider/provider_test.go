package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
	"github.com/b2b-guests/terraform-provider-b2b/internal/server"
)

// testAccProtoV6ProviderFactories serves the provider in-process, so the
// real terraform binary drives it with no install step. It goes through the
// binary's own serving path, lean wrapper included, so that what is tested is
// what ships.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"b2b": func() (tfprotov6.ProviderServer, error) { return serveForTests(), nil },
}

var serveForTests = server.New(New("test"), true)

// emu is the Graph the acceptance tests run against. With B2B_ACC_REAL=1 the
// tests use the ARM_* environment and a real tenant instead, and the checks
// on the emulator's tenant are skipped.
var emu *graphemu.Server

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv("B2B_ACC_REAL") == "" {
		var err error
		emu, err = graphemu.Start(graphemu.Options{PageSize: 2})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer emu.Close()
		for k, v := range emu.Env() {
			os.Setenv(k, v)
		}
	}
	// The machine's environment may name a CLI config file that does not
	// exist; Terraform warns about it, so the tests bring their own.
	dir, err := os.MkdirTemp("", "b2b-acc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	// The examples name the provider by its registry address.
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "b2b-guests")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	return m.Run()
}

func testAccPreCheck(t *testing.T) {
	t.Helper()
	for _, v := range []string{"ARM_TENANT_ID", "ARM_CLIENT_ID"} {
		if os.Getenv(v) == "" {
			t.Fatalf("%s must be set for acceptance tests", v)
		}
	}
}

// requireEmulator skips a test that needs the emulator's knobs when the
// suite runs against a real tenant (B2B_ACC_REAL=1).
func requireEmulator(t *testing.T) {
	t.Helper()
	if emu == nil {
		t.Skip("B2B_ACC_REAL=1: this test needs the emulator's fault knobs")
	}
}

// emulatorCheck runs a Go check against the emulator's tenant as a state
// check, so each step proves what Graph now holds as well as what Terraform
// recorded.
type emulatorCheck func() error

func (f emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if emu == nil {
		return
	}
	if err := f(); err != nil {
		resp.Error = err
	}
}
