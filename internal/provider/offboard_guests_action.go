package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &offboardGuestsAction{}
	_ action.ActionWithValidateConfig = &offboardGuestsAction{}
	_ action.ActionWithModifyPlan     = &offboardGuestsAction{}
)

// offboardGuestsAction is b2b_offboard_guests: guests that no resource
// manages, blocked, signed out, stripped of access and, only when asked,
// deleted (Terraform 1.14+).
type offboardGuestsAction struct {
	guestAction
}

// NewOffboardGuestsAction returns the action.
func NewOffboardGuestsAction() action.Action { return &offboardGuestsAction{} }

// offboardStep is one step, in the order the action takes them.
type offboardStep struct {
	name, doc string
}

var offboardSteps = []offboardStep{
	{"block_sign_in", "sets `accountEnabled = false`, so that the guest cannot sign in to this tenant (`User.ReadWrite.All`)"},
	{"revoke_sessions", "revokes the guest's sign-in sessions here (`revokeSignInSessions`, `User.RevokeSessions.All`), so that tokens already issued stop working within minutes"},
	{"remove_access", "removes every direct group membership (`GroupMember.ReadWrite.All`) and app role assignment (`AppRoleAssignment.ReadWrite.All`)"},
	{"delete", "deletes the user (`User.ReadWrite.All`); Entra keeps it restorable for 30 days"},
}

type offboardGuestsModel struct {
	Emails  types.List `tfsdk:"emails"`
	UserIDs types.List `tfsdk:"user_ids"`
	Steps   types.Set  `tfsdk:"steps"`
}

func (a *offboardGuestsAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_offboard_guests"
}

func (a *offboardGuestsAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	names := make([]string, 0, len(offboardSteps))
	var stepDocs strings.Builder
	for _, s := range offboardSteps {
		names = append(names, s.name)
		fmt.Fprintf(&stepDocs, "\n  - `%s` %s;", s.name, s.doc)
	}
	attrs := guestTargetAttributes("offboard")
	attrs["steps"] = actionschema.SetAttribute{
		Required:    true,
		ElementType: types.StringType,
		MarkdownDescription: "What to do to each guest, taken in this order whatever the order written:" + strings.TrimSuffix(stepDocs.String(), ";") + ".\n\n" +
			"Deletion happens only when `delete` is listed. A step that fails stops that guest's later steps; the other guests go on.",
		Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(names...))},
	}
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Offboards guests on purpose: blocks their sign-in, revokes their sessions, removes their groups and app roles, and deletes them only when asked. " +
			"Name the guests by `user_ids` or `emails`, for example from a `b2b_guests` list of guests pending for 30 days or not signed in for 90. " +
			"Each guest's outcome (the steps done, or the step that failed and why) is reported as it happens, and a summary ends the run. Needs `User.Read.All` to find the guests, the permissions of the chosen steps, and Terraform 1.14+.\n\n" +
			"**Guests a `b2b_invitation` manages are not touched.** Such a guest is offboarded by changing its resource (`account_enabled = false`, fewer `group_ids`), or by removing it: " +
			"otherwise its next plan would undo the offboarding, or invite a deleted guest again. The plan fails for a guest that a `b2b_invitation` of this configuration holds, " +
			"and names the resource; leave such guests out, for example with `[for g in data.b2b_guests.stale.guests : g.user_id if !contains(local.managed_ids, g.user_id)]`, " +
			"which also makes Terraform read those resources before it plans the action. A guest whose resource the same apply creates or updates is skipped with a warning. " +
			"The provider knows the guests that this run of Terraform has read or planned; with `-refresh=false` it has read none. " +
			"Users of the tenant itself, not invited from outside, are skipped too.\n\n" +
			"On Terraform 1.16.1 a `b2b_invitation` with `delete_user_on_destroy = false` can run this action from `action_trigger { events = [after_destroy] }`: " +
			"the destroy keeps the user and removes the access it recorded, and the action then blocks sign-in and revokes the sessions." +
			pageNotes("Terraform 1.14+; `after_destroy` triggers need 1.16.1 here. OpenTofu has no actions.", retriesNote,
				fmt.Sprintf("At most %d guests are handled at a time. Each guest costs at most one Graph round trip to find it and one per step, and `remove_access` two more to list the guest's groups and app roles: seven for all four steps.", actionParallelism)),
		Attributes: attrs,
	}
}

