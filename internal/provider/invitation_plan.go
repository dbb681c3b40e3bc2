package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithModifyPlan = &invitationResource{}

// ModifyPlan plans a destroy, a create and a change of a guest that state
// holds; the last is planExistingGuest's, which the unchanged plan shares.
// It runs for every guest on every plan, so it reads only the attributes
// it needs instead of the whole model.
func (r *invitationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.releaseGuest(ctx, req, resp)
		return
	}
	if req.State.Raw.IsNull() {
		r.claimGuest(ctx, req, resp)
		r.planReplacement(ctx, req, resp)
		return
	}
	g, diags := existingGuestOf(ctx, req.Plan.Raw, req.State.Raw, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	planned, _ := r.planExistingGuest(g, false)
	resp.Diagnostics.Append(planned.diags...)
	for attr, v := range planned.unknownAttributes() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), v)...)
	}
}
