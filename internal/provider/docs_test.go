package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// docTable returns the cells of the first Markdown table after the heading,
// without its header and separator rows.
func docTable(t *testing.T, file, heading string) [][]string {
	t.Helper()
	rows, err := readDocTable(file, heading)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readDocTable(file, heading string) ([][]string, error) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", file))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	i := slices.Index(lines, heading)
	if i < 0 {
		return nil, fmt.Errorf("docs/%s has no heading %q", file, heading)
	}
	var rows [][]string
	for _, l := range lines[i+1:] {
		if !strings.HasPrefix(l, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), " | ")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 3 {
		return nil, fmt.Errorf("docs/%s: no table under %q", file, heading)
	}
	return rows[2:], nil
}

// documentedPermissions is every permission of the provider page's table
// of application permissions.
func documentedPermissions() (map[string]bool, error) {
	rows, err := readDocTable("index.md", "### Minimum permissions")
	if err != nil {
		return nil, err
	}
	documented := map[string]bool{}
	for _, row := range rows {
		for _, p := range codeSpans(row[1]) {
			documented[p] = true
		}
	}
	return documented, nil
}

// TestAccDocsPermissionsTableMatchesWhatTheFeaturesNeed signs in as an app
// of its own, holding what the suite's app holds, and uses every feature
// that needs a permission: a guest invited with groups, app roles, a
// profile and a sponsor, changed, read by the data sources, and deleted.
// What the emulator's permissions report says those operations needed,
// least privileged, is exactly the provider page's table.
func TestAccDocsPermissionsTableMatchesWhatTheFeaturesNeed(t *testing.T) {
	requireEmulator(t)
	documented, err := documentedPermissions()
	if err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	// An emulator of its own: the test changes tenant-wide settings and a
	// partner configuration.
	e := ownEmulator(t, graphemu.Options{})
	const clientID, secret = "1d000000-0000-4000-8000-00000000d0c5", "secret-of-the-docs-table-test"
	e.AddApp(clientID, secret, graphemu.DefaultSeed().Apps[0].Permissions...)
	provider := ownProviderAs(e, clientID, secret)
	email := testEmail(t)
	guest := func(jobTitle string) string {
		return provider + invitationConfig(email, []string{groupSales}, []role{{portalSP, portalReader}},
			fmt.Sprintf("job_title = %q\n  sponsor_ids = [%q]", jobTitle, existingID)) + fmt.Sprintf(`
data "b2b_guest" "by_email" {
  email = %q
  depends_on = [b2b_invitation.guest]
}
data "b2b_guests" "pending" {
  state      = "PendingAcceptance"
  depends_on = [b2b_invitation.guest]
}
data "b2b_guests" "idle" {
  not_signed_in_for = "90d"
  email_domain      = "partner.example"
  depends_on        = [b2b_invitation.guest]
}
data "b2b_service_principal" "portal" {
  object_id = %q
}
data "b2b_tenant" "partner" {
  domain_name = "partner.example"
}
resource "b2b_collaboration_settings" "this" {
  allow_invites_from            = "everyone"
  blocked_domains               = []
  guest_email_one_time_passcode = "enabled"
}
resource "b2b_partner" "partner" {
  tenant_id = data.b2b_tenant.partner.tenant_id
  automatic_redemption = {
    inbound  = true
    outbound = %q == "Reviewer"
  }
}
`, email, portalSP, jobTitle)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: guest("Reviewer")},
			{Config: guest("Lead Reviewer")},
			// The destroy at the end deletes the guest it created.
		},
	})
	actionsRan := offboardAs(t, e, provider)
	report := e.PermissionsReport()[clientID]
	var problems []string
	for _, p := range report.Needed {
		if !documented[p] {
			problems = append(problems, fmt.Sprintf("the features needed %s, which the permissions table does not list", p))
		}
	}
	for p := range documented {
		if !slices.Contains(report.Needed, p) && (actionsRan || !actionOnlyPermissions[p]) {
			problems = append(problems, fmt.Sprintf("the permissions table lists %s, which none of the features needed", p))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		t.Fatalf("%s\n(operations: %v)", strings.Join(problems, "\n"), report.Operations)
	}
}

