package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &resetRedemptionAction{}
	_ action.ActionWithValidateConfig = &resetRedemptionAction{}
	_ action.ActionWithModifyPlan     = &resetRedemptionAction{}
)

// resetRedemptionAction is b2b_reset_redemption: the guests must redeem
// again, perhaps with another identity or at a new email (Terraform 1.14+).
type resetRedemptionAction struct {
	guestAction
}

// NewResetRedemptionAction returns the action.
func NewResetRedemptionAction() action.Action { return &resetRedemptionAction{} }

type resetRedemptionModel struct {
	guestActionConfig
	NewEmail              types.String `tfsdk:"new_email"`
	SendInvitationMessage types.Bool   `tfsdk:"send_invitation_message"`
}

func (a *resetRedemptionAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reset_redemption"
}

func (a *resetRedemptionAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := guestActionAttributes("reset", "Where the guests land after redeeming again")
	attrs["new_email"] = actionschema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Invite the guest at this email instead, as Graph's redemption reset allows; only with exactly one guest named. " +
			"Graph resets only to an address the user already has, so the guest's `mail` is set to it first (a second write, with the same `User.ReadWrite.All`). " +
			"Refused for a guest that a `b2b_invitation` of this configuration manages, whose next plan would move it back: change that resource's `email` instead. " +
			"The provider knows the guest is managed when the action refers to that resource (`b2b_invitation.x.id` or `.email`), and refuses during plan, or before anything is written for a guest created in the same apply; a literal id or email gives Terraform no link to the resource, so refer to it.",
		Validators: []validator.String{emailValidator()},
	}
	attrs["send_invitation_message"] = actionschema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Whether Graph emails the new invitation. Default `true`.",
	}
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Resets the redemption of existing guests: each keeps their object id, groups and app roles, and must redeem a new invitation, perhaps with another identity. " +
			"Each guest's outcome is reported as it happens. Needs `User.Invite.All` and `User.ReadWrite.All`, and Terraform 1.14+." +
			pageNotes("Terraform 1.14+; OpenTofu has no actions.", retriesNote,
				inviteLimitNote, fmt.Sprintf("At most %d guests are handled at a time.", actionParallelism)),
		Attributes: attrs,
	}
}

func (a *resetRedemptionAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m resetRedemptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	targets := targetsOf(m.Emails, m.UserIDs)
	validateTargets(targets, &resp.Diagnostics)
	checkNewEmailTargets(m.NewEmail, targets, &resp.Diagnostics)
}

// checkNewEmailTargets wants exactly one guest beside a new email, as far
// as the guests are known.
func checkNewEmailTargets(newEmail types.String, targets guestTargets, diags *diag.Diagnostics) {
	if newEmail.IsNull() {
		return
	}
	if n := len(targets.known); n > 1 || (n == 0 && !targets.unknown) {
		diags.AddAttributeError(path.Root("new_email"), "new_email needs exactly one guest",
			"A new email belongs to one guest; name exactly one in emails or user_ids, or leave new_email out.")
	}
}

// ModifyPlan refuses, during plan, a new email for a guest that a
// b2b_invitation in this configuration holds, when this plan has seen it.
func (a *resetRedemptionAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m resetRedemptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.NewEmail.IsNull() {
		return
	}
	for _, t := range targetsOf(m.Emails, m.UserIDs).known {
		if held, ok := a.managed.heldAt(t.label); ok {
			resp.Diagnostics.AddAttributeError(path.Root("new_email"), "The guest's email belongs to its b2b_invitation", managedNewEmailDetail(t.label, held))
		}
	}
}

// managedNewEmailDetail says why a new email is refused for a guest that a
// b2b_invitation holds, and what to do instead.
func managedNewEmailDetail(guest, heldAt string) string {
	return fmt.Sprintf("A b2b_invitation in this configuration manages the guest %s, with email = %q. "+
		"Its next plan would move the guest back to that address, and resetting the redemption there would invite the guest again. "+
		"Change that resource's email instead: it resets the redemption and invites the guest at the new address, keeping the object id, groups and app roles. "+
		"new_email is for guests that no b2b_invitation manages; the rest of this action works on managed guests as well.", guest, heldAt)
}