func (a *offboardGuestsAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m offboardGuestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateTargets(targetsOf(m.Emails, m.UserIDs), &resp.Diagnostics)
	}
}

// ModifyPlan refuses, while Terraform plans, the guests that a
// b2b_invitation of this configuration holds.
func (a *offboardGuestsAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m offboardGuestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, t := range targetsOf(m.Emails, m.UserIDs).known {
		held, ok := a.managed.heldAt(t.label)
		if !ok {
			continue
		}
		at := path.Root("user_ids")
		if t.byMail {
			at = path.Root("emails")
		}
		resp.Diagnostics.AddAttributeError(at, "A b2b_invitation manages guest "+t.label, managedOffboardDetail(t.label, held))
	}
}

// managedOffboardDetail says why a managed guest is left alone, and how to
// offboard it instead.
func managedOffboardDetail(guest, heldAt string) string {
	return fmt.Sprintf("The b2b_invitation with email = %q manages the guest %s, so b2b_offboard_guests leaves it alone: "+
		"the resource's next plan would enable the guest again and restore its groups, and a deleted guest would be invited again as a new user. "+
		"Offboard it through the resource (account_enabled = false, fewer group_ids and app_role_assignments), or remove the resource. "+
		"To offboard the other guests, leave this one out of emails and user_ids.", heldAt, guest)
}

func (a *offboardGuestsAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m offboardGuestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.client == nil {
		return
	}
	chosen := map[string]bool{}
	for _, s := range stringSet(ctx, m.Steps, &resp.Diagnostics) {
		chosen[s] = true
	}
	results := a.forEachGuest(ctx, targetsOf(m.Emails, m.UserIDs).known, resp.SendProgress,
		func(ctx context.Context, t guestTarget, g graph.Guest) guestResult {
			if held, ok := a.managed.heldAt(g.ID, g.Mail, t.label); ok {
				return guestResult{target: t, kind: outcomeSkipped, reason: fmt.Sprintf(
					"the b2b_invitation with email = %q manages this guest; offboard it by changing or removing that resource", held)}
			}
			if g.UserType != "Guest" && g.ExternalUserState == "" {
				return guestResult{target: t, kind: outcomeSkipped, reason: "this user belongs to the tenant and was never invited; b2b_offboard_guests offboards guests only"}
			}
			var done []string
			for _, s := range offboardSteps {
				if !chosen[s.name] {
					continue
				}
				what, err := a.offboardStep(ctx, s.name, g.ID)
				if err != nil {
					reason := fmt.Sprintf("at %s: %s", s.name, errorDetail(ctx, err, s.name))
					if len(done) > 0 {
						reason = fmt.Sprintf("at %s (after: %s): %s", s.name, strings.Join(done, ", "), errorDetail(ctx, err, s.name))
					}
					return guestResult{target: t, kind: outcomeFailed, reason: reason}
				}
				done = append(done, what)
			}
			return guestResult{target: t, kind: outcomeDone, reason: strings.Join(done, ", ")}
		})
	reportResults(results, "offboard", resp.SendProgress, &resp.Diagnostics)
}

// offboardStep takes one step for a guest and says what it did.
func (a *offboardGuestsAction) offboardStep(ctx context.Context, step, id string) (string, error) {
	switch step {
	case "block_sign_in":
		return "sign-in blocked", a.client.BlockSignIn(ctx, id)
	case "revoke_sessions":
		return "sessions revoked", a.client.RevokeSignInSessions(ctx, id)
	case "remove_access":
		access, err := a.client.ReadAccess(ctx, id)
		if err != nil {
			return "", err
		}
		if res := a.client.RemoveAccess(ctx, id, access); len(res.Errors) > 0 {
			return "", res.Errors[0]
		}
		return fmt.Sprintf("removed from %d group(s) and %d app role(s)", len(access.GroupIDs), len(access.Roles)), nil
	case "delete":
		return "deleted", a.client.DeleteUser(ctx, id)
	}
	return "", fmt.Errorf("unknown step %q", step)
}
