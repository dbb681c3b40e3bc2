package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// claimGuest fails the plan of a new resource for a guest that another
// resource of this provider configuration already holds, or that a destroy
// or an email change in the same plan lets go of: it would be created as a
// second owner of one user. A guest that state holds is claimed by
// planExistingGuest.
func (r *invitationResource) claimGuest(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var email types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &email)...)
	if email.IsNull() || email.IsUnknown() || resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.claimEmail(email.ValueString(), "", types.StringNull(), req.Config.Raw, false)...)
}

// claimEmail is the claim of claimGuest and planExistingGuest: the resource's email,
// and, when it is planned from state (existing), the user's object id and
// the email that state records.
func (r *invitationResource) claimEmail(email, id string, priorEmail types.String, config tftypes.Value, existing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	r.managed.note(id, email)
	heldBy, released := r.claims.claim(email, id, config, existing)
	var vacatedFor *guestClaim // a create of the address this resource moves away from
	if heldBy == nil && released == nil && existing && emailChanged(types.StringValue(email), priorEmail) {
		vacatedFor = r.claims.release(guestRelease{email: priorEmail.ValueString(), moves: true})
	}
	switch {
	case released != nil:
		doing := "would create"
		if existing {
			doing = "holds"
		}
		other := fmt.Sprintf("Another b2b_invitation in the same plan is being destroyed, and it holds that guest as user %s. "+
			"Terraform runs the destroy and this resource's change side by side, so the destroy would delete the user, or remove its memberships, from under this resource, "+
			"and the next apply would invite the guest again as a new user with a new object id.", released.userID)
		if released.moves {
			other = "Another b2b_invitation in the same plan changes its email away from this address, taking the guest's user, its object id and its memberships with it to the new address; " +
				"this resource would then invite the guest again as a new user. This is what a shifted count index or a reordered list does."
		}
		diags.AddAttributeError(path.Root("email"), "This plan takes away the guest this b2b_invitation "+doing,
			fmt.Sprintf("This resource %s the guest %q. %s\n\n%s", doing, email, other,
				movedAdvice("the address that holds the guest now", "this resource's address, shown above")))
	case vacatedFor != nil:
		diags.AddAttributeError(path.Root("email"), "This plan moves a guest away from an address that another b2b_invitation creates",
			fmt.Sprintf("This resource changes its email from %q to %q, which moves its user %s, with its object id and memberships, to the new address. "+
				"Another b2b_invitation in the same plan creates a guest for %q, who would then be invited again as a new user. "+
				"This is what a shifted count index or a reordered list does.\n\n%s",
				priorEmail.ValueString(), email, id, vacatedFor.spelling,
				movedAdvice("this resource's address, shown above", fmt.Sprintf("the address of the b2b_invitation whose email is %q", vacatedFor.spelling))))
	case heldBy != nil:
		diags.AddAttributeError(path.Root("email"), "Another b2b_invitation holds this guest",
			fmt.Sprintf("This resource's email is %q, and another b2b_invitation of the same provider configuration has %q. "+
				"Email addresses are compared without regard to case, so both resources would manage one guest, and destroying either would delete the guest from under the other. "+
				"Keep one resource for this guest: delete the other block, or merge the two with a moved block.", email, heldBy.spelling))
	}
	return diags
}

// releaseGuest records a planned destroy, and fails it when another
// resource of the same plan claims the guest it holds.
func (r *invitationResource) releaseGuest(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state invitationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	// A guest whose mark is another resource's stays managed after this
	// destroy, which leaves that mark.
	foreign, d := hasFlag(ctx, req.Private, foreignMarkKey)
	resp.Diagnostics.Append(d...)
	if !foreign {
		r.managed.forget(id, state.Email.ValueString())
	}
	proven, d := provesCreated(ctx, req.Private, id)
	resp.Diagnostics.Append(d...)
	deletes := state.DeleteUserOnDestroy.ValueBool() && ((!state.Adopted.ValueBool() && proven) || state.DeleteAdoptedUser.ValueBool())
	heldBy := r.claims.release(guestRelease{email: state.Email.ValueString(), userID: id, deletes: deletes})
	if heldBy == nil {
		return
	}
	doing := "creates"
	if heldBy.existing {
		doing = "holds"
	}
	resp.Diagnostics.AddAttributeError(path.Root("email"), "This plan destroys a guest that another b2b_invitation "+doing,
		fmt.Sprintf("This plan destroys the b2b_invitation that holds the guest %q as user %s, while another b2b_invitation in the same plan %s that guest as %q. "+
			"Terraform runs the two side by side, so the destroy would delete the user, or remove its memberships, from under the other resource, "+
			"and the next apply would invite the guest again as a new user with a new object id.\n\n%s",
			state.Email.ValueString(), id, doing, heldBy.spelling,
			movedAdvice("the address this plan destroys", fmt.Sprintf("the address of the b2b_invitation whose email is %q", heldBy.spelling))))
}

// movedAdvice tells how to keep a guest through a refactor. Terraform does
// not tell a provider the address of what it plans, so the addresses are
// described; Terraform prints the one it knows beside the error.
func movedAdvice(from, to string) string {
	return fmt.Sprintf("If the resource was renamed, given a new for_each key or count index, or moved into or out of a module, "+
		"tell Terraform with a moved block, and the guest keeps its object id, memberships and redemption:\n\n"+
		"  moved {\n    from = <%s>\n    to   = <%s>\n  }\n\n"+
		"On Terraform 1.16 or later and OpenTofu 1.12, lifecycle { destroy = false } on the resource also keeps the user when an instance is removed. "+
		"To delete the guest and invite them again on purpose, remove the old resource in one apply and add the new one in the next.", from, to)
}
