package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The examples use for_each, which terraform-plugin-testing's state shim
// cannot read, so they are applied the way a user applies them: the real
// CLI (TF_ACC_TERRAFORM_PATH), the built provider through dev_overrides, and
// the emulator. Each one must apply, then plan empty, then destroy.

// examplesEmulator gives an example test an emulator of its own: the
// examples name fixed guests, partners and tenant-wide settings, so on
// emulators of their own they run side by side with every other test.
func examplesEmulator(t *testing.T) *graphemu.Server {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the examples are applied only in acceptance runs")
	}
	requireEmulator(t)
	t.Parallel()
	return ownEmulator(t, graphemu.Options{})
}

func TestAccExamples_providerResourceAndDataSources(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_invitation", "data-sources/b2b_guest", "data-sources/b2b_guests")
	run.against(own)
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf")
	run.applyThenEmptyPlan()
	users := own.UsersByEmail("pat@partner.example")
	if len(users) != 1 || len(users[0].Groups) != 2 || len(own.Assignments(users[0].ID)) != 2 {
		t.Fatalf("pat in the emulator: %+v", users)
	}
	// The data source examples read the guest the resource example made.
	run2 := newExampleRun(t, "provider", "resources/b2b_invitation", "data-sources/b2b_guest", "data-sources/b2b_guests")
	run2.against(own)
	run2.only("provider_provider.tf", "data-sources_b2b_guest_data-source.tf", "data-sources_b2b_guests_data-source.tf")
	out := run2.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "pat_accepted = false") {
		t.Fatalf("b2b_guest example output:\n%s", out)
	}
}

func TestAccExamples_importByBlock(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.against(own)
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf", "resources_b2b_invitation_import-by-block.tf")
	const email = "pat@partner.example"
	for _, u := range own.UsersByEmail(email) {
		own.DeleteUser(u.ID)
	}
	pat := own.InviteGuest(email, "Pat Partner")
	t.Cleanup(func() { own.DeleteUser(pat.ID) })
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 imported") {
		t.Fatalf("the import block imported nothing:\n%s", out)
	}
	run.t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	if u, _ := own.User(pat.ID); len(u.Groups) != 2 || len(own.UsersByEmail(email)) != 1 {
		t.Fatalf("after import and apply: %+v", u)
	}
}

// TestAccExamples_profile applies the profile example and checks what the
// emulator holds of it.
func TestAccExamples_profile(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.against(own)
	run.only("provider_provider.tf", "resources_b2b_invitation_profile.tf")
	const email = "sam.ortiz@fabrikam.example"
	for _, u := range own.UsersByEmail(email) {
		own.DeleteUser(u.ID)
	}
	run.applyThenEmptyPlan()
	users := own.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users for %s", len(users), email)
	}
	u := users[0]
	if u.Profile["jobTitle"] != "Field Engineer" || u.Profile["usageLocation"] != "US" || u.Profile["employeeType"] != "Contractor" ||
		!u.AccountEnabled || len(u.Sponsors) != 1 {
		t.Fatalf("the guest after the example: %+v", u)
	}
}

func TestAccExamples_quickstart(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "quickstart")
	run.against(own)
	for _, email := range []string{"ana@fabrikam.example", "ben@northwind.example"} {
		for _, u := range own.UsersByEmail(email) {
			own.DeleteUser(u.ID)
		}
	}
	// The first apply reads acceptance before the guests exist; the second
	// sees them, and then the configuration has converged.
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	run.applyThenEmptyPlan()
	for _, email := range []string{"ana@fabrikam.example", "ben@northwind.example"} {
		users := own.UsersByEmail(email)
		if len(users) != 1 || len(users[0].Groups) != 2 || len(own.Assignments(users[0].ID)) != 2 {
			t.Fatalf("%s in the emulator: %+v", email, users)
		}
	}
}

func TestAccExamples_bulkInvite(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "bulk-invite")
	run.against(own)
	run.applyThenEmptyPlan()
	rows, err := parseBulkInviteCSV(mustRead(t, "../../examples/bulk-invite/guests.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 25 {
		t.Fatalf("the sample CSV has %d guests, want 25", len(rows))
	}
	for email, row := range rows {
		users := own.UsersByEmail(email)
		if len(users) != 1 {
			t.Fatalf("%s: %d users", email, len(users))
		}
		if got := len(users[0].Groups); got != len(row.GroupIDs) {
			t.Fatalf("%s is in %d groups, the CSV says %d", email, got, len(row.GroupIDs))
		}
		if got := len(own.Assignments(users[0].ID)); got != len(row.ApplicationIDs) {
			t.Fatalf("%s has %d app roles, the CSV names %d applications", email, got, len(row.ApplicationIDs))
		}
	}
}

