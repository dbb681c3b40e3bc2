package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// countedGuests renders n guests (count, not for_each: the test framework's
// state shim takes only numeric keys), each with three groups and two roles.
func countedGuests(prefix string, n int, groups []string, extra string) string {
	var gs []string
	for _, g := range groups {
		gs = append(gs, fmt.Sprintf("%q", g))
	}
	return fmt.Sprintf(`
resource "b2b_invitation" "g" {
  count        = %[2]d
  email        = "%[1]s${count.index}@faults.example"
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%[3]s]
  app_role_assignments = [
    { resource_id = %[4]q, app_role_id = %[5]q },
    { resource_id = %[6]q, app_role_id = %[7]q },
  ]
  %[8]s
}
`, prefix, n, strings.Join(gs, ", "), portalSP, portalReader, expensesSP, defaultAccess, extra)
}

// tenantMatches checks that the emulator holds exactly one user per guest,
// each with exactly the configured groups and roles.
func tenantMatches(prefix string, n int, groups ...string) statecheck.StateCheck {
	return tenantMatchesOn(emu, prefix, n, groups...)
}

// tenantMatchesOn is tenantMatches in the tenant of the emulator e.
func tenantMatchesOn(e *graphemu.Server, prefix string, n int, groups ...string) statecheck.StateCheck {
	return emulatorCheck(func() error {
		for i := 0; i < n; i++ {
			email := fmt.Sprintf("%s%d@faults.example", prefix, i)
			users := e.UsersByEmail(email)
			if len(users) != 1 {
				return fmt.Errorf("%s: %d users", email, len(users))
			}
			if err := allOf(inGroupsOn(e, groups...), hasRolesOn(e, portalReader, defaultAccess))(users[0].ID); err != nil {
				return fmt.Errorf("%s: %w", email, err)
			}
		}
		return nil
	})
}

func noGuestsLeft(e *graphemu.Server, prefix string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i := 0; i < n; i++ {
			if users := e.UsersByEmail(fmt.Sprintf("%s%d@faults.example", prefix, i)); len(users) != 0 {
				return fmt.Errorf("destroy left %s", users[0].Mail)
			}
		}
		return nil
	}
}

// TestAccFaults_transient: throttling, unavailability and dropped
// connections, on create, refresh and destroy alike, end with the tenant
// exactly as configured. Each case faults an emulator of its own.
func TestAccFaults_transient(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	groups := []string{groupEngineering, groupFinance, groupSales}
	// Enough guests that even a 10 % fault rate is all but sure to fire:
	// the run makes some seventy Graph requests.
	const n = 8
	cases := map[string]graphemu.Faults{
		"429 at 30% with Retry-After":    {ThrottleRate: 0.3, RetryAfter: 200 * time.Millisecond},
		"429 at 30% without Retry-After": {ThrottleRate: 0.3},
		"503 and 504 at 20%":             {UnavailableRate: 0.1, GatewayTimeoutRate: 0.1},
		"connection reset on 10%":        {ResetRate: 0.1},
	}
	for name, faults := range cases {
		t.Run(name, func(t *testing.T) {
			prefix := fmt.Sprintf("t%d.", time.Now().UnixNano())
			e := ownEmulator(t, graphemu.Options{Faults: faults})
			provider := ownProvider(e)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             noGuestsLeft(e, prefix, n),
				Steps: []resource.TestStep{
					{Config: provider + countedGuests(prefix, n, groups, ""), ConfigStateChecks: []statecheck.StateCheck{tenantMatchesOn(e, prefix, n, groups...)}},
					{Config: provider + countedGuests(prefix, n, groups[:2], ""), ConfigStateChecks: []statecheck.StateCheck{tenantMatchesOn(e, prefix, n, groups[:2]...)}},
				},
			})
			injected := e.FaultsInjected()
			t.Logf("faults injected and survived: %v", injected)
			if len(injected) == 0 {
				t.Fatal("no fault was injected: the test proves nothing")
			}
		})
	}
}

