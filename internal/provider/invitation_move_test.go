package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// azureadFixture is a state file that azuread 3.9 wrote (see testdata).
type azureadFixture struct {
	Version          int                `json:"version"`
	TerraformVersion string             `json:"terraform_version"`
	Serial           int                `json:"serial"`
	Lineage          string             `json:"lineage"`
	Outputs          map[string]any     `json:"outputs"`
	Resources        []azureadResources `json:"resources"`
}

type azureadResources struct {
	Mode      string           `json:"mode"`
	Type      string           `json:"type"`
	Name      string           `json:"name"`
	Provider  string           `json:"provider"`
	Instances []map[string]any `json:"instances"`
}

func loadAzureADFixture(t *testing.T, name string) azureadFixture {
	t.Helper()
	var f azureadFixture
	if err := json.Unmarshal([]byte(mustRead(t, filepath.Join("testdata", name))), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// moveOne runs the state mover as the framework would for one instance.
func moveOne(t *testing.T, typeName, providerAddr string, attrs any) (*resource.MoveStateResponse, invitationModel) {
	t.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&invitationResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	raw, err := json.Marshal(attrs)
	if err != nil {
		t.Fatal(err)
	}
	resp := &resource.MoveStateResponse{TargetState: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}}
	moveFromAzureADInvitation(ctx, resource.MoveStateRequest{
		SourceTypeName: typeName, SourceProviderAddress: providerAddr, SourceRawState: &tfprotov6.RawState{JSON: raw},
	}, resp)
	var m invitationModel
	if !resp.TargetState.Raw.IsNull() {
		resp.Diagnostics.Append(resp.TargetState.Get(ctx, &m)...)
	}
	return resp, m
}

func TestMoveFromAzureADInvitation_fixture(t *testing.T) {
	f := loadAzureADFixture(t, "azuread-3.9-invitations.tfstate.json")
	got := map[string]invitationModel{}
	for _, r := range f.Resources {
		if r.Type != "azuread_invitation" {
			continue
		}
		resp, m := moveOne(t, r.Type, strings.Trim(strings.TrimPrefix(r.Provider, "provider["), `"]`), r.Instances[0]["attributes"])
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", r.Name, resp.Diagnostics)
		}
		got[r.Name] = m
	}
	mia := got["with_message"]
	var msg messageModel
	mia.Message.As(context.Background(), &msg, objectAsOptions)
	var cc []string
	msg.CCRecipients.ElementsAs(context.Background(), &cc, false)
	checks := []struct {
		what      string
		got, want any
	}{
		{"mia's id is azuread's user_id, not its invitation id", mia.ID.ValueString(), "d63703b3-fdbc-4af0-90cb-95d77310adec"},
		{"mia's email", mia.Email.ValueString(), "mia@fabrikam.example"},
		{"mia's display name", mia.DisplayName.ValueString(), "Mia (Fabrikam)"},
		{"mia's message body", msg.Body.ValueString(), "Welcome to the partner portal."},
		{"mia's empty language is unset", msg.Language.IsNull(), true},
		{"mia's cc", strings.Join(cc, ","), "partner-desk@contoso.example"},
		{"mia's redirect URL", mia.RedirectURL.ValueString(), "https://myapps.microsoft.com/?tenantid=6f0d2a54-1c3e-4b8a-9e0f-2d7c5b4a1e90"},
		{"a moved guest was created by Terraform", mia.Adopted.ValueBool(), false},
		{"destroy deletes a moved guest, as azuread would", mia.DeleteUserOnDestroy.ValueBool(), true},
		{"a moved guest manages no groups", mia.GroupIDs.IsNull(), true},
		{"a moved guest manages no app roles", mia.AppRoleAssignments.IsNull(), true},
		{"noah is a Member", got["member"].UserType.ValueString(), "Member"},
		{"noah's null display name is unmanaged", got["member"].DisplayName.IsNull(), true},
		{"omar's empty message block is no message", got["minimal"].Message.IsNull(), true},
		{"omar is a Guest", got["minimal"].UserType.ValueString(), "Guest"},
		{"omar keeps his redeem URL", strings.Contains(got["minimal"].RedeemURL.ValueString(), "/redeem/"), true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestMoveFromAzureADInvitation_sources(t *testing.T) {
	attrs := loadAzureADFixture(t, "azuread-3.9-for-each.tfstate.json")
	var inv map[string]any
	for _, r := range attrs.Resources {
		if r.Type == "azuread_invitation" {
			inv = r.Instances[0]["attributes"].(map[string]any) //nolint:forcetypeassert // the fixture's shape
		}
	}
	for _, c := range []struct {
		typeName, provider string
		moved              bool
	}{
		{"azuread_invitation", "registry.terraform.io/hashicorp/azuread", true},
		{"azuread_invitation", "registry.opentofu.org/hashicorp/azuread", true},
		{"azuread_invitation", "azuread", true},
		{"azuread_invitation", "registry.opentofu.org/b2b-guests/b2b", true}, // what OpenTofu 1.12 sends
		{"azuread_invitation", "registry.terraform.io/someone/azuread", false},
		{"azuread_user", "registry.terraform.io/hashicorp/azuread", false},
	} {
		resp, m := moveOne(t, c.typeName, c.provider, inv)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s from %s: %v", c.typeName, c.provider, resp.Diagnostics)
		}
		if moved := !resp.TargetState.Raw.IsNull(); moved != c.moved {
			t.Errorf("%s from %s: moved = %v, want %v", c.typeName, c.provider, moved, c.moved)
		}
		if c.moved && m.ID.ValueString() != inv["user_id"] {
			t.Errorf("%s from %s: id %q, want the user id %v", c.typeName, c.provider, m.ID.ValueString(), inv["user_id"])
		}
	}
	broken := map[string]any{"id": "6e96b3e5-5f2d-4764-9d5a-e8f6627debff", "user_id": "", "user_email_address": "x@y.example"}
	if resp, _ := moveOne(t, "azuread_invitation", "hashicorp/azuread", broken); !resp.Diagnostics.HasError() ||
		!strings.Contains(resp.Diagnostics[0].Detail(), "removed") {
		t.Errorf("a state with no user_id moved without a clear error: %v", resp.Diagnostics)
	}
}

// azureadStandin builds the stand-in of hashicorp/azuread (see its package
// doc): Terraform must start that provider to plan from its state.
var azureadStandin = &pluginBuild{name: "terraform-provider-azuread", pkg: "./testdata/azuread-standin"}

const migrationGuests = 25

// TestAccMigrateFromAzureAD starts from the state azuread writes for 25
// guests with 3 groups and 2 app roles each (the for_each fixture's shape,
// scaled up) plus the three guests of the invitations fixture as they are,
// and moves them all under b2b_invitation with the worked example.
func TestAccMigrateFromAzureAD(t *testing.T) {
	t.Parallel()
	run := newExampleRun(t, "migrate-from-azuread")
	e := ownEmulator(t, graphemu.Options{})
	run.against(e)
	run.withProvider("hashicorp/azuread", azureadStandin.get(t))

	groups := []string{groupEngineering, groupFinance, groupSales}
	roleIDs := []string{portalReader, portalWriter}
	state := scaledAzureADState(t, e, run.host, groups, roleIDs)
	fixtureUsers := seedInvitationsFixture(t, e, run.host, &state)
	writeJSON(t, filepath.Join(run.dir, "terraform.tfstate"), state)
	writeFile(t, filepath.Join(run.dir, "terraform.tfvars.json"), fmt.Sprintf(`{"n": %d, "group_ids": %s, "sp_id": %q, "role_ids": %s}`,
		migrationGuests, mustJSON(t, groups), portalSP, mustJSON(t, roleIDs)))
	writeFile(t, filepath.Join(run.dir, "fixture_guests.tf"), invitationsFixtureConfig)
	users := e.UserCount()
	e.ResetStats()

	// The plan: every guest moves, no object is created, destroyed or
	// replaced, and the azuread memberships are only forgotten.
	out := run.must("plan", "-out=migrate.tfplan", "-input=false", "-no-color")
	// What the migration guide tells a reviewer to look for, in the words
	// of Terraform or of OpenTofu.
	for _, alternatives := range [][]string{
		{"# b2b_invitation.g[\"g0024\"] will be updated in-place\n  # (moved from azuread_invitation.g[\"g0024\"])"},
		{"azuread_invitation.member has moved to b2b_invitation.member"},
		{`azuread_group_member.m["g0024-2"] will no longer be managed by Terraform`,
			`azuread_group_member.m["g0024-2"] will be removed from the OpenTofu state but will not be destroyed`},
		{"0 to add,"}, {"0 to destroy"},
	} {
		found := false
		for _, want := range alternatives {
			found = found || strings.Contains(out, want)
		}
		if !found {
			t.Errorf("the plan does not say %q:\n%s", alternatives[0], out[max(0, len(out)-1500):])
		}
	}
	actions := planActions(t, run, "migrate.tfplan")
	if n := actions["moved"]; n != migrationGuests+3 {
		t.Errorf("%d guests move, want %d (actions %v)", n, migrationGuests+3, actions)
	}
	for _, a := range []string{"create", "delete", "create-delete", "delete-create"} {
		if actions[a] != 0 {
			t.Errorf("the plan has %d %q actions: %v", actions[a], a, actions)
		}
	}
	if want := migrationGuests*5 + 2; actions["forget"] != want {
		t.Errorf("the plan forgets %d azuread memberships, want %d", actions["forget"], want)
	}

	run.must("apply", "-input=false", "-no-color", "migrate.tfplan")
	st := e.Stats()
	if st.Invitations != 0 {
		t.Errorf("the migration sent %d invitations", st.Invitations)
	}
	// The only writes are the management marks of the moved guests, which
	// their first update adds.
	for route, n := range writesBesidesMarks(st) {
		t.Errorf("the migration wrote to Graph: %s answered %d times", route, n)
	}
	if n := st.ByRoute[markRoute]; n > migrationGuests+3 {
		t.Errorf("the migration wrote %d management marks for %d guests", n, migrationGuests+3)
	}
	if got := e.UserCount(); got != users {
		t.Errorf("the tenant holds %d users after the migration, %d before", got, users)
	}
	for i := range migrationGuests {
		email := fmt.Sprintf("guest%04d@partner.example", i)
		u := e.UsersByEmail(email)
		if len(u) != 1 || len(u[0].Groups) != len(groups) || len(e.Assignments(u[0].ID)) != len(roleIDs) {
			t.Fatalf("%s after the migration: %+v", email, u)
		}
	}
	if u, _ := e.User(fixtureUsers["mia"]); len(u.Groups) != 1 || len(e.Assignments(u.ID)) != 1 {
		t.Errorf("mia lost a membership: %+v", u)
	}
	t.Logf("moved %d guests: %d invitations sent, %d round trips, routes %v", migrationGuests+3, st.Invitations, st.RoundTrips, st.ByRoute)

	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the migration is not empty (exit %d):\n%s", code, out)
	}

	// Moved guests were created by Terraform: destroy deletes them, as
	// azuread would have, and nothing else.
	run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	if got := e.UserCount(); got != users-migrationGuests-3 {
		t.Errorf("destroy left %d users of %d, want the %d moved guests gone", got, users, migrationGuests+3)
	}
}

// planActions counts the saved plan's resource actions, and its moves.
func planActions(t *testing.T, run *exampleRun, planFile string) map[string]int {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address         string `json:"address"`
			PreviousAddress string `json:"previous_address"`
			Change          struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(run.must("show", "-json", planFile)), &plan); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, rc := range plan.ResourceChanges {
		out[strings.Join(rc.Change.Actions, "-")]++
		if rc.PreviousAddress != "" {
			out["moved"]++
		}
	}
	return out
}

