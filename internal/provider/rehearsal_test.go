package provider

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAccRehearsal follows the "Rehearse a pipeline without a tenant"
// guide: it builds and starts the emulator's command with the example seed,
// points the provider at it with nothing but the lines the emulator wrote
// (in the plain form a CI system's environment file takes), applies the
// example, and reads the permissions report.
func TestAccRehearsal(t *testing.T) {
	run := newExampleRun(t, "rehearsal")
	dir := t.TempDir()
	bin := filepath.Join(dir, "graphemu")
	if out, err := exec.Command("go", "build", "-o", bin, "../graphemu/cmd/graphemu").CombinedOutput(); err != nil {
		t.Fatalf("building graphemu: %v\n%s", err, out)
	}
	envFile := filepath.Join(dir, "github_env")
	cmd := exec.Command(bin, "-seed", "../../examples/rehearsal/seed.json", "-state-dir", dir, "-env-file", envFile, "-env-format", "plain")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	env := map[string]string{}
	for deadline := time.Now().Add(30 * time.Second); len(env) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("graphemu wrote no environment file")
		}
		if f, err := os.Open(envFile); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if k, v, ok := strings.Cut(sc.Text(), "="); ok {
					env[k] = v
				}
			}
			_ = f.Close()
		}
	}
	// Only what the emulator wrote points the provider anywhere.
	for _, v := range credentialVars {
		run.env = append(run.env, v+"=")
	}
	for k, v := range env {
		run.env = append(run.env, k+"="+v)
	}
	// The configuration has its real backend, as in the user's repository;
	// the guide's override keeps the rehearsal from reaching it, through
	// the guide's plain terraform init.
	writeFile(t, filepath.Join(run.dir, "backend.tf"), "terraform {\n  backend \"s3\" {\n    bucket = \"contoso-terraform-state\"\n    key    = \"guests.tfstate\"\n    region = \"eu-west-1\"\n  }\n}\n")
	run.installFromMirror()
	run.must("init", "-input=false", "-no-color")
	run.applyThenEmptyPlan()
	if _, err := os.Stat(filepath.Join(run.dir, "terraform.tfstate")); err != nil {
		t.Errorf("the rehearsal's state is not local: %v", err)
	}

	pool := x509.NewCertPool()
	ca, err := os.ReadFile(env["SSL_CERT_FILE"])
	if err != nil || !pool.AppendCertsFromPEM(ca) {
		t.Fatalf("the CA the emulator named: %v", err)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err := hc.Get(env["B2B_AUTHORITY_HOST"] + "/_emulator/permissions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var report struct {
		Apps map[string]struct {
			Needed []string `json:"needed"`
			Fewest []string `json:"fewest_permissions"`
			Why    map[string]struct {
				Operations []string `json:"operations"`
				CoveredBy  string   `json:"covered_by"`
			} `json:"why"`
		} `json:"apps"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&report); err != nil {
		t.Fatal(err)
	}
	app := report.Apps[env["ARM_CLIENT_ID"]]
	want := []string{"AppRoleAssignment.ReadWrite.All", "Application.Read.All", "GroupMember.ReadWrite.All", "User.Invite.All", "User.Read.All", "User.ReadWrite.All"}
	if !slices.Equal(app.Needed, want) {
		t.Fatalf("the rehearsal needed %v, want %v", app.Needed, want)
	}
	// The guide's reading of the report: User.Invite.All is needed for the
	// invitations, and User.ReadWrite.All, held for the profile writes,
	// covers them in the fewest permissions.
	if why := app.Why["User.Invite.All"]; !slices.Contains(why.Operations, "POST /invitations") || why.CoveredBy != "User.ReadWrite.All" ||
		slices.Contains(app.Fewest, "User.Invite.All") {
		t.Errorf("the report says of User.Invite.All %+v, fewest %v", why, app.Fewest)
	}
}
