package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
	"github.com/b2b-guests/terraform-provider-b2b/internal/testcert"
)

const signInConfig = `
provider "b2b" {}

resource "b2b_invitation" "pat" {
  email        = "pat@partner.example"
  redirect_url = "https://myapps.microsoft.com"
}
`

// A credential that Entra ID refuses fails `terraform plan` for a
// configuration with only creates, which reads nothing from Graph, with
// Entra's own error; it used to pass the plan and fail the apply.
func TestAccProviderSignIn_refusedCredentialFailsThePlan(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{})
	strange, err := e.FederatedToken("repo:someone-else/pipeline:ref:refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certPEM, keyPEM := testcert.SelfSigned(t) // never added to the app
	certPath := filepath.Join(dir, "other.pem")
	if err := os.WriteFile(certPath, append(certPEM, keyPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"wrong client secret", []string{"ARM_CLIENT_SECRET=not-the-secret"},
			"AADSTS7000215: Invalid client secret provided."},
		{"certificate the app does not have", []string{"ARM_CLIENT_SECRET=", "ARM_CLIENT_CERTIFICATE_PATH=" + certPath},
			"AADSTS700027"},
		{"federated token of another subject", []string{"ARM_CLIENT_SECRET=", "ARM_USE_OIDC=true", "ARM_OIDC_TOKEN=" + strange},
			"AADSTS700213: No matching federated identity record found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := newExampleRun(t)
			run.against(e)
			run.env = append(run.env, tc.env...)
			writeFile(t, filepath.Join(run.dir, "main.tf"), signInConfig)
			for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}} {
				out, code := run.terraform(append(cmd, "-input=false", "-no-color")...)
				if code == 0 {
					t.Fatalf("terraform %s passed with a refused credential:\n%s", cmd[0], out)
				}
				flat := strings.Join(strings.Fields(out), " ")
				for _, want := range []string{"Error: Cannot sign in to Microsoft Entra ID", tc.want} {
					if !strings.Contains(flat, want) {
						t.Errorf("terraform %s does not say %q:\n%s", cmd[0], want, out)
					}
				}
				if strings.Contains(out, "not-the-secret") || strings.Contains(out, strange) {
					t.Errorf("terraform %s printed the credential:\n%s", cmd[0], out)
				}
			}
			if n := e.Stats().Invitations; n != 0 {
				t.Errorf("%d invitations were sent", n)
			}
		})
	}
}

// Signing in at configure costs one token request per Terraform run, the
// one that a refresh needed anyway: the credential's cache serves every
// Graph request after it.
func TestAccProviderSignIn_oneTokenPerRun(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{})
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), signInConfig)
	tokensFor := func(args ...string) int {
		t.Helper()
		e.ResetStats()
		run.must(append(args, "-input=false", "-no-color")...)
		return e.Stats().Tokens
	}
	if n := tokensFor("plan"); n != 1 {
		t.Errorf("a plan with only creates took %d tokens, want 1", n)
	}
	if n := tokensFor("apply", "-auto-approve"); n != 2 {
		t.Errorf("an apply (its plan, then the apply itself) took %d tokens, want 2", n)
	}
	t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	if n := tokensFor("plan"); n != 1 {
		t.Errorf("a plan that refreshes the guest took %d tokens, want 1", n)
	}
}

// A tenant_id that names no tenant is refused by Entra ID's token endpoint
// when the provider signs in, not by Microsoft Graph: the error says so,
// names the setting to check, and fails the plan before anything is sent
// to Graph.
func TestAccProviderSignIn_unknownTenantNamesTheTokenEndpoint(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{})
	const wrongTenant = "0badc0de-0000-4000-8000-00000000dead"
	run := newExampleRun(t)
	run.against(e)
	run.env = append(run.env, "ARM_TENANT_ID="+wrongTenant)
	writeFile(t, filepath.Join(run.dir, "main.tf"), signInConfig)
	secret := e.Env()["ARM_CLIENT_SECRET"]
	for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}} {
		out, code := run.terraform(append(cmd, "-input=false", "-no-color")...)
		if code == 0 {
			t.Fatalf("terraform %s passed with an unknown tenant:\n%s", cmd[0], out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{
			"Error: Cannot sign in to Microsoft Entra ID",
			"Entra ID's token endpoint refused the sign-in (400 invalid_request): AADSTS90002: Tenant '" + wrongTenant + "' not found.",
			"Check tenant_id (or ARM_TENANT_ID)",
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("terraform %s does not say %q:\n%s", cmd[0], want, out)
			}
		}
		if strings.Contains(out, "Microsoft Graph answered") {
			t.Errorf("terraform %s blames Microsoft Graph for the sign-in:\n%s", cmd[0], out)
		}
		if secret == "" || strings.Contains(out, secret) {
			t.Errorf("terraform %s printed the client secret (or the test has none to look for):\n%s", cmd[0], out)
		}
	}
	if st := e.Stats(); st.Tokens != 0 || st.Invitations != 0 {
		t.Errorf("%d tokens issued, %d invitations sent", st.Tokens, st.Invitations)
	}
}
