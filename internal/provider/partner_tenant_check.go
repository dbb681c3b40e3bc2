package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// checkPartnerTenant fails the plan of a new partner configuration whose
// tenant_id is this tenant's own, or no tenant's: Graph refuses both only
// at the create, and its answer does not say which. Only a create (or the
// replacement a new tenant_id makes) is checked, so that a plan of partners
// already in state costs no lookup.
func (r *partnerResource) checkPartnerTenant(ctx context.Context, req resource.ModifyPlanRequest, tenantID string, diags *diag.Diagnostics) {
	if r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var prior types.String
		diags.Append(req.State.GetAttribute(ctx, path.Root("tenant_id"), &prior)...)
		if strings.EqualFold(prior.ValueString(), tenantID) {
			return
		}
	}
	own, err := r.client.OwnTenantID(ctx)
	switch {
	case err != nil:
		// tenant_id named by a domain that the lookup could not resolve:
		// the create still fails, with Graph's answer.
		tflog.Debug(ctx, "own tenant id unknown; b2b_partner not checked against it", map[string]any{"error": err.Error()})
	case strings.EqualFold(own, tenantID):
		diags.AddAttributeError(path.Root("tenant_id"), "A partner must be another organization",
			fmt.Sprintf("%s is the tenant that the provider signs in to (its tenant_id, or ARM_TENANT_ID). "+
				"Cross-tenant access settings are kept for other organizations' tenants: give the partner's tenant id, "+
				"which the b2b_tenant data source finds from one of its domains. This tenant's own settings for every other organization "+
				"are b2b_cross_tenant_defaults.", tenantID))
		return
	}
	_, err = r.client.FindTenantByID(ctx, tenantID)
	switch {
	case graph.IsNotFound(err):
		diags.AddAttributeError(path.Root("tenant_id"), "No tenant has this id",
			fmt.Sprintf("No Microsoft Entra tenant has the id %s, so there is no organization to keep partner settings for. "+
				"Check the id, or find it from one of the partner's domains with the b2b_tenant data source.\n\n%v", tenantID, err))
	case graph.IsKind(err, graph.KindForbidden):
		// The lookup needs CrossTenantInformation.ReadBasic.All, which
		// b2b_partner alone does not: without it the create still fails on
		// such an id, at apply.
		tflog.Debug(ctx, "b2b_partner tenant_id not looked up", map[string]any{"error": err.Error()})
	case err != nil:
		diags.AddAttributeError(path.Root("tenant_id"), "Cannot look up tenant "+tenantID, errorDetail(ctx, err, "the lookup"))
	}
}
