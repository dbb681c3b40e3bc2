package provider

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/testcert"
)

// TestAccSecrets_neverLeak runs plan, apply and destroy with TF_LOG=trace
// for each credential kind, and scans every byte of output, the state file
// and the plan JSON for the credential, the access tokens and the redeem
// URL. The redeem URL may appear only as the state's sensitive value.
func TestAccSecrets_neverLeak(t *testing.T) {
	requireEmulator(t)
	const clientID = "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e"
	certPEM, keyPEM := testcert.SelfSigned(t)
	emu.AddAppCertificate(clientID, string(certPEM))
	oidcToken, err := emu.FederatedToken("repo:b2b-guests/pipeline:ref:refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	keyBody := strings.Join(strings.Split(strings.TrimSpace(string(keyPEM)), "\n")[1:3], "")

	cases := []struct {
		name    string
		env     func(dir string) []string
		secrets []string
	}{
		{"client secret", func(string) []string { return nil }, []string{os.Getenv("ARM_CLIENT_SECRET")}},
		{"client certificate", func(dir string) []string {
			p := filepath.Join(dir, "cert.pem")
			if err := os.WriteFile(p, append(certPEM, keyPEM...), 0o600); err != nil {
				t.Fatal(err)
			}
			return []string{"ARM_CLIENT_SECRET=", "ARM_CLIENT_CERTIFICATE_PATH=" + p}
		}, []string{keyBody, base64.StdEncoding.EncodeToString([]byte(keyBody))}},
		{"OIDC token", func(string) []string {
			return []string{"ARM_CLIENT_SECRET=", "ARM_USE_OIDC=true", "ARM_OIDC_TOKEN=" + oidcToken}
		}, []string{oidcToken}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := newExampleRun(t, "provider")
			run.env = append(run.env, "TF_LOG=trace")
			run.env = append(run.env, tc.env(run.dir)...)
			email := testEmail(t)
			cfg := invitationConfig(email, []string{groupEngineering}, []role{{portalSP, portalReader}}, `message = { body = "Welcome" }`)
			if err := os.WriteFile(filepath.Join(run.dir, "main.tf"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			tokensBefore := len(emu.IssuedTokens())
			var output strings.Builder
			output.WriteString(run.must("apply", "-auto-approve", "-input=false", "-no-color"))
			output.WriteString(run.must("plan", "-input=false", "-no-color", "-out=tfplan"))
			planJSON := run.stdout("show", "-json", "tfplan")
			state, err := os.ReadFile(filepath.Join(run.dir, "terraform.tfstate"))
			if err != nil {
				t.Fatal(err)
			}
			users := emu.UsersByEmail(email)
			if len(users) != 1 {
				t.Fatalf("%d users for %s", len(users), email)
			}
			redeemURL := users[0].RedeemURL
			output.WriteString(run.must("destroy", "-auto-approve", "-input=false", "-no-color"))

			tokens := emu.IssuedTokens()[tokensBefore:]
			if len(tokens) == 0 {
				t.Fatal("no token was issued: the scan proves nothing")
			}
			secrets := append(append([]string{redeemURL}, tc.secrets...), tokens...)
			if !strings.Contains(string(state), redeemURL) || !strings.Contains(string(state), `"redeem_url"`) {
				t.Fatal("the redeem URL is not in state at all: the scan of the state proves nothing")
			}
			scan(t, "terraform output and TF_LOG=trace logs", output.String(), secrets)
			scan(t, "the plan JSON (sensitive values removed)", withoutSensitive(t, planJSON), secrets)
			scan(t, "the state file (sensitive values removed)", withoutSensitive(t, string(state)), secrets)
			if !strings.Contains(planJSON, `"redeem_url":true`) {
				t.Fatal("the plan does not mark redeem_url sensitive")
			}
			t.Logf("scanned %d bytes of output and logs, %d of plan JSON and %d of state for %d secrets: none found",
				output.Len(), len(planJSON), len(state), len(secrets))
		})
	}
}

func scan(t *testing.T, where, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s holds a secret (%.12s…)", where, s)
		}
	}
}

// withoutSensitive drops the values of redeem_url, the one sensitive
// attribute the state legitimately holds, and re-encodes the rest.
func withoutSensitive(t *testing.T, doc string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var strip func(any) any
	strip = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "redeem_url" {
					if _, isBool := val.(bool); !isBool {
						delete(x, k)
						continue
					}
				}
				x[k] = strip(val)
			}
		case []any:
			for i := range x {
				x[i] = strip(x[i])
			}
		}
		return x
	}
	out, _ := json.Marshal(strip(v))
	return string(out)
}
