package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func stateRequest(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(got)
}

// The status codes are those that Terraform's http backend client reads:
// 404 on GET is no state yet, 200 on POST is stored, 200 on LOCK is held,
// 423 (or 409) on LOCK is held by another, whose lock info the body gives.
func TestStateServerStoresReadsBackAndLocks(t *testing.T) {
	s, err := startStateServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	url, other := s.addr+"/state/a", s.addr+"/state/b"

	if code, _ := stateRequest(t, "GET", url, ""); code != http.StatusNotFound {
		t.Errorf("GET of no state: %d, want 404", code)
	}
	if code, _ := stateRequest(t, "POST", url, `{"serial":1}`); code != http.StatusOK {
		t.Errorf("POST: %d, want 200", code)
	}
	if code, body := stateRequest(t, "GET", url, ""); code != http.StatusOK || body != `{"serial":1}` {
		t.Errorf("GET after POST: %d %q", code, body)
	}
	if code, _ := stateRequest(t, "GET", other, ""); code != http.StatusNotFound {
		t.Errorf("another path shares the state: GET answered %d", code)
	}

	first, second := `{"ID":"lock-1","Operation":"OperationTypeApply","Who":"a@b"}`, `{"ID":"lock-2","Operation":"OperationTypePlan"}`
	if code, _ := stateRequest(t, "LOCK", url, first); code != http.StatusOK {
		t.Fatalf("LOCK: %d, want 200", code)
	}
	code, body := stateRequest(t, "LOCK", url, second)
	var holder struct{ ID, Who string }
	if code != http.StatusLocked || json.Unmarshal([]byte(body), &holder) != nil || holder.ID != "lock-1" || holder.Who != "a@b" {
		t.Errorf("LOCK of a held lock: %d %q, want 423 with the holder's lock info", code, body)
	}
	if code, _ := stateRequest(t, "LOCK", other, second); code != http.StatusOK {
		t.Errorf("the lock of one path holds another: LOCK answered %d", code)
	}
	if code, _ := stateRequest(t, "POST", url, `{"serial":2}`); code != http.StatusLocked {
		t.Errorf("POST without the lock's ID: %d, want 423", code)
	}
	if code, _ := stateRequest(t, "POST", url+"?ID=lock-2", `{"serial":2}`); code != http.StatusLocked {
		t.Errorf("POST with another lock's ID: %d, want 423", code)
	}
	if code, _ := stateRequest(t, "POST", url+"?ID=lock-1", `{"serial":3}`); code != http.StatusOK {
		t.Errorf("POST under the lock: %d, want 200", code)
	}
	if code, _ := stateRequest(t, "UNLOCK", url, second); code != http.StatusLocked {
		t.Errorf("UNLOCK by another: %d, want 423", code)
	}
	if code, _ := stateRequest(t, "UNLOCK", url, first); code != http.StatusOK {
		t.Errorf("UNLOCK: %d, want 200", code)
	}
	if code, _ := stateRequest(t, "LOCK", url, second); code != http.StatusOK {
		t.Errorf("LOCK after UNLOCK: %d, want 200", code)
	}
	// terraform force-unlock sends no lock info.
	if code, _ := stateRequest(t, "UNLOCK", url, ""); code != http.StatusOK {
		t.Errorf("a forced UNLOCK: %d, want 200", code)
	}
	if code, body := stateRequest(t, "GET", url, ""); code != http.StatusOK || body != `{"serial":3}` {
		t.Errorf("GET at the end: %d %q", code, body)
	}
	if s.Posts() != 2 {
		t.Errorf("%d states stored, want 2", s.Posts())
	}
	if code, _ := stateRequest(t, "LOCK", url, `{"Who":"no id"}`); code != http.StatusBadRequest {
		t.Errorf("LOCK without an ID: %d, want 400", code)
	}
}

// TestTerraformKeepsItsStateInTheStateServer runs the Terraform CLI on PATH
// with the backend block the bench writes: the state it applies lands in
// the server, and a lock that another holds stops the next run.
func TestTerraformKeepsItsStateInTheStateServer(t *testing.T) {
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		terraformBin = bin
	}
	// make test installs Terraform before this runs; without it the test
	// proves nothing, so it fails rather than skips.
	if _, err := exec.LookPath(terraformBin); err != nil {
		t.Fatalf("the Terraform CLI %q is not installed: %v", terraformBin, err)
	}
	s, err := startStateServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := filepath.Join(t.TempDir(), "floor")
	if err := writeConfig(dir, floorConfig(3)); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/dev/null")
	o := options{states: s}
	if err := prepareDir(o, dir, env, false); err != nil {
		t.Fatal(err)
	}
	if _, err := terraform(dir, env, "apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
		t.Error("Terraform wrote a local state file")
	}
	code, body := stateRequest(t, "GET", s.addr+"/state/floor", "")
	var state struct {
		Resources []struct {
			Type      string
			Instances []json.RawMessage
		}
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &state) != nil || len(state.Resources) != 1 || len(state.Resources[0].Instances) != 3 {
		t.Fatalf("the server holds %d %q", code, body)
	}

	if code, _ := stateRequest(t, "LOCK", s.addr+"/state/floor", `{"ID":"held-elsewhere","Who":"another pipeline"}`); code != http.StatusOK {
		t.Fatalf("LOCK: %d", code)
	}
	_, err = terraform(dir, env, "plan", "-input=false", "-lock-timeout=0s")
	if err == nil || !strings.Contains(err.Error(), "held-elsewhere") {
		t.Errorf("a plan while another holds the lock: %v, want Terraform's lock error naming the holder", err)
	}
}