// scaledAzureADState seeds the emulator with guests that azuread invited,
// each in every group with every role, and writes their state as azuread
// 3.9 does, taking each object's shape from the for_each fixture.
func scaledAzureADState(t *testing.T, e *graphemu.Server, host string, groups, roleIDs []string) azureadFixture {
	t.Helper()
	f := loadAzureADFixture(t, "azuread-3.9-for-each.tfstate.json")
	templates := map[string]map[string]any{}
	for _, r := range f.Resources {
		templates[r.Type] = r.Instances[0]
	}
	byType := map[string]*azureadResources{}
	for i := range f.Resources {
		f.Resources[i].Provider = fmt.Sprintf(`provider["%s/hashicorp/azuread"]`, host)
		f.Resources[i].Instances = nil
		byType[f.Resources[i].Type] = &f.Resources[i]
	}
	for i := range migrationGuests {
		key := fmt.Sprintf("g%04d", i)
		email := fmt.Sprintf("guest%04d@partner.example", i)
		u := e.InviteGuest(email, fmt.Sprintf("guest%04d", i))
		byType["azuread_invitation"].Instances = append(byType["azuread_invitation"].Instances, instanceFrom(templates["azuread_invitation"], key, map[string]any{
			"id": uuid.NewString(), "user_id": u.ID, "user_email_address": email,
			"redeem_url": e.URL() + "/redeem/" + uuid.NewString(),
		}))
		for gi, g := range groups {
			e.AddMember(g, u.ID)
			byType["azuread_group_member"].Instances = append(byType["azuread_group_member"].Instances, instanceFrom(templates["azuread_group_member"], fmt.Sprintf("%s-%d", key, gi), map[string]any{
				"id": g + "/member/" + u.ID, "group_object_id": g, "member_object_id": u.ID,
			}))
		}
		for ri, r := range roleIDs {
			if err := e.AssignAppRole(u.ID, portalSP, r); err != nil {
				t.Fatal(err)
			}
			var assignment string
			for _, a := range e.Assignments(u.ID) {
				if a.AppRoleID == r {
					assignment = a.ID
				}
			}
			byType["azuread_app_role_assignment"].Instances = append(byType["azuread_app_role_assignment"].Instances, instanceFrom(templates["azuread_app_role_assignment"], fmt.Sprintf("%s-%d", key, ri), map[string]any{
				"id": "/servicePrincipals/" + portalSP + "/appRoleAssignedTo/" + assignment, "app_role_id": r,
				"principal_object_id": u.ID, "principal_display_name": u.DisplayName, "resource_object_id": portalSP,
			}))
		}
	}
	return f
}