// The guide's import route for guests made outside Terraform: one import
// block with for_each, by email, that sends nothing and changes nothing.
func TestAccExamples_importForEach(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "import-for-each")
	run.against(own)
	emails := []string{"ana@fabrikam.example", "ben@northwind.example", "cy@tailspin.example"}
	for _, email := range emails {
		for _, u := range own.UsersByEmail(email) {
			own.DeleteUser(u.ID)
		}
		u := own.InviteGuest(email, strings.SplitN(email, "@", 2)[0])
		own.AddMember(groupSupport, u.ID) // someone else's; must stay
		t.Cleanup(func() { own.DeleteUser(u.ID) })
	}
	sent := len(own.Invitations())
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the import blocks did not import the three guests alone:\n%s", out)
	}
	if n := len(own.Invitations()) - sent; n != 0 {
		t.Errorf("importing sent %d invitations", n)
	}
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after import is not empty (exit %d):\n%s", code, out)
	}
	out = run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	for _, email := range emails {
		u := own.UsersByEmail(email)
		if len(u) != 1 || len(u[0].Groups) != 1 {
			t.Errorf("destroy of an imported guest changed %s: %+v", email, u)
		}
		if !strings.Contains(out, "Kept guest "+email) {
			t.Errorf("destroy did not warn that it kept %s:\n%s", email, out)
		}
	}
}

// The service principal example, as written, reads the seeded portal app's
// object id and the id of its Portal.Read role.
func TestAccExamples_servicePrincipal(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "data-sources/b2b_service_principal")
	run.against(own)
	run.must("validate", "-no-color")
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	for _, want := range []string{`"app_role_id" = "` + portalReader + `"`, `"resource_id" = "` + portalSP + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %s:\n%s", want, out)
		}
	}
}

// The function's example, as written, invites the guests of the sample CSV
// it reads.
func TestAccExamples_parseBulkInviteCSVFunction(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "functions/parse_bulk_invite_csv")
	run.against(own)
	writeFile(t, filepath.Join(run.dir, "guests.csv"), mustRead(t, "../../examples/bulk-invite/guests.csv"))
	run.must("validate", "-no-color")
	run.applyThenEmptyPlan()
	rows, err := parseBulkInviteCSV(mustRead(t, "../../examples/bulk-invite/guests.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for email, row := range rows {
		users := own.UsersByEmail(email)
		if len(users) != 1 || len(users[0].Groups) != len(row.GroupIDs) {
			t.Fatalf("%s in the emulator: %+v", email, users)
		}
	}
}