// actionOnlyPermissions are the table's permissions that only an action
// needs; a CLI without actions cannot show that they are needed.
var actionOnlyPermissions = map[string]bool{"User.RevokeSessions.All": true}

// offboardAs runs every step of b2b_offboard_guests on a guest of its own,
// of the emulator e, as the provider configured by provider, where the CLI
// has actions, and says whether it did.
func offboardAs(t *testing.T, e *graphemu.Server, provider string) bool {
	t.Helper()
	name, major, minor := cliVersion(t)
	if name != "Terraform" || major < 1 || (major == 1 && minor < 14) {
		return false
	}
	g := e.InviteGuest(testEmail(t), "Leaving")
	e.AddMember(groupSales, g.ID)
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), provider+offboardConfig([]string{g.ID}, nil, "block_sign_in", "revoke_sessions", "remove_access", "delete"))
	run.must("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
	if _, ok := e.User(g.ID); ok {
		t.Fatal("the offboarded guest was not deleted")
	}
	return true
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

func codeSpans(s string) []string {
	var out []string
	for _, m := range codeSpan.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// azureadAuthSettings are the azuread provider's (3.x) authentication and
// cloud arguments: the table must say what becomes of each.
var azureadAuthSettings = []string{
	"tenant_id", "client_id", "client_id_file_path", "client_secret", "client_secret_file_path", "client_certificate",
	"client_certificate_path", "client_certificate_password", "use_oidc", "oidc_token", "oidc_token_file_path",
	"oidc_request_url", "oidc_request_token", "ado_pipeline_service_connection_id", "use_aks_workload_identity",
	"use_msi", "msi_endpoint", "use_cli", "environment", "metadata_host", "partner_id", "disable_terraform_partner_id",
}

// TestDocsAzureADTable checks the provider page's azuread table against the
// schema and against the pipelines that TestAccAzureADPipelines runs: every
// row marked Same names only arguments and variables that one of those
// pipelines sets, alone, to reach Graph.
func TestDocsAzureADTable(t *testing.T) {
	requireEmulator(t)
	rows := docTable(t, "index.md", "### Coming from the azuread provider")

	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	var schemaArgs, tableArgs []string
	for name := range resp.Schema.Attributes {
		schemaArgs = append(schemaArgs, name)
	}

	set := map[string]bool{}
	for _, p := range azureadPipelines(emu) {
		for _, kv := range p.env(t, t.TempDir()) {
			if k, v, _ := strings.Cut(kv, "="); v != "" {
				set[k] = true
			}
		}
		for _, line := range strings.Split(p.block, "\n") {
			if arg, _, ok := strings.Cut(line, "="); ok {
				set[strings.TrimSpace(arg)] = true
			}
		}
	}
	for _, row := range rows {
		if len(row) != 3 {
			t.Fatalf("row %v has %d cells", row, len(row))
		}
		arg, vars := codeSpans(row[0]), codeSpans(row[1])
		if len(arg) != 1 || len(vars) == 0 {
			t.Fatalf("row %v: want one argument and its variables", row)
		}
		tableArgs = append(tableArgs, arg[0])
		switch {
		case strings.HasPrefix(row[2], "**Same.**"):
			// The argument is read through its first variable by the same
			// code, so either one set proves the row's argument.
			if !set[arg[0]] && !set[vars[0]] {
				t.Errorf("row %s is marked Same, but no pipeline sets it or %s", arg[0], vars[0])
			}
			for _, v := range vars {
				if !set[v] {
					t.Errorf("row %s is marked Same, but no pipeline sets %s", arg[0], v)
				}
			}
		case strings.HasPrefix(row[2], "**Accepted, no effect.**"), strings.HasPrefix(row[2], "**b2b only.**"):
		default:
			t.Errorf("row %s: the b2b column must start with **Same.**, **Accepted, no effect.** or **b2b only.**", arg[0])
		}
	}
	sort.Strings(schemaArgs)
	sort.Strings(tableArgs)
	if !slices.Equal(schemaArgs, tableArgs) {
		t.Errorf("the table's arguments\n  %v\ndiffer from the provider schema's\n  %v", tableArgs, schemaArgs)
	}
	for _, a := range azureadAuthSettings {
		if !slices.Contains(tableArgs, a) {
			t.Errorf("azuread's %s is not in the table", a)
		}
	}
}

// permissionScenarios make one call that needs the permission, as an app
// that lacks it and anything broader (without), but holds what the call
// needs besides (with). The steps that sign in as that app must fail.
var permissionScenarios = map[string]struct {
	without, with []string
	steps         func(email, provider string) []string
}{
	"User.Invite.All": {without: []string{"User.Invite.All", "User.ReadWrite.All"},
		steps: func(email, p string) []string { return []string{p + invitationConfig(email, nil, nil, "")} }},
	"User.Read.All": {without: []string{"User.Read.All", "User.ReadWrite.All"},
		steps: func(_, p string) []string { return []string{p + guestLookupConfig("user_id", existingID)} }},
	"GroupMember.ReadWrite.All": {without: []string{"GroupMember.ReadWrite.All"},
		steps: func(email, p string) []string {
			return []string{p + invitationConfig(email, []string{groupSales}, nil, "")}
		}},
	"AppRoleAssignment.ReadWrite.All": {without: []string{"AppRoleAssignment.ReadWrite.All"},
		steps: func(email, p string) []string {
			return []string{p + invitationConfig(email, nil, []role{{portalSP, portalReader}}, "")}
		}},
	"User.ReadWrite.All": {without: []string{"User.ReadWrite.All"}, with: []string{"User.Read.All"},
		steps: func(email, p string) []string {
			// The last step signs in as the suite's app again, so that the
			// test's destroy can delete the guest.
			return []string{invitationConfig(email, nil, nil, `display_name = "First"`), p + invitationConfig(email, nil, nil, `display_name = "Second"`),
				invitationConfig(email, nil, nil, `display_name = "Second"`)}
		}},
	"CrossTenantInformation.ReadBasic.All": {without: []string{"CrossTenantInformation.ReadBasic.All"},
		steps: func(_, p string) []string {
			return []string{p + "data \"b2b_tenant\" \"partner\" {\n  domain_name = \"fabrikam.example\"\n}\n"}
		}},
	"Policy.Read.All": {without: []string{"Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"},
		steps: func(_, p string) []string {
			// The refresh signs in as the restricted app; the last step as
			// the suite's again, so that destroy can delete.
			partner := partnerConfig("7e000000-0005-4000-8000-0000000fab05", "")
			return []string{partner, p + partner, partner}
		}},
	"Policy.ReadWrite.CrossTenantAccess": {without: []string{"Policy.ReadWrite.CrossTenantAccess"}, with: []string{"Policy.Read.All"},
		steps: func(_, p string) []string {
			return []string{p + partnerConfig("7e000000-0005-4000-8000-0000000fab05", "")}
		}},
	"Policy.ReadWrite.Authorization": {without: []string{"Policy.ReadWrite.Authorization"},
		steps: func(_, p string) []string {
			return []string{p + collaborationConfig(`  allow_invites_from = "everyone"`)}
		}},
	"Policy.Read.AuthenticationMethod": {without: []string{"Policy.Read.AuthenticationMethod", "Policy.ReadWrite.AuthenticationMethod", "Policy.Read.All"},
		steps: func(_, p string) []string {
			// The refresh of guests' passcodes signs in as the restricted
			// app, which reads the authorization policy with
			// Policy.ReadWrite.Authorization.
			settings := collaborationConfig(`  guest_email_one_time_passcode = "enabled"`)
			return []string{settings, p + settings, settings}
		}},
	"Policy.ReadWrite.AuthenticationMethod": {without: []string{"Policy.ReadWrite.AuthenticationMethod"},
		steps: func(_, p string) []string {
			return []string{p + collaborationConfig(`  guest_email_one_time_passcode = "enabled"`)}
		}},
	"Policy.Read.B2BManagementPolicy": {without: []string{"Policy.Read.B2BManagementPolicy", "Policy.ReadWrite.B2BManagementPolicy"},
		steps: func(_, p string) []string {
			// The refresh of the domain list signs in as the restricted app.
			settings := collaborationConfig(`  blocked_domains = []`)
			return []string{settings, p + settings, settings}
		}},
	"Policy.ReadWrite.B2BManagementPolicy": {without: []string{"Policy.ReadWrite.B2BManagementPolicy"}, with: []string{"Policy.Read.B2BManagementPolicy"},
		steps: func(_, p string) []string {
			return []string{p + collaborationConfig(`  blocked_domains = []`)}
		}},
	"AuditLog.Read.All": {without: []string{"AuditLog.Read.All"},
		steps: func(_, p string) []string {
			return []string{p + "data \"b2b_guests\" \"idle\" {\n  not_signed_in_for = \"90d\"\n}\n"}
		}},
	"Application.Read.All": {without: []string{"Application.Read.All", "AppRoleAssignment.ReadWrite.All"},
		steps: func(_, p string) []string {
			return []string{p + "data \"b2b_service_principal\" \"sp\" {\n  object_id = \"" + portalSP + "\"\n}\n"}
		}},
}

// TestAccDocsPermissionsTable checks the provider page's table of
// application permissions: together they are exactly what the app the
// acceptance suite signs in as holds, and each one is needed: the feature
// fails without it, with an error that names it.
func TestAccDocsPermissionsTable(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	documented, err := documentedPermissions()
	if err != nil {
		t.Fatal(err)
	}
	suiteApp := graphemu.DefaultSeed().Apps[0].Permissions
	for _, p := range suiteApp {
		if !documented[p] {
			t.Errorf("the suite's app holds %s, which the table does not list", p)
		}
	}
	// The suite's app reads users through User.ReadWrite.All, which
	// includes User.Read.All; the table gives the least that suffices.
	implied := map[string]string{"User.Read.All": "User.ReadWrite.All", "Policy.Read.B2BManagementPolicy": "Policy.ReadWrite.B2BManagementPolicy",
		"Policy.Read.AuthenticationMethod": "Policy.ReadWrite.AuthenticationMethod",
		"User.RevokeSessions.All":          "User.ReadWrite.All"}
	for p := range documented {
		if !slices.Contains(suiteApp, p) && !slices.Contains(suiteApp, implied[p]) {
			t.Errorf("the table lists %s, which the suite's app neither holds nor has through a broader permission", p)
		}
		// What only an action needs is shown by the action's own test
		// (TestAccOffboardGuestsAction_badInput), since a scenario here is
		// plain configuration, which every CLI of the suite applies.
		if _, ok := permissionScenarios[p]; !ok && !actionOnlyPermissions[p] {
			t.Errorf("no scenario shows that %s is needed", p)
		}
	}
	// One app per permission, each with a client id of its own, and one
	// emulator per permission, whose tenant-wide settings and partners the
	// scenario changes without touching any other test's; the steps
	// without the restricted app sign in as the suite's app there.
	perms := slices.Sorted(maps.Keys(permissionScenarios))
	for i, perm := range perms {
		sc := permissionScenarios[perm]
		t.Run(perm, func(t *testing.T) {
			e := ownEmulator(t, graphemu.Options{})
			clientID := fmt.Sprintf("1b000000-0000-4000-8000-%012d", i+1)
			secret := "secret-without-" + perm
			granted := append([]string(nil), sc.with...)
			for _, p := range suiteApp {
				if !slices.Contains(sc.without, p) {
					granted = append(granted, p)
				}
			}
			e.AddApp(clientID, secret, granted...)
			restricted := ownProviderAs(e, clientID, secret)
			var steps []resource.TestStep
			for _, cfg := range sc.steps(testEmail(t), restricted) {
				step := resource.TestStep{Config: cfg}
				if strings.HasPrefix(cfg, restricted) {
					step.ExpectError = regexp.MustCompile(flexibleSpaces(`(?s)needs the Microsoft Graph application permission ` + regexp.QuoteMeta(perm)))
				} else {
					step.Config = ownProvider(e) + cfg
				}
				steps = append(steps, step)
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
		})
	}
}
