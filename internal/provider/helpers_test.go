package provider

import (
	"context"
	"fmt"
	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// Objects of the emulator's default seed.
const (
	groupEngineering = "a1b2c3d4-0001-4000-8000-00000000e001"
	groupFinance     = "a1b2c3d4-0002-4000-8000-00000000e002"
	groupSales       = "a1b2c3d4-0003-4000-8000-00000000e003"
	groupSupport     = "a1b2c3d4-0004-4000-8000-00000000e004"
	portalSP         = "5e000000-0001-4000-8000-0000000005a1"
	portalReader     = "7a000000-0001-4000-8000-000000000001"
	portalWriter     = "7a000000-0002-4000-8000-000000000002"
	portalAdmin      = "7a000000-0003-4000-8000-000000000003"
	expensesSP       = "5e000000-0002-4000-8000-0000000005a2"
	defaultAccess    = "00000000-0000-0000-0000-000000000000"
	existingEmail    = "existing.guest@fabrikam.example"
	existingID       = "90000000-0002-4000-8000-000000000002"
)

// testEmail is a fresh address per test, so tests never see each other's
// guests in the shared emulator.
func testEmail(t *testing.T) string {
	return fmt.Sprintf("%s.%d@partner.example", strings.ToLower(strings.ReplaceAll(t.Name(), "/", ".")), time.Now().UnixNano()%1_000_000_000)
}

// guestCheck hands the guest's object id from state to a check of the
// emulator's tenant.
type guestCheck struct {
	addr string
	fn   func(id string) error
}

func (c guestCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if emu == nil {
		return
	}
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.addr {
			id, _ := r.AttributeValues["id"].(string)
			resp.Error = c.fn(id)
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in state", c.addr)
}

// inGroups checks the guest is a member of exactly these of the seeded
// groups.
func inGroups(want ...string) func(string) error {
	return func(id string) error {
		u, ok := emu.User(id)
		if !ok {
			return fmt.Errorf("user %s does not exist in the emulator", id)
		}
		got := append([]string(nil), u.Groups...)
		slices.Sort(got)
		w := append([]string(nil), want...)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			return fmt.Errorf("user %s is in groups %v, want %v", id, got, w)
		}
		return nil
	}
}

// hasRoles checks the guest's app role ids in the emulator.
func hasRoles(want ...string) func(string) error {
	return func(id string) error {
		var got []string
		for _, a := range emu.Assignments(id) {
			got = append(got, a.AppRoleID)
		}
		slices.Sort(got)
		w := append([]string(nil), want...)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			return fmt.Errorf("user %s has app roles %v, want %v", id, got, w)
		}
		return nil
	}
}

func allOf(fns ...func(string) error) func(string) error {
	return func(id string) error {
		for _, f := range fns {
			if err := f(id); err != nil {
				return err
			}
		}
		return nil
	}
}

// resetFaultsAfter clears the emulator's fault knobs when the test ends,
// passed or failed, so no fault leaks into the next test.
func resetFaultsAfter(t *testing.T) {
	t.Cleanup(func() {
		if emu != nil {
			emu.SetFaults(graphemu.Faults{})
			emu.SetInvitationsDisabled(false)
		}
	})
}

// cliVersion is the name (Terraform or OpenTofu) and version of the CLI the
// acceptance tests run; it skips outside acceptance runs.
func cliVersion(t *testing.T) (name string, major, minor int) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the CLI runs only in acceptance runs")
	}
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	first := strings.Fields(strings.SplitN(string(out), "\n", 2)[0])
	if len(first) < 2 {
		t.Fatalf("cannot read the CLI's version from %q", out)
	}
	if _, err := fmt.Sscanf(strings.TrimPrefix(first[1], "v"), "%d.%d", &major, &minor); err != nil {
		t.Fatalf("cannot read the CLI's version from %q", first[1])
	}
	return first[0], major, minor
}
