package provider

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
	"github.com/b2b-guests/terraform-provider-b2b/internal/testcert"
)

// azureadPipeline is a pipeline that runs the azuread provider today: its
// provider block and the environment that azuread's docs tell users to
// set. The docs' azuread table is checked against what these cases set
// (TestDocsAzureADTable).
type azureadPipeline struct {
	name  string
	block string
	env   func(t *testing.T, dir string) []string
	// noNewToken is set where the token comes from a tool's own cache (the
	// Azure CLI), so the emulator's token endpoint is not called.
	noNewToken bool
	// userAgentHas is what some request's User-Agent must carry.
	userAgentHas string
}

// credentialVars are every variable any credential reads; each case starts
// with all of them empty, so that it reaches Graph by its own settings or
// not at all.
var credentialVars = []string{
	"ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_ID_FILE_PATH", "ARM_CLIENT_SECRET", "ARM_CLIENT_SECRET_FILE_PATH",
	"ARM_CLIENT_CERTIFICATE", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_ENVIRONMENT", "ARM_METADATA_HOSTNAME",
	"ARM_USE_OIDC", "ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH", "ARM_OIDC_REQUEST_URL", "ARM_OIDC_REQUEST_TOKEN",
	"ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
	"SYSTEM_ACCESSTOKEN", "SYSTEM_OIDCREQUESTURI", "ARM_USE_MSI", "ARM_MSI_ENDPOINT", "ARM_USE_CLI", "ARM_USE_AKS_WORKLOAD_IDENTITY",
	"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "ARM_PARTNER_ID", "ARM_DISABLE_TERRAFORM_PARTNER_ID",
	"B2B_GRAPH_ENDPOINT", "B2B_AUTHORITY_HOST",
}

var (
	pipelineClientID = seed.App("terraform-b2b").ClientID
	pipelineSecret   = seed.App("terraform-b2b").Secrets[0]
)

const pipelinePartner = "5c3f1b2a-9d4e-4f60-8a7b-1c2d3e4f5a6b"