// The import script's commands, as written, import the guest the resource
// example describes; the object id is the one placeholder, which the
// script's comment says to replace.
func TestAccExamples_importScript(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.against(own)
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf")
	const email = "pat@partner.example"
	for _, u := range own.UsersByEmail(email) {
		own.DeleteUser(u.ID)
	}
	pat := own.InviteGuest(email, "Pat Partner")
	t.Cleanup(func() { own.DeleteUser(pat.ID) })
	sent := invitationsOn(own, email)
	var commands [][]string
	for _, line := range strings.Split(mustRead(t, "../../examples/resources/b2b_invitation/import.sh"), "\n") {
		if strings.HasPrefix(line, "terraform import ") {
			commands = append(commands, strings.Fields(strings.ReplaceAll(line, "00000000-0000-0000-0000-000000000000", pat.ID))[1:])
		}
	}
	if len(commands) != 2 {
		t.Fatalf("import.sh has %d terraform import commands, want 2", len(commands))
	}
	for _, args := range commands {
		// Options go before the command's two arguments.
		out := run.must(append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
		if !strings.Contains(out, "Import successful") {
			t.Fatalf("terraform %s:\n%s", strings.Join(args, " "), out)
		}
		if got := run.must("state", "show", "-no-color", "b2b_invitation.pat"); !strings.Contains(got, pat.ID) {
			t.Fatalf("state after terraform %s:\n%s", strings.Join(args, " "), got)
		}
		run.must("state", "rm", "b2b_invitation.pat")
	}
	if n := invitationsOn(own, email) - sent; n != 0 {
		t.Errorf("importing sent %d invitations", n)
	}
}

// The reminder example, as written, resends to its two pending guests.
func TestAccExamples_resendReminder(t *testing.T) {
	own := examplesEmulator(t)
	requireTerraform114(t)
	run := newExampleRun(t, "provider", "actions/b2b_resend_invitation")
	run.against(own)
	run.only("provider_provider.tf", "actions_b2b_resend_invitation_action.tf")
	emails := []string{"pat@partner.example", "sam@partner.example"}
	for _, email := range emails {
		for _, u := range own.UsersByEmail(email) {
			own.DeleteUser(u.ID)
		}
		u := own.InviteGuest(email, email)
		t.Cleanup(func() { own.DeleteUser(u.ID) })
	}
	run.must("validate", "-no-color")
	run.must("plan", "-input=false", "-no-color")
	from := len(own.Invitations())
	if _, out, code := invokeAction(t, run, "action.b2b_resend_invitation.reminder"); code != 0 {
		t.Fatalf("the reminder failed (exit %d):\n%s", code, out)
	}
	for _, email := range emails {
		sent := invitationsTo(own, email, from)
		if len(sent) != 1 || sent[0].MessageBody != "A reminder: your access to the partner portal is waiting." {
			t.Errorf("%s was sent %+v", email, sent)
		}
	}
}

// The tenant example, as written, finds Fabrikam by its domain.
func TestAccExamples_tenant(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "data-sources/b2b_tenant")
	run.against(own)
	run.must("validate", "-no-color")
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, `fabrikam_tenant_id = "`+fabrikamTenantID+`"`) {
		t.Errorf("the output does not give Fabrikam's tenant id:\n%s", out)
	}
}

// The partner example, as written, with its import command.
func TestAccExamples_partner(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_partner")
	run.against(own)
	run.applyThenEmptyPlan()
	p, ok := own.Partner(fabrikamTenantID)
	if !ok || p["automaticUserConsentSettings"] == nil || p["inboundTrust"] == nil || p["b2bCollaborationInbound"] == nil {
		t.Fatalf("Fabrikam's partner configuration after the example: %v", p)
	}
	// The import script's command adopts the same configuration into a
	// state that lacks it.
	run.must("state", "rm", "b2b_partner.fabrikam")
	run.importAsScripted("resources/b2b_partner/import.sh")
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
}

// The defaults example, as written, with its import command; destroy puts
// the system default back.
func TestAccExamples_crossTenantDefaults(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_cross_tenant_defaults")
	run.against(own)
	run.applyThenEmptyPlan()
	d, err := emuClientOn(t, own).GetCrossTenantDefaults(t.Context())
	if err != nil || d.ServiceDefault || d.CollaborationInbound.UsersAndGroups.AccessType != "blocked" || !d.InboundTrust.MFAAccepted ||
		d.Redemption == nil || d.Redemption.Fallback != "emailOneTimePasscode" || len(d.Redemption.Primary) != 2 {
		t.Fatalf("the defaults after the example: %+v, %v", d, err)
	}
	run.must("state", "rm", "b2b_cross_tenant_defaults.this")
	run.importAsScripted("resources/b2b_cross_tenant_defaults/import.sh")
}

// The collaboration settings example, as written, with its import command.
func TestAccExamples_collaborationSettings(t *testing.T) {
	own := examplesEmulator(t)
	run := newExampleRun(t, "provider", "resources/b2b_collaboration_settings")
	run.against(own)
	run.applyThenEmptyPlan()
	c := emuClientOn(t, own)
	s, err := c.GetCollaborationSettings(t.Context())
	if err != nil || *s.AllowInvitesFrom != "adminsAndGuestInviters" || *s.GuestUserRoleID != guestAccessRoles["restricted"] {
		t.Fatalf("the settings after the example: %+v, %v", s, err)
	}
	if d, err := c.GetInvitationDomains(t.Context()); err != nil || len(d.Blocked) != 2 {
		t.Fatalf("the domain list after the example: %+v, %v", d, err)
	}
	if otp, err := c.GetGuestEmailOTP(t.Context()); err != nil || otp != "enabled" {
		t.Fatalf("guests' passcodes after the example: %q, %v", otp, err)
	}
	run.must("state", "rm", "b2b_collaboration_settings.this")
	run.importAsScripted("resources/b2b_collaboration_settings/import.sh")
}
