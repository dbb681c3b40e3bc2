package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// emailedTo counts the invitation emails that went to an address.
func emailedTo(email string) int {
	n := 0
	for _, inv := range emu.Invitations() {
		if strings.EqualFold(inv.Email, email) && inv.Emailed {
			n++
		}
	}
	return n
}

// stateAttribute reads one attribute of a resource from a local state file.
func stateAttribute(t *testing.T, dir, resourceName, attr string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Name      string
			Instances []struct {
				Attributes map[string]any
			}
		}
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Name == resourceName && len(r.Instances) == 1 {
			return r.Instances[0].Attributes[attr]
		}
	}
	t.Fatalf("%s is not in state", resourceName)
	return nil
}

// killedApply starts terraform apply, waits until the hold has stopped its
// Graph request, and kills terraform and the provider as a dying pipeline
// runner would, before the request or its answer goes on.
func killedApply(t *testing.T, run *exampleRun, hold *graphemu.Hold) string {
	t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = run.dir, run.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	t.Cleanup(hold.Release)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	select {
	case <-hold.Arrived():
	case <-exited:
		t.Fatalf("the apply ended before it reached the hold:\n%s", out.String())
	case <-time.After(2 * time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		t.Fatalf("the apply never reached the hold:\n%s", out.String())
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-exited
	select {
	case <-hold.ClientGone():
	case <-time.After(time.Minute):
		t.Fatal("the emulator never saw the killed provider go")
	}
	hold.Release()
	return out.String()
}

// An apply killed at any point leaves a state from which the next apply
// ends with the guest invited once, in its groups, and counted as created
// by the provider wherever the tenant can show it, so that destroy deletes
// it as it would have without the crash.
func TestAccGuestCrash(t *testing.T) {
	cases := map[string]struct {
		method, path    string
		afterProcessing bool
		// adopted is what state says after recovery. A user invited just
		// before the kill, with nothing else written, cannot be told from
		// someone else's pending guest (see the resource docs).
		adopted bool
	}{
		"before the invitation":                      {method: "POST", path: "/invitations"},
		"between the invitation and the memberships": {method: "POST", path: "/$batch", adopted: true},
		"after the memberships and before the state": {method: "POST", path: "/$batch", afterProcessing: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			run := newExampleRun(t)
			email := testEmail(t)
			writeFile(t, filepath.Join(run.dir, "main.tf"), fmt.Sprintf(`
resource "b2b_invitation" "guest" {
  email        = %q
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%q]
}
`, email, groupFinance))
			deletesBefore := emu.Stats().Count("DELETE /users/{id} 204")
			killedApply(t, run, emu.HoldNext(tc.method, tc.path, tc.afterProcessing))
			// Graph's times are whole seconds, and the provider reads Graph's
			// clock from Date headers to the second, so it allows a second
			// either way. A restarted pipeline comes back minutes later; the
			// test waits out those two seconds, as a pipeline always would.
			for _, u := range emu.UsersByEmail(email) {
				for !time.Now().UTC().Truncate(time.Second).After(u.CreatedAt.Add(time.Second)) {
					time.Sleep(50 * time.Millisecond)
				}
			}

			run.must("apply", "-auto-approve", "-input=false", "-no-color")
			users := emu.UsersByEmail(email)
			if len(users) != 1 {
				t.Fatalf("%d users hold %s after recovery", len(users), email)
			}
			if n := emailedTo(email); n != 1 {
				t.Errorf("%d invitation emails went to %s, want 1", n, email)
			}
			if err := inGroups(groupFinance)(users[0].ID); err != nil {
				t.Error(err)
			}
			if n := emu.Stats().Count("DELETE /users/{id} 204") - deletesBefore; n != 0 {
				t.Errorf("recovery deleted %d users", n)
			}
			if got := stateAttribute(t, run.dir, "guest", "id"); got != users[0].ID {
				t.Errorf("state holds %v, want %s", got, users[0].ID)
			}
			// adopted settles on the first read after the create.
			run.must("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
			if got := stateAttribute(t, run.dir, "guest", "adopted"); got != tc.adopted {
				t.Errorf("adopted = %v after recovery, want %v", got, tc.adopted)
			}
			if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("the plan after recovery is not empty (exit %d):\n%s", code, out)
			}
			run.must("destroy", "-auto-approve", "-input=false", "-no-color")
			if _, kept := emu.User(users[0].ID); kept != tc.adopted {
				t.Errorf("after destroy the user exists = %v, want %v", kept, tc.adopted)
			}
			if tc.adopted {
				emu.DeleteUser(users[0].ID)
			}
		})
	}
}

// The management mark outlives the refreshes after the create, which
// write nothing, so that a run that does not read the resource still knows
// the guest is managed; a destroy that keeps the user takes it away, so
// that whoever takes the user up next does not count it as created.
func TestAccGuestCrash_markStaysUntilTheResourceLetsGo(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	cfg := invitationConfig(email, nil, nil, "")
	marks := func(want int) func(string) error {
		return func(id string) error {
			u, _ := emu.User(id)
			if len(u.Extensions) != want {
				return fmt.Errorf("user %s has extensions %v, want %d", id, u.Extensions, want)
			}
			return nil
		}
	}
	var userID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return marks(0)(userID)
		},
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, marks(1)}}},
			{RefreshState: true, Check: func(*terraform.State) error {
				users := emu.UsersByEmail(email)
				if len(users) != 1 {
					return fmt.Errorf("%d users hold %s", len(users), email)
				}
				userID = users[0].ID
				return marks(1)(userID)
			}},
			{Config: invitationConfig(email, nil, nil, "delete_user_on_destroy = false"), ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, marks(1)}}},
		},
	})
	emu.DeleteUser(userID)
}