// TestAccFaults_replicationLag30s: new guests that stay invisible for 30 s
// are waited for, not failed. The wait is real time, spent on an emulator
// of its own, alongside the other tests.
func TestAccFaults_replicationLag30s(t *testing.T) {
	requireEmulator(t)
	prefix := fmt.Sprintf("lag%d.", time.Now().UnixNano())
	groups := []string{groupEngineering, groupSupport}
	e := ownEmulator(t, graphemu.Options{Faults: graphemu.Faults{ReplicationLag: 30 * time.Second}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noGuestsLeft(e, prefix, 2),
		Steps: []resource.TestStep{{
			Config:            ownProvider(e) + countedGuests(prefix, 2, groups, ""),
			ConfigStateChecks: []statecheck.StateCheck{tenantMatchesOn(e, prefix, 2, groups...)},
		}},
	})
}

// TestAccFaults_slowGraphTimesOut: a create that cannot finish in its
// timeout fails clearly, keeps the invited guest in state, and the next
// apply converges.
func TestAccFaults_slowGraphTimesOut(t *testing.T) {
	requireEmulator(t)
	prefix := fmt.Sprintf("slow%d.", time.Now().UnixNano())
	groups := []string{groupEngineering}
	e := ownEmulator(t, graphemu.Options{})
	cfg := ownProvider(e) + countedGuests(prefix, 1, groups, `timeouts = { create = "5s" }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.SetFaults(graphemu.Faults{Latency: 2 * time.Second, ReplicationLag: 20 * time.Second}) },
				Config:      cfg,
				ExpectError: regexp.MustCompile(flexibleSpaces(`(?s)did not finish before the timeout.*Raise the timeouts block.*saved in state`)),
			},
			{
				// The invited guest was saved: the plan acts on it rather
				// than inviting from nothing.
				PreConfig: func() {
					e.SetFaults(graphemu.Faults{})
					if n := len(e.UsersByEmail(prefix + "0@faults.example")); n != 1 {
						t.Errorf("after the timeout %d users exist", n)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("b2b_invitation.g[0]", plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{tenantMatchesOn(e, prefix, 1, groups...)},
			},
		},
	})
}

// TestAccFaults_interruptedApply: the invite went through but the apply died
// before recording it. The next apply finds the guest by email and adopts
// it: no duplicate, and every membership in place.
func TestAccFaults_interruptedApply(t *testing.T) {
	requireEmulator(t)
	prefix := fmt.Sprintf("int%d.", time.Now().UnixNano())
	groups := []string{groupEngineering, groupFinance}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:         func() { emu.InviteGuest(prefix+"0@faults.example", "") },
			Config:            countedGuests(prefix, 1, groups, ""),
			ConfigStateChecks: []statecheck.StateCheck{tenantMatches(prefix, 1, groups...)},
		}},
	})
}

func TestAccFaults_fiftyGuestsOneGroup(t *testing.T) {
	requireEmulator(t)
	prefix := fmt.Sprintf("fifty%d.", time.Now().UnixNano())
	groups := []string{groupSupport}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noGuestsLeft(emu, prefix, 50),
		Steps: []resource.TestStep{{
			Config: countedGuests(prefix, 50, groups, ""),
			ConfigStateChecks: []statecheck.StateCheck{tenantMatches(prefix, 50, groups...), emulatorCheck(func() error {
				n := 0
				for _, id := range emu.GroupMembers(groupSupport) {
					if u, _ := emu.User(id); strings.HasPrefix(u.Mail, prefix) {
						n++
					}
				}
				if n != 50 {
					return fmt.Errorf("%d of 50 guests are members", n)
				}
				return nil
			})},
		}},
	})
}

// TestAccFaults_recreatedOutsideTerraform: the guest was deleted and invited
// again by someone else, with the same email. The plan shows it, and the
// apply converges on the new user without a duplicate.
func TestAccFaults_recreatedOutsideTerraform(t *testing.T) {
	requireEmulator(t)
	prefix := fmt.Sprintf("again%d.", time.Now().UnixNano())
	groups := []string{groupEngineering}
	cfg := countedGuests(prefix, 1, groups, "")
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{guestCheck{"b2b_invitation.g[0]", func(id string) error { first = id; return nil }}}},
			{
				PreConfig: func() {
					emu.DeleteUser(first)
					emu.InviteGuest(prefix+"0@faults.example", "")
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("b2b_invitation.g[0]", plancheck.ResourceActionCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{tenantMatches(prefix, 1, groups...), guestCheck{"b2b_invitation.g[0]", func(id string) error {
					if id == first {
						return fmt.Errorf("state still holds the deleted user")
					}
					return nil
				}}},
			},
		},
	})
}
