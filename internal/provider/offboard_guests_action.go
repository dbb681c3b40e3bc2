package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
	Emails    types.List  `tfsdk:"emails"`
	UserIDs   types.List  `tfsdk:"user_ids"`
	Steps     types.Set   `tfsdk:"steps"`
	MaxGuests types.Int64 `tfsdk:"max_guests"`
}

// maxGuests is max_guests, or its default while it is unset or unknown.
func (m offboardGuestsModel) maxGuests() int64 {
	if m.MaxGuests.IsNull() || m.MaxGuests.IsUnknown() {
		return defaultMaxGuests
	}
	return m.MaxGuests.ValueInt64()
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
	attrs["max_guests"] = actionschema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("The most guests one run may offboard; default %d. A run that names more, once the guests are found, is refused before anything is written, with the count and the guests. ", defaultMaxGuests) +
			"Raise it for a planned clean-up of many guests; a run that names every guest of the tenant is refused whatever its value.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Offboards guests on purpose: blocks their sign-in, revokes their sessions, removes their groups and app roles, and deletes them only when asked. " +
			"Name the guests by `user_ids` or `emails`, for example from a `b2b_guests` list of guests pending for 30 days or not signed in for 90. " +
			"Each guest's outcome (the steps done, or the step that failed and why) is reported as it happens, and a summary ends the run. Needs `User.Read.All` to find the guests, the permissions of the chosen steps, and Terraform 1.14+.\n\n" +
			"**Guests a `b2b_invitation` manages are not touched.** Such a guest is offboarded by changing its resource (`account_enabled = false`, fewer `group_ids`), or by removing it: " +
			"otherwise its next plan would undo the offboarding, or invite a deleted guest again. The provider knows a managed guest however it is named (by object id, by email in any letter case, through a data source) " +
			"and in every kind of run, `-invoke` and `-target` included, by the open extension `" + markName + "` that `b2b_invitation` keeps on each guest it holds, and by the resources this run has read. " +
			"The plan fails for such a guest, and names it; leave managed guests out, for example with `[for g in data.b2b_guests.stale.guests : g.user_id if !g.managed]`. " +
			"A guest whose resource the same apply creates or updates is skipped with a warning. " +
			"An imported or moved guest carries the mark once an apply has changed its resource; until then only runs that read the resource know it.\n\n" +
			"**The blast radius is shown and bounded.** The plan lists the guests each run will offboard, and the steps. " +
			"A run that names more guests than `max_guests` is refused, and so is one that names every guest of the tenant, during plan where the names are known and otherwise before the first write. " +
			"Users of the tenant itself, not invited from outside, are skipped too.\n\n" +
			"On Terraform 1.16.1 a `b2b_invitation` with `delete_user_on_destroy = false` can run this action from `action_trigger { events = [after_destroy] }`: " +
			"the destroy keeps the user and removes the access it recorded, and the action then blocks sign-in and revokes the sessions." +
			pageNotes("Terraform 1.14+; `after_destroy` triggers need 1.16.1 here. OpenTofu has no actions.", retriesNote,
				fmt.Sprintf("At most %d guests are handled at a time. Each guest costs at most one Graph round trip to find it and one per step, and `remove_access` two more to list the guest's groups and app roles: seven for all four steps. "+
					"Checking the guests first costs, during plan, their lookups and one round trip per 20 guests for their management marks, and before the run writes one per 20 guests for the marks again; "+
					"a run of two guests or more also lists the tenant's guests, 999 a page, to tell whether it names them all.", actionParallelism)),
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

// ModifyPlan finds, while Terraform plans, the guests the run will
// offboard: it refuses managed guests and a blast radius too wide, and
// lists the rest.
func (a *offboardGuestsAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m offboardGuestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	targets := targetsOf(m.Emails, m.UserIDs)
	if a.client == nil || len(targets.known) == 0 {
		return
	}
	cands, err := a.findCandidates(ctx, targets.known)
	if err != nil {
		resp.Diagnostics.AddError("Cannot check the guests to offboard", errorDetail(ctx, err, "reading the guests' management marks"))
		return
	}
	for _, c := range cands {
		if c.managedBy != "" {
			resp.Diagnostics.AddAttributeError(c.target.path(), "A b2b_invitation manages guest "+c.target.label, managedOffboardDetail(c.target.label, c.guest.ID, c.managedBy))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	act := a.blastRadius(ctx, cands, m.maxGuests(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() || len(act) == 0 {
		return
	}
	more := ""
	if targets.unknown {
		more = "\n\nMore guests are named by values known only during apply; they are checked before anything is written."
	}
	resp.Diagnostics.AddWarning(fmt.Sprintf("b2b_offboard_guests will offboard %d guest(s)", len(act)),
		fmt.Sprintf("Steps: %s.\nGuests: %s.%s", strings.Join(chosenSteps(ctx, m.Steps, &resp.Diagnostics), ", "), candidateList(act), more))
}

// chosenSteps are the steps the configuration chose, in the order they run.
func chosenSteps(ctx context.Context, steps types.Set, diags *diag.Diagnostics) []string {
	chosen := map[string]bool{}
	for _, s := range stringSet(ctx, steps, diags) {
		chosen[s] = true
	}
	var out []string
	for _, s := range offboardSteps {
		if chosen[s.name] {
			out = append(out, s.name)
		}
	}
	return out
}

// managedOffboardDetail says why a managed guest is left alone, and how to
// offboard it instead.
func managedOffboardDetail(guest, id, managedBy string) string {
	return fmt.Sprintf("%s manages the guest %s (object id %s), so b2b_offboard_guests leaves it alone: "+
		"the resource's next plan would enable the guest again and restore its groups, and a deleted guest would be invited again as a new user. "+
		"Offboard it through the resource (account_enabled = false, fewer group_ids and app_role_assignments), or remove the resource. "+
		"To offboard the other guests, leave this one out of emails and user_ids, for example with the managed attribute of b2b_guests. "+
		"If no configuration holds the guest any more (its resource was removed from state without a destroy), delete the open extension %s from the user.",
		capitalize(managedBy), guest, id, markName)
}

func (a *offboardGuestsAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m offboardGuestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.client == nil {
		return
	}
	chosen := map[string]bool{}
	for _, s := range chosenSteps(ctx, m.Steps, &resp.Diagnostics) {
		chosen[s] = true
	}
	// Every guest is found, and the run checked as a whole, before the
	// first write.
	cands, err := a.findCandidates(ctx, targetsOf(m.Emails, m.UserIDs).known)
	if err != nil {
		resp.Diagnostics.AddError("Cannot check the guests to offboard", errorDetail(ctx, err, "reading the guests' management marks")+"\n\nNo guest was offboarded.")
		return
	}
	var unmanaged []offboardCandidate
	for _, c := range cands {
		if c.managedBy == "" {
			unmanaged = append(unmanaged, c)
		}
	}
	a.blastRadius(ctx, unmanaged, m.maxGuests(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// A guest named twice, by email and by id, is offboarded once.
	first := map[string]int{}
	for i, c := range cands {
		if key := strings.ToLower(c.guest.ID); c.why == "" {
			if _, seen := first[key]; !seen {
				first[key] = i
			}
		}
	}
	results := a.forEachCandidate(ctx, cands, resp.SendProgress,
		func(ctx context.Context, c offboardCandidate) guestResult {
			t, g := c.target, c.guest
			if i := first[strings.ToLower(g.ID)]; cands[i].target != t {
				return guestResult{target: t, kind: outcomeSkipped, reason: "this guest is also named as " + cands[i].target.label + ", and is offboarded once"}
			}
			if c.managedBy != "" {
				return guestResult{target: t, kind: outcomeSkipped, reason: c.managedBy + " manages this guest; offboard it by changing or removing that resource"}
			}
			if !isInvitedGuest(g) {
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
