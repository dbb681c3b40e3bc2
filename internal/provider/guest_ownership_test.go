package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// guestBlock is a minimal b2b_invitation.
func guestBlock(name, email string) string {
	return fmt.Sprintf(`
resource "b2b_invitation" %q {
  email        = %q
  redirect_url = "https://myapps.microsoft.com"
}
`, name, email)
}

// bothSpellings matches an error that quotes both emails, in either order.
func bothSpellings(a, b string) *regexp.Regexp {
	qa, qb := regexp.QuoteMeta(fmt.Sprintf("%q", a)), regexp.QuoteMeta(fmt.Sprintf("%q", b))
	return regexp.MustCompile(`(?s)Another b2b_invitation holds this guest.*(` + qa + `.*` + qb + `|` + qb + `.*` + qa + `)`)
}

// A second resource for a guest that a first one already holds fails
// before anything is written: no second invitation, no user deleted.
func TestAccGuestOwnership_secondResourceForOneGuestFails(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	twin := strings.ToUpper(email[:1]) + email[1:]
	var sent int
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: invitationConfig(email, nil, nil, "")},
			{
				PreConfig:   func() { sent = len(emu.Invitations()) },
				Config:      invitationConfig(email, nil, nil, "") + guestBlock("twin", twin),
				ExpectError: bothSpellings(email, twin),
			},
			{
				PreConfig: func() {
					if n := len(emu.Invitations()) - sent; n != 0 {
						t.Errorf("the refused plan sent %d invitations", n)
					}
					if n := len(emu.UsersByEmail(email)); n != 1 {
						t.Errorf("%d users hold %s", n, email)
					}
				},
				Config:   invitationConfig(email, nil, nil, ""),
				PlanOnly: true,
			},
		},
	})
}

// Two resources that share one guest, as a state written by hand or by an
// older version of the provider can hold: removing one keeps the guest, and
// says so, since nothing proves that resource created it.
func TestAccGuestOwnership_removingOneOfTwoKeepsTheGuest(t *testing.T) {
	t.Parallel()
	run := newExampleRun(t)
	email := testEmail(t)
	u := emu.InviteGuest(email, "Twin Guest")
	t.Cleanup(func() { emu.DeleteUser(u.ID) })
	instance := func(name, spelling string) map[string]any {
		return map[string]any{"mode": "managed", "type": "b2b_invitation", "name": name,
			"provider": fmt.Sprintf(`provider["%s/b2b-guests/b2b"]`, run.host),
			"instances": []map[string]any{{"schema_version": 0, "attributes": map[string]any{
				"id": u.ID, "user_id": u.ID, "email": spelling, "redirect_url": "https://myapps.microsoft.com",
				"user_type": "Guest", "send_invitation_message": true, "delete_user_on_destroy": true,
				"delete_adopted_user_on_destroy": false, "resend_when_accepted": false, "adopted": false,
				"group_ids": []string{}, "app_role_assignments": []any{},
			}}}}
	}
	twin := strings.ToUpper(email[:1]) + email[1:]
	writeJSON(t, filepath.Join(run.dir, "terraform.tfstate"), map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "5d1c1a6e-8a53-4f3e-9d1b-2a0f6f3c7b11",
		"outputs": map[string]any{}, "resources": []any{instance("guest", email), instance("twin", twin)},
	})
	writeFile(t, filepath.Join(run.dir, "main.tf"), guestBlock("guest", email))

	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Kept guest "+twin) || !strings.Contains(out, "does not show that it created the user") {
		t.Errorf("removing the twin did not say it kept the guest:\n%s", out)
	}
	if _, ok := emu.User(u.ID); !ok {
		t.Fatal("removing one of two resources deleted the guest the other manages")
	}
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the remaining resource does not plan empty (exit %d):\n%s", code, out)
	}
}

// A guest that another state's b2b_invitation holds carries its management
// mark. A second resource that takes it up says so, counts it as adopted
// and keeps it on destroy, instead of taking the mark for its own creation.
func TestAccGuestOwnership_guestMarkedByAnotherState(t *testing.T) {
	t.Parallel()
	requireEmulator(t)
	email := testEmail(t)
	other := emu.InviteGuest(email, "Held Elsewhere")
	emu.SetCreatedAt(other.ID, time.Now().Add(-72*time.Hour))
	if out := emuClient(t).ApplyMemberships(t.Context(), other.ID, graph.MembershipChanges{MarkInvitedAfter: time.Now().Add(-72 * time.Hour)}); !out.Marked {
		t.Fatalf("marking: %+v", out)
	}
	t.Cleanup(func() { emu.DeleteUser(other.ID) })
	run := newExampleRun(t)
	writeFile(t, filepath.Join(run.dir, "main.tf"), invitationConfig(email, nil, nil, ""))
	out := strings.Join(strings.Fields(run.must("apply", "-auto-approve", "-input=false", "-no-color")), " ")
	if !strings.Contains(out, "is already managed") || !strings.Contains(out, other.ID) {
		t.Errorf("taking up a guest another resource holds should warn:\n%s", out)
	}
	run.must("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	if got := stateAttribute(t, run.dir, "guest", "adopted"); got != true {
		t.Errorf("adopted = %v, want true", got)
	}
	run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	u, ok := emu.User(other.ID)
	if !ok {
		t.Fatal("the destroy deleted a guest that another state holds")
	}
	if len(u.Extensions) != 1 {
		t.Fatalf("the destroy took away the other state's mark: %v", u.Extensions)
	}
}
