package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.ResourceWithConfigure      = &crossTenantDefaultsResource{}
	_ resource.ResourceWithImportState    = &crossTenantDefaultsResource{}
	_ resource.ResourceWithValidateConfig = &crossTenantDefaultsResource{}
	_ resource.ResourceWithModifyPlan     = &crossTenantDefaultsResource{}
)

// crossTenantDefaultsID is the one id of the singleton.
const crossTenantDefaultsID = "default"

// crossTenantDefaultsResource is b2b_cross_tenant_defaults: the tenant's
// default cross-tenant access settings, which every partner without a
// setting of its own inherits. There is one per tenant; creating the
// resource takes it over, and destroying it resets it.
type crossTenantDefaultsResource struct {
	client *graph.Client
}

// NewCrossTenantDefaultsResource returns the resource.
func NewCrossTenantDefaultsResource() resource.Resource { return &crossTenantDefaultsResource{} }

type crossTenantDefaultsModel struct {
	ID             types.String `tfsdk:"id"`
	ServiceDefault types.Bool   `tfsdk:"service_default"`
	Redemption     types.Object `tfsdk:"redemption"`
	crossTenantSettingsModel
}

func (r *crossTenantDefaultsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cross_tenant_defaults"
}

func (r *crossTenantDefaultsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *crossTenantDefaultsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The tenant's default cross-tenant access settings (`/policies/crossTenantAccessPolicy/default`), which every partner organization inherits where its `b2b_partner` sets nothing: " +
			"B2B collaboration in and out, inbound trust, automatic redemption, and how guests redeem (the redemption order). There is one per tenant: creating the resource takes the settings over, changing the ones the configuration names, and every change is made in place. " +
			"**Destroy resets all of them to the system default** with Graph's `resetToSystemDefault`, whatever the configuration named: B2B collaboration allowed both ways for all users and applications, no claim of another tenant trusted, automatic redemption off, and the redemption order `externalFederation`, `azureActiveDirectory`, `socialIdentityProviders` with the fallback `defaultConfiguredIdp`. " +
			"Needs `Policy.Read.All` to read and `Policy.ReadWrite.CrossTenantAccess` to write." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Always `default`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"service_default": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the settings are the system default, never changed or reset since (`isServiceDefault`).",
			},
			"inbound_trust":              partnerSetting("Which claims of other tenants this tenant's Conditional Access trusts by default (`inboundTrust`).", inboundTrustAttributes()),
			"b2b_collaboration_inbound":  collaborationAttribute("inbound", "other organizations'", "this tenant's"),
			"b2b_collaboration_outbound": collaborationAttribute("outbound", "this tenant's", "other organizations'"),
			"automatic_redemption":       partnerSetting("Automatic redemption by default (`automaticUserConsentSettings`).", automaticRedemptionAttributes(false)),
			"redemption":                 redemptionAttribute(),
		},
	}
}

func (r *crossTenantDefaultsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m crossTenantDefaultsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateCollaborationTargets(ctx, m.crossTenantSettingsModel, &resp.Diagnostics)
	}
}