func (a *resetRedemptionAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m resetRedemptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.client == nil {
		return
	}
	targets := targetsOf(m.Emails, m.UserIDs)
	checkNewEmailTargets(m.NewEmail, targets, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	base := m.invitation(ctx, &resp.Diagnostics)
	base.ResetRedemption = true
	if !m.SendInvitationMessage.IsNull() {
		base.SendMessage = m.SendInvitationMessage.ValueBool()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	results := a.forEachGuest(ctx, targets.known, resp.SendProgress,
		func(ctx context.Context, t guestTarget, g graph.Guest) guestResult {
			inv := base
			inv.UserID, inv.Email = g.ID, inviteEmail(t, g)
			if newEmail := m.NewEmail.ValueString(); newEmail != "" {
				// A guest created in this apply is known only now.
				if held, ok := a.managed.heldAt(g.ID, t.label); ok {
					return guestResult{target: t, kind: outcomeFailed, reason: managedNewEmailDetail(t.label, held)}
				}
				// In a run that read no resource (-invoke), the mark tells.
				if _, marked, err := a.client.ReadCreationMark(ctx, g.ID); err != nil {
					return guestResult{target: t, kind: outcomeFailed, reason: errorDetail(ctx, err, "reading the guest's management mark")}
				} else if marked && !a.managed.isReleased(g.ID) {
					return guestResult{target: t, kind: outcomeFailed, reason: fmt.Sprintf("a b2b_invitation manages the guest %s: it carries the open extension %s that the resource keeps. "+
						"Its next plan would move the guest back to its address. Change that resource's email instead; "+
						"new_email is for guests that no b2b_invitation manages.", t.label, markName)}
				}
				// Graph resets only to an address the user already has, in
				// mail or otherMails; mail is the one to set.
				inv.Email = newEmail
				if !emailMatches(newEmail, g) {
					if err := a.client.UpdateUser(ctx, g.ID, graph.UserPatch{Mail: &newEmail}); err != nil {
						return guestResult{target: t, kind: outcomeFailed, reason: errorDetail(ctx, err, "setting mail to new_email")}
					}
					if _, err := a.client.Invite(ctx, inv); err != nil {
						return guestResult{target: t, kind: outcomeFailed, reason: a.restoreMail(ctx, g, err)}
					}
					return guestResult{target: t, kind: outcomeDone, reason: "redemption reset, invited at " + inv.Email}
				}
			}
			if _, err := a.client.Invite(ctx, inv); err != nil {
				return guestResult{target: t, kind: outcomeFailed, reason: errorDetail(ctx, err, "the reset")}
			}
			return guestResult{target: t, kind: outcomeDone, reason: "redemption reset, invited at " + inv.Email}
		})
	reportResults(results, "reset the redemption of", resp.SendProgress, &resp.Diagnostics)
}

// restoreMail puts back the mail of a guest whose reset to new_email Graph
// refused outright (a 400, such as a domain the collaboration restrictions
// refuse), so that the guest keeps the address it redeemed with; the reason
// says what happened.
func (a *resetRedemptionAction) restoreMail(ctx context.Context, g graph.Guest, resetErr error) string {
	reason := errorDetail(ctx, resetErr, "the reset")
	if !graph.IsKind(resetErr, graph.KindBadRequest) {
		return reason + "\n\nThe guest's mail now holds new_email, and its redemption was not reset; run the action again once the cause is fixed."
	}
	old := g.Mail
	if old == "" {
		return reason + "\n\nThe guest's mail now holds new_email, and had no address before; clear it in the Microsoft Entra admin center if the guest should keep none."
	}
	if err := a.client.UpdateUser(ctx, g.ID, graph.UserPatch{Mail: &old}); err != nil {
		return reason + "\n\nPutting the guest's mail back to " + old + " failed too: " + errorDetail(ctx, err, "restoring the mail") +
			"\nSet the mail of user " + g.ID + " back to " + old + " in the Microsoft Entra admin center."
	}
	return reason + "\n\nThe guest keeps " + old + ", with its redemption as it was."
}
