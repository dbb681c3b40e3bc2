package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
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

// serveForTests serves the provider as the binary does: lean, unless a
// TF_LOG* variable asks for logs (TF_LOG=debug go test ... shows them).
var serveForTests = server.New(New("test"), !server.LogsRequested())

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
	if emu != nil {
		if err := startTrustedCAs(filepath.Join(dir, "ca-bundle.pem"), emu.CAPEM()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
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

// errNoEmulator fails a check that reads the emulator's tenant in a run
// against a real one, which would otherwise assert nothing; such a test
// calls requireEmulator, and skips there with the reason.
var errNoEmulator = errors.New("this check reads the emulator's tenant, which a run against a real tenant (B2B_ACC_REAL=1) does not have: the test must call requireEmulator")

// emulatorCheck runs a Go check against the emulator's tenant as a state
// check, so each step proves what Graph now holds as well as what Terraform
// recorded.
type emulatorCheck func() error

func (f emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if emu == nil {
		resp.Error = errNoEmulator
		return
	}
	if err := f(); err != nil {
		resp.Error = err
	}
}

// resolveConfig: the block wins over the environment, and everything
// missing is named in one diagnostic.
func TestResolveConfig(t *testing.T) {
	for _, v := range []string{"ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_ENVIRONMENT", "ARM_USE_OIDC", "ARM_USE_MSI", "ARM_USE_CLI",
		"ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE", "ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH", "ARM_OIDC_REQUEST_URL", "ARM_OIDC_REQUEST_TOKEN",
		"ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
		"ARM_CLIENT_ID_FILE_PATH", "ARM_CLIENT_SECRET_FILE_PATH", "ARM_METADATA_HOSTNAME", "ARM_MSI_ENDPOINT", "ARM_USE_AKS_WORKLOAD_IDENTITY",
		"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "ARM_PARTNER_ID", "B2B_AUTHORITY_HOST", "B2B_GRAPH_ENDPOINT"} {
		t.Setenv(v, "")
	}
	dir := t.TempDir()
	writeFile := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	idFile := writeFile("client-id", "c-from-file\n")
	secretFile := writeFile("client-secret", "secret-from-file-7Hq\n")
	const secretInEnv = "secret-in-env-Zp4"
	cliInstalled := false
	azureCLIInstalled = func() bool { return cliInstalled }
	t.Cleanup(func() { azureCLIInstalled = func() bool { return false } })
	cases := map[string]struct {
		env     map[string]string
		block   providerModel
		cli     bool
		ok      bool
		missing []string
		check   func(graph.Config) bool
	}{
		"azuread's cloud names": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_ENVIRONMENT": "usgovernmentl4"}, ok: true,
			check: func(c graph.Config) bool {
				cl, ok := graph.LookupCloud(c.Environment)
				return ok && cl.GraphEndpoint == "https://graph.microsoft.us"
			}},
		"azuread's dod": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_ENVIRONMENT": "DoD"}, ok: true,
			check: func(c graph.Config) bool {
				cl, ok := graph.LookupCloud(c.Environment)
				return ok && cl.GraphEndpoint == "https://dod-graph.microsoft.us"
			}},
		"client id and secret from files": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID_FILE_PATH": idFile, "ARM_CLIENT_SECRET_FILE_PATH": secretFile}, ok: true,
			check: func(c graph.Config) bool {
				return c.ClientID == "c-from-file" && c.Auth.ClientSecret == "secret-from-file-7Hq"
			}},
		"a secret file that disagrees": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": secretInEnv, "ARM_CLIENT_SECRET_FILE_PATH": secretFile}, ok: false,
			missing: []string{"client_secret and the contents of client_secret_file_path"}},
		"a client id file that is missing": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID_FILE_PATH": filepath.Join(dir, "nope"), "ARM_CLIENT_SECRET": "s"}, ok: false,
			missing: []string{"client_id_file_path"}},
		"AKS workload identity": {env: map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t",
			"AZURE_FEDERATED_TOKEN_FILE": "/var/run/secrets/azure/tokens/azure-identity-token", "AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/"}, ok: true,
			check: func(c graph.Config) bool {
				return c.ClientID == "c" && c.TenantID == "t" && c.Auth.UseOIDC && c.AuthorityHost == "https://login.microsoftonline.com/" &&
					c.Auth.OIDCTokenFilePath == "/var/run/secrets/azure/tokens/azure-identity-token"
			}},
		"AKS workload identity without its token file": {env: map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t"}, ok: false,
			missing: []string{"an OIDC token source", "AZURE_FEDERATED_TOKEN_FILE"}},
		"AKS client id that disagrees": {env: map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "ARM_CLIENT_ID": "c", "AZURE_CLIENT_ID": "other", "AZURE_TENANT_ID": "t",
			"AZURE_FEDERATED_TOKEN_FILE": "/f"}, ok: false, missing: []string{"client_id differs from the AZURE_CLIENT_ID"}},
		"the Azure CLI by default where it is installed": {env: map[string]string{"ARM_TENANT_ID": "t"}, cli: true, ok: true,
			check: func(c graph.Config) bool { return c.Auth.UseCLI }},
		"the Azure CLI turned off": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_USE_CLI": "false"}, cli: true, ok: false,
			missing: []string{"use_cli, which is set to false"}},
		"no Azure CLI on PATH": {env: map[string]string{"ARM_TENANT_ID": "t"}, ok: false,
			missing: []string{"needs the Azure CLI `az` on PATH"}},
		"a metadata host with a path": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_METADATA_HOSTNAME": "management.azure.com/metadata"}, ok: false,
			missing: []string{"metadata_host"}},
		"everything missing": {ok: false, missing: []string{"tenant_id", "client_id", "a credential"}},
		"a secret from the environment": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s"}, ok: true,
			check: func(c graph.Config) bool { return c.TenantID == "t" && c.Auth.ClientSecret == "s" }},
		"the block wins": {env: map[string]string{"ARM_TENANT_ID": "env", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s"},
			block: providerModel{TenantID: types.StringValue("block")}, ok: true,
			check: func(c graph.Config) bool { return c.TenantID == "block" }},
		"managed identity needs no client id": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_USE_MSI": "true"}, ok: true,
			check: func(c graph.Config) bool { return c.Auth.UseMSI }},
		"OIDC without a token source": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_USE_OIDC": "true"}, ok: false,
			missing: []string{"an OIDC token source"}},
		"GitHub Actions' variables": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_USE_OIDC": "true",
			"ACTIONS_ID_TOKEN_REQUEST_URL": "https://token.example", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x"}, ok: true,
			check: func(c graph.Config) bool { return c.Auth.OIDCRequestURL == "https://token.example" }},
		"an unknown cloud": {env: map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_ENVIRONMENT": "mars"}, ok: false,
			missing: []string{"Unknown environment"}},
	}
	for name, c := range cases {
		for k, v := range c.env {
			t.Setenv(k, v)
		}
		cliInstalled = c.cli
		var diags diag.Diagnostics
		cfg, ok := resolveConfig(c.block, "test", &diags)
		if ok != c.ok {
			t.Errorf("%s: ok = %v, want %v (%v)", name, ok, c.ok, diags)
		}
		text := fmt.Sprint(diags)
		for _, m := range c.missing {
			if !strings.Contains(text, m) {
				t.Errorf("%s: the diagnostics do not name %q: %s", name, m, text)
			}
		}
		for _, secret := range []string{"secret-from-file-7Hq", secretInEnv} {
			if strings.Contains(text, secret) {
				t.Errorf("%s: a diagnostic echoes a secret: %s", name, text)
			}
		}
		if c.missing != nil && len(diags.Errors()) != 1 {
			t.Errorf("%s: %d error diagnostics, want one that names everything", name, len(diags.Errors()))
		}
		if c.check != nil && !c.check(cfg) {
			t.Errorf("%s: config %+v", name, cfg)
		}
		for k := range c.env {
			t.Setenv(k, "")
		}
	}
}