// azureadPipelines are the cases, reaching the emulator e.
func azureadPipelines(e *graphemu.Server) []azureadPipeline {
	tenant := e.TenantID()
	u, _ := url.Parse(e.URL())
	// Every case reaches the emulator the way a private cloud is reached
	// with azuread: through its metadata host.
	cloud := "ARM_METADATA_HOSTNAME=" + u.Host
	app := []string{"ARM_TENANT_ID=" + tenant, "ARM_CLIENT_ID=" + pipelineClientID}
	with := func(base []string, more ...string) []string { return append(append([]string{cloud}, base...), more...) }
	write := func(t *testing.T, path string, data []byte) string {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	federated := func(t *testing.T, subject string) string {
		tok, err := e.FederatedToken(subject)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	return []azureadPipeline{
		{name: "client secret",
			env: func(*testing.T, string) []string { return with(app, "ARM_CLIENT_SECRET="+pipelineSecret) }},
		{name: "client id and secret from files",
			env: func(t *testing.T, dir string) []string {
				return with([]string{"ARM_TENANT_ID=" + tenant},
					"ARM_CLIENT_ID_FILE_PATH="+write(t, filepath.Join(dir, "client-id"), []byte(pipelineClientID+"\n")),
					"ARM_CLIENT_SECRET_FILE_PATH="+write(t, filepath.Join(dir, "client-secret"), []byte(pipelineSecret+"\n")))
			}},
		{name: "certificate file",
			env: func(t *testing.T, dir string) []string {
				certPEM, keyPEM := testcert.SelfSigned(t)
				e.AddAppCertificate(pipelineClientID, string(certPEM))
				return with(app, "ARM_CLIENT_CERTIFICATE_PATH="+write(t, filepath.Join(dir, "app.pem"), append(certPEM, keyPEM...)))
			}},
		{name: "certificate inline, with a password",
			env: func(t *testing.T, _ string) []string {
				pfx := passwordPFX(t, e, "pfx-password")
				return with(app, "ARM_CLIENT_CERTIFICATE="+base64.StdEncoding.EncodeToString(pfx), "ARM_CLIENT_CERTIFICATE_PASSWORD=pfx-password")
			}},
		{name: "OIDC token", block: "use_oidc = true",
			env: func(t *testing.T, _ string) []string {
				return with(app, "ARM_OIDC_TOKEN="+federated(t, "repo:b2b-guests/pipeline:ref:refs/heads/main"))
			}},
		{name: "OIDC token file",
			env: func(t *testing.T, dir string) []string {
				tok := federated(t, "repo:b2b-guests/pipeline:ref:refs/heads/main")
				return with(app, "ARM_USE_OIDC=true", "ARM_OIDC_TOKEN_FILE_PATH="+write(t, filepath.Join(dir, "token"), []byte(tok)))
			}},
		{name: "GitHub Actions", block: "use_oidc = true",
			env: func(*testing.T, string) []string {
				return with(app, "ACTIONS_ID_TOKEN_REQUEST_URL="+e.URL()+"/_emulator/oidc/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN=gh-request-token")
			}},
		{name: "GitHub Actions, azuread's own variables", block: "use_oidc = true",
			env: func(*testing.T, string) []string {
				return with(app, "ARM_OIDC_REQUEST_URL="+e.URL()+"/_emulator/oidc/token", "ARM_OIDC_REQUEST_TOKEN=gh-request-token")
			}},
		{name: "Azure Pipelines", block: "use_oidc = true",
			env: func(*testing.T, string) []string {
				return with(app, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID=emulator", "SYSTEM_ACCESSTOKEN=ado-job-token",
					"SYSTEM_OIDCREQUESTURI="+e.URL()+"/_emulator/ado/oidctoken")
			}},
		{name: "Azure Pipelines, the older variable",
			env: func(*testing.T, string) []string {
				return with(app, "ARM_USE_OIDC=true", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID=emulator", "SYSTEM_ACCESSTOKEN=ado-job-token",
					"SYSTEM_OIDCREQUESTURI="+e.URL()+"/_emulator/ado/oidctoken")
			}},
		{name: "managed identity", block: "use_msi = true",
			env: func(*testing.T, string) []string {
				return with([]string{"ARM_TENANT_ID=" + tenant}, "ARM_MSI_ENDPOINT="+e.URL()+"/metadata/identity/oauth2/token")
			}},
		{name: "managed identity from the environment",
			env: func(*testing.T, string) []string {
				return with([]string{"ARM_TENANT_ID=" + tenant}, "ARM_USE_MSI=true", "ARM_MSI_ENDPOINT="+e.URL()+"/metadata/identity/oauth2/token")
			}},
		{name: "AKS workload identity", block: "use_aks_workload_identity = true",
			env: func(t *testing.T, dir string) []string {
				tok := federated(t, "system:serviceaccount:b2b:terraform")
				return with(nil, "AZURE_CLIENT_ID="+pipelineClientID, "AZURE_TENANT_ID="+tenant,
					"AZURE_FEDERATED_TOKEN_FILE="+write(t, filepath.Join(dir, "azure-identity-token"), []byte(tok)), "AZURE_AUTHORITY_HOST="+e.URL()+"/")
			}},
		{name: "Azure CLI by default", noNewToken: true,
			env: func(t *testing.T, dir string) []string {
				return with([]string{"ARM_TENANT_ID=" + tenant}, "PATH="+fakeAzureCLI(t, e, dir)+string(os.PathListSeparator)+os.Getenv("PATH"))
			}},
		{name: "Azure CLI, asked for", noNewToken: true,
			env: func(t *testing.T, dir string) []string {
				return with([]string{"ARM_TENANT_ID=" + tenant}, "ARM_USE_CLI=true", "PATH="+fakeAzureCLI(t, e, dir)+string(os.PathListSeparator)+os.Getenv("PATH"))
			}},
		{name: "AKS workload identity from the environment",
			env: func(t *testing.T, dir string) []string {
				tok := federated(t, "system:serviceaccount:b2b:terraform")
				return with(nil, "ARM_USE_AKS_WORKLOAD_IDENTITY=true", "AZURE_CLIENT_ID="+pipelineClientID, "AZURE_TENANT_ID="+tenant,
					"AZURE_FEDERATED_TOKEN_FILE="+write(t, filepath.Join(dir, "azure-identity-token"), []byte(tok)), "AZURE_AUTHORITY_HOST="+e.URL()+"/")
			}},
		{name: "environment by azuread's name",
			env: func(*testing.T, string) []string {
				// The endpoints are overridden, as for the emulator, and the
				// alias still decides the token's scope.
				return append(app, "ARM_CLIENT_SECRET="+pipelineSecret, "ARM_ENVIRONMENT=usgovernmentl4",
					"B2B_GRAPH_ENDPOINT="+e.GraphEndpoint(), "B2B_AUTHORITY_HOST="+e.URL())
			}},
		{name: "partner id", block: "disable_terraform_partner_id = true", userAgentHas: "pid-" + pipelinePartner,
			env: func(*testing.T, string) []string {
				return with(app, "ARM_CLIENT_SECRET="+pipelineSecret, "ARM_PARTNER_ID="+pipelinePartner)
			}},
	}
}

// TestAccAzureADPipelines configures the provider the way each kind of
// azuread pipeline does, with the same provider block (but for its name) and
// the same environment, and invites a guest through it. Each case has an
// emulator of its own, so that the tokens it counts and the certificates it
// adds to the app are its own, and the cases run side by side.
func TestAccAzureADPipelines(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the pipelines are run only in acceptance runs")
	}
	requireEmulator(t)
	t.Parallel()
	for i, named := range azureadPipelines(emu) {
		t.Run(named.name, func(t *testing.T) {
			t.Parallel()
			e := ownEmulator(t, graphemu.Options{})
			p := azureadPipelines(e)[i]
			run := newExampleRun(t)
			run.against(e)
			for _, v := range credentialVars {
				run.env = append(run.env, v+"=")
			}
			run.env = append(run.env, p.env(t, run.dir)...)
			email := fmt.Sprintf("azuread.pipeline%d.%d@partner.example", i, time.Now().UnixNano()%1_000_000_000)
			cfg := fmt.Sprintf("provider \"b2b\" {\n  %s\n}\n\nresource \"b2b_invitation\" \"guest\" {\n  email        = %q\n  redirect_url = \"https://myapps.microsoft.com\"\n}\n", p.block, email)
			if err := os.WriteFile(filepath.Join(run.dir, "main.tf"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			tokens := e.Stats().Tokens
			run.must("apply", "-auto-approve", "-input=false", "-no-color")
			if n := len(e.UsersByEmail(email)); n != 1 {
				t.Fatalf("%d users for %s after apply, want 1", n, email)
			}
			if !p.noNewToken && e.Stats().Tokens == tokens {
				t.Fatal("the emulator issued no token: the guest was not invited with this case's credential")
			}
			if p.noNewToken {
				if _, err := os.Stat(filepath.Join(run.dir, "bin", "called")); err != nil {
					t.Fatal("the Azure CLI stand-in was never asked for a token")
				}
			}
			if p.userAgentHas != "" && !userAgentSeen(e, p.userAgentHas) {
				t.Fatal("no request carried " + p.userAgentHas)
			}
		})
	}
}

func userAgentSeen(e *graphemu.Server, part string) bool {
	for ua := range e.Stats().UserAgents {
		if strings.Contains(ua, part) {
			return true
		}
	}
	return false
}

// passwordPFX is the seeded app's new certificate as a password-protected
// PKCS#12 bundle, the form azuread's client_certificate takes.
func passwordPFX(t *testing.T, e *graphemu.Server, password string) []byte {
	t.Helper()
	certPEM, keyPEM := testcert.SelfSigned(t)
	e.AddAppCertificate(pipelineClientID, string(certPEM))
	block, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := pem.Decode(keyPEM)
	key, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pfx, err := pkcs12.LegacyDES.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}

// fakeAzureCLI writes an `az` that answers `az account get-access-token`
// as the real CLI does, with a token the emulator issued for the seeded
// app, and returns its directory for PATH. The emulator's Graph takes app
// tokens only, so the stand-in signs in as the app rather than a user.
func fakeAzureCLI(t *testing.T, e *graphemu.Server, dir string) string {
	t.Helper()
	tok, err := e.AccessToken(pipelineClientID)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	expires := time.Now().Add(50 * time.Minute)
	answer := fmt.Sprintf(`{"accessToken": %q, "expiresOn": %q, "expires_on": %d, "subscription": "", "tenant": %q, "tokenType": "Bearer"}`,
		tok, expires.Format("2006-01-02 15:04:05.000000"), expires.Unix(), e.TenantID())
	script := "#!/bin/sh\ncase \"$*\" in\n  *get-access-token*) touch \"$(dirname \"$0\")/called\"; cat <<'EOF'\n" + answer + "\nEOF\n  ;;\n  *) echo \"az stand-in: $*\" >&2; exit 2 ;;\nesac\n"
	if err := os.WriteFile(filepath.Join(bin, "az"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}