// instanceFrom copies a fixture instance with a new index key and new values
// for some of its attributes.
func instanceFrom(template map[string]any, key string, values map[string]any) map[string]any {
	attrs := map[string]any{}
	for k, v := range template["attributes"].(map[string]any) { //nolint:forcetypeassert // the fixture's shape
		attrs[k] = v
	}
	for k, v := range values {
		attrs[k] = v
	}
	out := map[string]any{}
	for k, v := range template {
		out[k] = v
	}
	out["index_key"], out["attributes"] = key, attrs
	return out
}

// seedInvitationsFixture adds the invitations fixture's objects to state as
// they are, and its three guests, with the object ids it names, to the
// emulator.
func seedInvitationsFixture(t *testing.T, e *graphemu.Server, host string, state *azureadFixture) map[string]string {
	t.Helper()
	f := loadAzureADFixture(t, "azuread-3.9-invitations.tfstate.json")
	ids := map[string]string{}
	for _, r := range f.Resources {
		r.Provider = fmt.Sprintf(`provider["%s/hashicorp/azuread"]`, host)
		state.Resources = append(state.Resources, r)
		if r.Type != "azuread_invitation" {
			continue
		}
		a := r.Instances[0]["attributes"].(map[string]any) //nolint:forcetypeassert // the fixture's shape
		name, _ := a["user_display_name"].(string)
		email, _ := a["user_email_address"].(string)
		if name == "" {
			name = strings.SplitN(email, "@", 2)[0]
		}
		userType, _ := a["user_type"].(string)
		u := e.AddUser(graphemu.SeedUser{ID: a["user_id"].(string), DisplayName: name, Mail: email, UserType: userType, ExternalUserState: "PendingAcceptance"}) //nolint:forcetypeassert // the fixture's shape
		ids[strings.SplitN(email, "@", 2)[0]] = u.ID
	}
	e.AddMember(groupEngineering, ids["mia"])
	if err := e.AssignAppRole(ids["mia"], portalSP, portalReader); err != nil {
		t.Fatal(err)
	}
	return ids
}

