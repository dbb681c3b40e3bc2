package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
//
// A reset that Graph refuses as a bad request (the tenant's domain list
// governs resets as it governs invitations) reset nothing, so the old
// address goes back on mail and the guest is as it was. That refusal is
// returned rather than added to diags, for the rest of the update to go
// ahead.
func (r *invitationResource) moveToNewEmail(ctx context.Context, plan *invitationModel, state invitationModel, diags *diag.Diagnostics) diag.Diagnostics {
	id := state.ID.ValueString()
	oldEmail, newEmail := state.Email.ValueString(), plan.Email.ValueString()
	failure := fmt.Sprintf("Cannot move guest %s to %s", id, newEmail)
	if err := r.client.UpdateUser(ctx, id, graph.UserPatch{Mail: &newEmail}); err != nil {
		diags.AddAttributeError(path.Root("email"), failure,
			errorDetail(ctx, err, "setting the new address on the user")+"\n\nThe guest keeps "+oldEmail+"; nothing else changed.")
		plan.Email = state.Email
		return nil
	}
	req, err := r.sendReset(ctx, plan, id, diags)
	if err == nil || !graph.IsKind(err, graph.KindBadRequest) {
		if err != nil {
			// mail already holds the new address, and state says so.
			addInviteError(ctx, diags, fmt.Sprintf("Cannot reset the redemption of guest %s to %s", id, newEmail), "the reset", err, req)
		}
		return nil
	}
	detail := errorDetail(ctx, err, "the reset")
	if setting := r.domainRestriction(ctx, err, newEmail); setting != "" {
		detail = setting + "\n\n" + detail
	}
	if restoreErr := r.client.UpdateUser(ctx, id, graph.UserPatch{Mail: &oldEmail}); restoreErr != nil {
		diags.AddAttributeError(path.Root("email"), failure, detail+"\n\nThe redemption was not reset, but the guest's mail still holds "+newEmail+
			", since putting "+oldEmail+" back failed: "+errorDetail(ctx, restoreErr, "restoring the mail")+
			"\nSet the mail of user "+id+" back to "+oldEmail+" in the Microsoft Entra admin center.")
		return nil
	}
	// Nothing of the move happened: state keeps the address, and the
	// triggers, that the guest still has.
	plan.Email = state.Email
	plan.ResetRedemptionTriggers, plan.ResendTriggers = state.ResetRedemptionTriggers, state.ResendTriggers
	var refused diag.Diagnostics
	refused.AddAttributeError(path.Root("email"), failure, detail+"\n\nThe guest keeps "+oldEmail+
		", with its mail and redemption as they were; the rest of the update was applied.")
	return refused
}

// emailMoveDiagnostics says in the plan what a move from stateEmail to
// planEmail will do to the guest id. A move to a domain that the
// b2b_collaboration_settings of this configuration refuses fails the plan
// (collaboration_settings_planned.go).
func (r *invitationResource) emailMoveDiagnostics(planEmail, stateEmail, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	if setting := r.domains.refusal(planEmail); setting != "" {
		diags.AddAttributeError(path.Root("email"), fmt.Sprintf("Cannot move guest %s to %s", id, planEmail),
			setting+"\n\nThe b2b_collaboration_settings of this configuration plans that list, and Graph refuses a redemption reset to such an address as it refuses an invitation. "+
				"The guest keeps "+stateEmail+".")
		return diags
	}
	diags.AddAttributeWarning(path.Root("email"), "The guest's redemption will be reset",
		fmt.Sprintf("The email changes from %s to %s. The same guest user moves to the new address and keeps its object id, groups, app roles and sponsors; "+
			"its mail is set to the new address and an invitation is sent there with resetRedemption. The guest must redeem again, and is PendingAcceptance until then. "+
			"This needs User.ReadWrite.All.", stateEmail, planEmail))
	return diags
}
