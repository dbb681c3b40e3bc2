package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &partnerResource{}
	_ resource.ResourceWithImportState    = &partnerResource{}
	_ resource.ResourceWithModifyPlan     = &partnerResource{}
	_ resource.ResourceWithValidateConfig = &partnerResource{}
)

// partnerResource is b2b_partner: the cross-tenant access settings this
// tenant keeps for one partner organization.
type partnerResource struct {
	client   *graph.Client
	partners *partnerClaims
}

// NewPartnerResource returns the resource.
func NewPartnerResource() resource.Resource { return &partnerResource{} }

func (r *partnerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner"
}

func (r *partnerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.client, r.partners = pd.client, pd.partners
	}
}

func partnerSetting(description string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description + " Left out, it is not managed: whatever the partner configuration holds stays, and shows in state.",
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes:          attrs,
	}
}

func inboundTrustAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"mfa_accepted":                  schema.BoolAttribute{Required: true, MarkdownDescription: "Trust MFA done in the other tenant."},
		"compliant_device_accepted":     schema.BoolAttribute{Required: true, MarkdownDescription: "Trust the other tenant's compliant devices."},
		"hybrid_joined_device_accepted": schema.BoolAttribute{Required: true, MarkdownDescription: "Trust the other tenant's hybrid-joined devices."},
	}
}

// automaticRedemptionAttributes are required on the defaults; on a partner
// each direction may be null, Graph's "follow the default", which false is
// not.
func automaticRedemptionAttributes(inheritable bool) map[string]schema.Attribute {
	inherits := ""
	if inheritable {
		inherits = " Null, or left out, follows `b2b_cross_tenant_defaults`; `false` refuses whatever the defaults say."
	}
	return map[string]schema.Attribute{
		"inbound": schema.BoolAttribute{Required: !inheritable, Optional: inheritable,
			MarkdownDescription: "The other tenant's users skip the consent prompt when they redeem an invitation to this tenant." + inherits},
		"outbound": schema.BoolAttribute{Required: !inheritable, Optional: inheritable,
			MarkdownDescription: "This tenant's users skip it when they redeem the other tenant's invitations." + inherits},
	}
}

func accessAttribute(what, all string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: "`allowed` or `blocked`. `allowed`: the " + what + " named here are allowed, and all others are blocked. " +
			"`blocked`: the " + what + " named here are blocked, and all others are allowed, so a blocked list of ids leaves all that it does not name allowed. " +
			"To block them all, set `access = \"blocked\"` with `" + all + " = true`.",
		Validators: []validator.String{stringvalidator.OneOf("allowed", "blocked")},
	}
}

func collaborationAttribute(direction, whose, whoseApps string) schema.SingleNestedAttribute {
	return partnerSetting("B2B collaboration "+direction+" (`b2bCollaboration"+map[string]string{"inbound": "Inbound", "outbound": "Outbound"}[direction]+"`).",
		map[string]schema.Attribute{
			"users_and_groups": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Which of " + whose + " users and groups it applies to. Left out, the tenant's default applies.",
				Attributes: map[string]schema.Attribute{
					"access":    accessAttribute("users and groups", "all_users"),
					"all_users": schema.BoolAttribute{Optional: true, MarkdownDescription: "All users (`AllUsers`). Set it to `true`, or list users and groups instead."},
					"user_ids":  schema.SetAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Object ids of " + whose + " users.", Validators: []validator.Set{setvalidator.ValueStringsAre(uuidValidator())}},
					"group_ids": schema.SetAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Object ids of " + whose + " groups.", Validators: []validator.Set{setvalidator.ValueStringsAre(uuidValidator())}},
				},
			},
			"applications": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Which of " + whoseApps + " applications it applies to. Left out, the tenant's default applies.",
				Attributes: map[string]schema.Attribute{
					"access":           accessAttribute("applications", "all_applications"),
					"all_applications": schema.BoolAttribute{Optional: true, MarkdownDescription: "All applications (`AllApplications`). Set it to `true`, or list applications instead."},
					"application_ids": schema.SetAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Application (client) ids, or `Office365`.", Validators: []validator.Set{setvalidator.ValueStringsAre(applicationIDValidator())}},
				},
			},
		})
}