// invitationsFixtureConfig is the invitations fixture's configuration,
// rewritten for b2b_invitation.
const invitationsFixtureConfig = `
resource "b2b_invitation" "with_message" {
  email        = "mia@fabrikam.example"
  display_name = "Mia (Fabrikam)"
  redirect_url = "https://myapps.microsoft.com/?tenantid=6f0d2a54-1c3e-4b8a-9e0f-2d7c5b4a1e90"
  message = {
    cc_recipients = ["partner-desk@contoso.example"]
    body          = "Welcome to the partner portal."
  }
  group_ids            = ["a1b2c3d4-0001-4000-8000-00000000e001"]
  app_role_assignments = [{ resource_id = "5e000000-0001-4000-8000-0000000005a1", app_role_id = "7a000000-0001-4000-8000-000000000001" }]
}

resource "b2b_invitation" "member" {
  email        = "noah@tailspin.example"
  user_type    = "Member"
  redirect_url = "https://portal.contoso.example"
}

resource "b2b_invitation" "minimal" {
  email        = "omar@northwind.example"
  redirect_url = "https://myapps.microsoft.com"
}

moved {
  from = azuread_invitation.with_message
  to   = b2b_invitation.with_message
}
moved {
  from = azuread_invitation.member
  to   = b2b_invitation.member
}
moved {
  from = azuread_invitation.minimal
  to   = b2b_invitation.minimal
}
removed {
  from = azuread_group_member.mia_eng
  lifecycle {
    destroy = false
  }
}
removed {
  from = azuread_app_role_assignment.mia_reader
  lifecycle {
    destroy = false
  }
}
`

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