// apply sends the settings of plan that differ from prior, then reads the
// whole back, so that state holds every setting, named or not.
func (r *crossTenantDefaultsResource) apply(ctx context.Context, plan crossTenantDefaultsModel, prior crossTenantSettingsModel, priorRedemption types.Object, diags *diag.Diagnostics) (crossTenantDefaultsModel, bool) {
	patch := plan.changedFrom(ctx, prior).toGraph(ctx, diags)
	if diags.HasError() {
		return plan, false
	}
	if patch != (graph.PartnerConfig{}) {
		if err := r.client.UpdateCrossTenantDefaults(ctx, patch); err != nil {
			diags.AddError("Cannot change the default cross-tenant access settings", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	}
	if known(plan.Redemption) && !plan.Redemption.Equal(priorRedemption) {
		if err := r.client.UpdateRedemptionOrder(ctx, redemptionToGraph(ctx, plan.Redemption, diags)); err != nil {
			diags.AddAttributeError(path.Root("redemption"), "Cannot change the redemption order", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	}
	return r.read(ctx, diags)
}

func (r *crossTenantDefaultsResource) read(ctx context.Context, diags *diag.Diagnostics) (crossTenantDefaultsModel, bool) {
	d, err := r.client.GetCrossTenantDefaults(ctx)
	if err != nil {
		diags.AddError("Cannot read the default cross-tenant access settings", errorDetail(ctx, err, "the read"))
		return crossTenantDefaultsModel{}, false
	}
	m := crossTenantDefaultsModel{ID: types.StringValue(crossTenantDefaultsID), ServiceDefault: types.BoolValue(d.ServiceDefault)}
	m.setFromGraph(d.PartnerConfig)
	m.Redemption = redemptionFromGraph(d.Redemption)
	return m, true
}

func (r *crossTenantDefaultsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan crossTenantDefaultsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The singleton always exists: everything the configuration names is
	// sent, as if from nothing.
	none := crossTenantSettingsModel{InboundTrust: types.ObjectNull(inboundTrustTypes), CollaborationInbound: types.ObjectNull(collaborationTypes),
		CollaborationOutbound: types.ObjectNull(collaborationTypes), AutomaticRedemption: types.ObjectNull(automaticRedemptionTypes)}
	if m, ok := r.apply(ctx, plan, none, types.ObjectNull(redemptionTypes), &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *crossTenantDefaultsResource) Read(ctx context.Context, _ resource.ReadRequest, resp *resource.ReadResponse) {
	if m, ok := r.read(ctx, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *crossTenantDefaultsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state crossTenantDefaultsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m, ok := r.apply(ctx, plan, state.crossTenantSettingsModel, state.Redemption, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// Delete resets the settings to the system default, as the page says.
func (r *crossTenantDefaultsResource) Delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	if err := r.client.ResetCrossTenantDefaults(ctx); err != nil {
		resp.Diagnostics.AddError("Cannot reset the default cross-tenant access settings", errorDetail(ctx, err, "the reset"))
	}
}

func (r *crossTenantDefaultsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != crossTenantDefaultsID {
		resp.Diagnostics.AddError("Cannot import b2b_cross_tenant_defaults "+req.ID, "There is one set of defaults per tenant: import it with the id `default`.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), crossTenantDefaultsID)...)
}

// ModifyPlan keeps service_default when no setting changes: only a change
// makes it false, and the framework would otherwise show it as unknown on
// every plan.
func (r *crossTenantDefaultsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state crossTenantDefaultsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, s := plan.crossTenantSettingsModel, state.crossTenantSettingsModel
	if p.InboundTrust.Equal(s.InboundTrust) && p.CollaborationInbound.Equal(s.CollaborationInbound) &&
		p.CollaborationOutbound.Equal(s.CollaborationOutbound) && p.AutomaticRedemption.Equal(s.AutomaticRedemption) && plan.Redemption.Equal(state.Redemption) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("service_default"), state.ServiceDefault)...)
	}
}

// The redemption order of b2b_cross_tenant_defaults: Graph's
// invitationRedemptionIdentityProviderConfiguration, which only the
// default settings hold.

type redemptionModel struct {
	Order    types.List   `tfsdk:"order"`
	Fallback types.String `tfsdk:"fallback"`
}

var redemptionTypes = map[string]attr.Type{"order": types.ListType{ElemType: types.StringType}, "fallback": types.StringType}

func redemptionAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "How guests redeem invitations, and so sign in (`invitationRedemptionIdentityProviderConfiguration`): the identity providers tried in order, and the one for guests that none of them serves. " +
			"It decides, for example, whether a partner's people must use their own Microsoft Entra accounts, or whether everyone outside Entra gets a one-time passcode rather than a Microsoft account. " +
			"It applies when a guest redeems: a guest who redeemed already keeps its identity until its redemption is reset. `redeemed_with` on `b2b_guest` and `b2b_guests` shows what each guest used. " +
			"Left out, it is not managed: whatever the tenant holds stays, and shows in state.",
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"order": schema.ListAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The primary identity providers, first tried first (`primaryIdentityProviderPrecedenceOrder`), each at most once: " +
					"`azureActiveDirectory` (the guest's own Microsoft Entra organization), `externalFederation` (a SAML/WS-Fed identity provider configured for the guest's domain) and `socialIdentityProviders` (Google or Facebook, where configured). " +
					"A provider left out is not used for redemption.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					eachOnce{},
					listvalidator.ValueStringsAre(stringvalidator.OneOf(graph.PrimaryIdentityProviders...)),
				},
			},
			"fallback": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "For guests that no provider of `order` serves (`fallbackIdentityProvider`): `defaultConfiguredIdp` (a Microsoft account the guest has, else a one-time passcode when `b2b_collaboration_settings.guest_email_one_time_passcode` allows it, else a new Microsoft account), " +
					"`emailOneTimePasscode` (a passcode by mail, which `guest_email_one_time_passcode` must then allow) or `microsoftAccount`.",
				Validators: []validator.String{stringvalidator.OneOf(graph.FallbackIdentityProviders...)},
			},
		},
	}
}

func redemptionToGraph(ctx context.Context, o types.Object, diags *diag.Diagnostics) graph.RedemptionOrder {
	var m redemptionModel
	diags.Append(o.As(ctx, &m, objectAsOptions)...)
	order := []string{}
	diags.Append(m.Order.ElementsAs(ctx, &order, false)...)
	return graph.RedemptionOrder{Primary: order, Fallback: m.Fallback.ValueString()}
}

// redemptionFromGraph is the order Graph holds, null when it answers none.
func redemptionFromGraph(o *graph.RedemptionOrder) types.Object {
	if o == nil {
		return types.ObjectNull(redemptionTypes)
	}
	order := make([]attr.Value, 0, len(o.Primary))
	for _, p := range o.Primary {
		order = append(order, types.StringValue(p))
	}
	return types.ObjectValueMust(redemptionTypes, map[string]attr.Value{
		"order": types.ListValueMust(types.StringType, order), "fallback": types.StringValue(o.Fallback)})
}

// eachOnce refuses a list that names a value twice, naming the value and
// the attribute: Graph's reader takes such an order, and what Entra makes
// of it is not documented.
type eachOnce struct{}

func (eachOnce) Description(context.Context) string { return "each value at most once" }

func (v eachOnce) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (eachOnce) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	seen := map[string]bool{}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if seen[s.ValueString()] {
			resp.Diagnostics.AddAttributeError(req.Path, "Identity provider listed twice",
				fmt.Sprintf("%s lists %q twice; each identity provider may appear once, in the place it is tried.", req.Path, s.ValueString()))
			return
		}
		seen[s.ValueString()] = true
	}
}
