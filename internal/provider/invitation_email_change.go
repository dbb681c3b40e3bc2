package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// emailChanged reports a new address, not a new spelling of the same one.
func emailChanged(plan, state types.String) bool {
	return !plan.IsUnknown() && !state.IsNull() && !strings.EqualFold(plan.ValueString(), state.ValueString())
}

// moveToNewEmail is Entra's documented way to give a guest a new sign-in
// address: the new address goes on the user's mail first, since Graph
// resets redemption only to an address the user already has, then an
// invitation to it with resetRedemption and the user's id. The user keeps
// its object id, groups, app roles and sponsors, and must redeem again.
func (r *invitationResource) moveToNewEmail(ctx context.Context, plan *invitationModel, state invitationModel, diags *diag.Diagnostics) {
	id := state.ID.ValueString()
	newEmail := plan.Email.ValueString()
	if err := r.client.UpdateUser(ctx, id, graph.UserPatch{Mail: &newEmail}); err != nil {
		diags.AddAttributeError(path.Root("email"), fmt.Sprintf("Cannot move guest %s to %s", id, newEmail),
			errorDetail(ctx, err, "setting the new address on the user")+"\n\nThe guest keeps "+state.Email.ValueString()+"; nothing else changed.")
		plan.Email = state.Email
		return
	}
	// On failure, mail already holds the new address: state says so, and
	// the next apply retries only the invitation.
	r.resetRedemption(ctx, plan, id, fmt.Sprintf("Cannot reset the redemption of guest %s to %s", id, newEmail), diags)
}

// resetRedemption invites the guest again with resetRedemption, at the
// plan's email and with its message: the user must redeem again, and is
// PendingAcceptance until then. Both a new email and a changed
// reset_redemption_triggers end here.
func (r *invitationResource) resetRedemption(ctx context.Context, plan *invitationModel, id, failure string, diags *diag.Diagnostics) {
	req := plan.inviteRequest(ctx, diags)
	req.ResetRedemption, req.UserID = true, id
	inv, err := r.client.Invite(ctx, req)
	if err != nil {
		addInviteError(ctx, diags, failure, "the reset", err, req)
		return
	}
	plan.RedeemURL, plan.Status = types.StringValue(inv.RedeemURL), types.StringValue(inv.Status)
	plan.setRedemption("PendingAcceptance", nil)
}

// planEmailChange marks what the move to a new address changes, and says
// in the plan what will happen to the guest.
func planEmailChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	var planEmail, stateEmail types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &planEmail)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("email"), &stateEmail)...)
	if !emailChanged(planEmail, stateEmail) {
		return false
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("email"), "The guest's redemption will be reset",
		fmt.Sprintf("The email changes from %s to %s. The same guest user moves to the new address and keeps its object id, groups, app roles and sponsors; "+
			"its mail is set to the new address and an invitation is sent there with resetRedemption. The guest must redeem again, and is PendingAcceptance until then. "+
			"This needs User.ReadWrite.All.", stateEmail.ValueString(), planEmail.ValueString()))
	return true
}