func (r *partnerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The cross-tenant access settings this tenant keeps for one partner organization (`/policies/crossTenantAccessPolicy/partners/{tenantId}`): " +
			"who may come in from it and go out to it with B2B collaboration, and to which applications; whether its MFA and devices are trusted; and automatic redemption. " +
			"Every setting changes in place, and a setting left out is not managed. Find the tenant id with the `b2b_tenant` data source. " +
			"Needs `Policy.Read.All` to read and `Policy.ReadWrite.CrossTenantAccess` to write. " +
			"Destroy deletes the configuration, which Microsoft Entra keeps in deleted items for a time; a new configuration for the same tenant is refused until it is restored or deleted permanently there, which an application cannot do." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The partner's tenant id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tenant_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The partner's tenant id, such as `data.b2b_tenant.x.tenant_id`. Changing it replaces the configuration. " +
					"The plan of a new configuration fails on the id of the tenant the provider signs in to, and, where the app has `CrossTenantInformation.ReadBasic.All` to look it up, on an id that no Microsoft Entra tenant has.",
				Validators:    []validator.String{tenantIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"inbound_trust":              partnerSetting("Which of the partner's claims this tenant's Conditional Access trusts (`inboundTrust`).", inboundTrustAttributes()),
			"b2b_collaboration_inbound":  collaborationAttribute("inbound", "the partner's", "this tenant's"),
			"b2b_collaboration_outbound": collaborationAttribute("outbound", "this tenant's", "the partner's"),
			"automatic_redemption":       partnerSetting("Automatic redemption (`automaticUserConsentSettings`): the consent prompt is skipped only where this tenant allows it inbound and the partner's tenant outbound.", automaticRedemptionAttributes(true)),
		},
	}
}

func (r *partnerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan partnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want := plan.toGraph(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreatePartner(ctx, want)
	if graph.IsKind(err, graph.KindAlreadyExists) {
		r.explainConflict(ctx, want.TenantID, err, &resp.Diagnostics)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the partner configuration of tenant "+want.TenantID, errorDetail(ctx, err, "the create"))
		return
	}
	plan.setFromGraph(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// explainConflict says why Graph refused a new configuration: one exists,
// or a deleted one is still in deleted items.
func (r *partnerResource) explainConflict(ctx context.Context, tenantID string, err error, diags interface {
	AddAttributeError(path.Path, string, string)
}) {
	_, readErr := r.client.GetPartner(ctx, tenantID)
	if readErr == nil {
		diags.AddAttributeError(path.Root("tenant_id"), "Tenant "+tenantID+" already has a partner configuration",
			fmt.Sprintf("This tenant already keeps cross-tenant access settings for %s, made outside this configuration or by another state. "+
				"Import them, with `terraform import b2b_partner.NAME %s` or an import block, so that this resource manages them in place.\n\n%v", tenantID, tenantID, err))
		return
	}
	diags.AddAttributeError(path.Root("tenant_id"), "Tenant "+tenantID+"'s deleted partner configuration is in deleted items",
		fmt.Sprintf("A partner configuration for %s was deleted, and Microsoft Entra keeps it in deleted items for a time, during which Graph refuses a new one. "+
			"An application cannot restore it or delete it permanently. An administrator can, in the Microsoft Entra admin center under "+
			"External Identities → Cross-tenant access settings: restore it and import it with `terraform import b2b_partner.NAME %s`, "+
			"or delete it permanently and apply again.\n\n%v", tenantID, tenantID, err))
}

func (r *partnerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state partnerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := r.client.GetPartner(ctx, state.TenantID.ValueString())
	if graph.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the partner configuration of tenant "+state.TenantID.ValueString(), errorDetail(ctx, err, "the read"))
		return
	}
	state.setFromGraph(got)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *partnerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state partnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	changed := partnerModel{TenantID: plan.TenantID, crossTenantSettingsModel: plan.changedFrom(ctx, state.crossTenantSettingsModel)}
	patch := changed.toGraph(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.UpdatePartner(ctx, patch); err != nil {
		resp.Diagnostics.AddError("Cannot update the partner configuration of tenant "+plan.TenantID.ValueString(), errorDetail(ctx, err, "the update"))
		return
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *partnerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state partnerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeletePartner(ctx, state.TenantID.ValueString()); err != nil && !graph.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the partner configuration of tenant "+state.TenantID.ValueString(), errorDetail(ctx, err, "the delete"))
	}
}

func (r *partnerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Cannot import b2b_partner "+req.ID, "Import a partner configuration by its tenant id, a GUID; find it with the b2b_tenant data source.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("tenant_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
