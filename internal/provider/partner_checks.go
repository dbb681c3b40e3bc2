package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// partnerClaims is how one Terraform walk knows which b2b_partner plans
// each tenant: Graph keeps one configuration per partner tenant, so two
// resources for one tenant would overwrite each other's settings.
// Terraform plans a resource that it replaces twice, once from its state
// and once as a create, with the same configuration: that pair is let
// through, and nothing else.
type partnerClaims struct {
	mu       sync.Mutex
	byTenant map[string]partnerClaim
}

type partnerClaim struct {
	config   tftypes.Value
	existing bool // planned from state
}

func newPartnerClaims() *partnerClaims { return &partnerClaims{byTenant: map[string]partnerClaim{}} }

// claim records a tenant for a configuration, planned from state or as a
// create, and reports whether another resource has it.
func (c *partnerClaims) claim(tenantID string, config tftypes.Value, existing bool) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := strings.ToLower(tenantID)
	if held, ok := c.byTenant[key]; ok {
		replacement := held.existing != existing && held.config.Equal(config)
		return !replacement
	}
	c.byTenant[key] = partnerClaim{config: config, existing: existing}
	return false
}

// ModifyPlan fails a plan in which two b2b_partner resources configure one
// tenant, or one configures a tenant that cannot be a partner.
func (r *partnerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan partnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.TenantID.IsUnknown() {
		return
	}
	if r.partners.claim(plan.TenantID.ValueString(), req.Config.Raw, !req.State.Raw.IsNull()) {
		resp.Diagnostics.AddAttributeError(path.Root("tenant_id"), "Tenant "+plan.TenantID.ValueString()+" is configured twice",
			"Another b2b_partner in this configuration manages the same tenant. Microsoft Entra keeps one partner configuration per tenant, "+
				"so the two would overwrite each other's settings: keep one resource for the tenant, with every setting in it.")
		return
	}
	r.checkPartnerTenant(ctx, req, plan.TenantID.ValueString(), &resp.Diagnostics)
}

// ValidateConfig wants each list of targets to name something: all users
// or applications, or ids, not both.
func (r *partnerResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m partnerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateCollaborationTargets(ctx, m.crossTenantSettingsModel, &resp.Diagnostics)
	}
}

func validateCollaborationTargets(ctx context.Context, m crossTenantSettingsModel, diags *diag.Diagnostics) {
	for attr, setting := range map[string]types.Object{"b2b_collaboration_inbound": m.CollaborationInbound, "b2b_collaboration_outbound": m.CollaborationOutbound} {
		if !known(setting) {
			continue
		}
		var c collaborationModel
		diags.Append(setting.As(ctx, &c, objectAsOptions)...)
		if known(c.UsersAndGroups) {
			var u usersAndGroupsModel
			diags.Append(c.UsersAndGroups.As(ctx, &u, objectAsOptions)...)
			checkTargets(diags, path.Root(attr).AtName("users_and_groups"), "all_users", u.AllUsers.IsUnknown() || u.UserIDs.IsUnknown() || u.GroupIDs.IsUnknown(),
				!u.AllUsers.IsNull(), u.AllUsers.ValueBool(), len(u.UserIDs.Elements())+len(u.GroupIDs.Elements()), "user_ids or group_ids")
		}
		if known(c.Applications) {
			var a applicationsModel
			diags.Append(c.Applications.As(ctx, &a, objectAsOptions)...)
			checkTargets(diags, path.Root(attr).AtName("applications"), "all_applications", a.AllApplications.IsUnknown() || a.ApplicationIDs.IsUnknown(),
				!a.AllApplications.IsNull(), a.AllApplications.ValueBool(), len(a.ApplicationIDs.Elements()), "application_ids")
		}
	}
}

func checkTargets(diags *diag.Diagnostics, at path.Path, allName string, unknown, allSet, all bool, ids int, idsName string) {
	switch {
	case unknown:
	case allSet && !all:
		diags.AddAttributeError(at.AtName(allName), "Set "+allName+" to true, or leave it out",
			fmt.Sprintf("%s = false names nothing: list %s instead.", allName, idsName))
	case all && ids > 0:
		diags.AddAttributeError(at.AtName(allName), allName+" and a list of ids together",
			fmt.Sprintf("%s = true already covers everyone; leave %s out, or set %s only.", allName, idsName, idsName))
	case !all && ids == 0:
		diags.AddAttributeError(at, "Nothing to allow or block",
			fmt.Sprintf("Set %s = true, or list %s.", allName, idsName))
	}
}
