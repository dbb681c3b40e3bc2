package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// partnerModel is b2b_partner's state.
type partnerModel struct {
	ID       types.String `tfsdk:"id"`
	TenantID types.String `tfsdk:"tenant_id"`
	crossTenantSettingsModel
}

// crossTenantSettingsModel is what b2b_partner and
// b2b_cross_tenant_defaults both set. Each setting is an object; on a
// partner it is null when the configuration leaves it to the defaults.
type crossTenantSettingsModel struct {
	InboundTrust          types.Object `tfsdk:"inbound_trust"`
	CollaborationInbound  types.Object `tfsdk:"b2b_collaboration_inbound"`
	CollaborationOutbound types.Object `tfsdk:"b2b_collaboration_outbound"`
	AutomaticRedemption   types.Object `tfsdk:"automatic_redemption"`
}

type inboundTrustModel struct {
	MFAAccepted                types.Bool `tfsdk:"mfa_accepted"`
	CompliantDeviceAccepted    types.Bool `tfsdk:"compliant_device_accepted"`
	HybridJoinedDeviceAccepted types.Bool `tfsdk:"hybrid_joined_device_accepted"`
}

type collaborationModel struct {
	UsersAndGroups types.Object `tfsdk:"users_and_groups"`
	Applications   types.Object `tfsdk:"applications"`
}

type usersAndGroupsModel struct {
	Access   types.String `tfsdk:"access"`
	AllUsers types.Bool   `tfsdk:"all_users"`
	UserIDs  types.Set    `tfsdk:"user_ids"`
	GroupIDs types.Set    `tfsdk:"group_ids"`
}

type applicationsModel struct {
	Access          types.String `tfsdk:"access"`
	AllApplications types.Bool   `tfsdk:"all_applications"`
	ApplicationIDs  types.Set    `tfsdk:"application_ids"`
}

type automaticRedemptionModel struct {
	Inbound  types.Bool `tfsdk:"inbound"`
	Outbound types.Bool `tfsdk:"outbound"`
}

var (
	inboundTrustTypes   = map[string]attr.Type{"mfa_accepted": types.BoolType, "compliant_device_accepted": types.BoolType, "hybrid_joined_device_accepted": types.BoolType}
	usersAndGroupsTypes = map[string]attr.Type{"access": types.StringType, "all_users": types.BoolType,
		"user_ids": types.SetType{ElemType: types.StringType}, "group_ids": types.SetType{ElemType: types.StringType}}
	applicationsTypes        = map[string]attr.Type{"access": types.StringType, "all_applications": types.BoolType, "application_ids": types.SetType{ElemType: types.StringType}}
	collaborationTypes       = map[string]attr.Type{"users_and_groups": types.ObjectType{AttrTypes: usersAndGroupsTypes}, "applications": types.ObjectType{AttrTypes: applicationsTypes}}
	automaticRedemptionTypes = map[string]attr.Type{"inbound": types.BoolType, "outbound": types.BoolType}
)

// Graph's keywords among targets.
const (
	targetAllUsers        = "AllUsers"
	targetAllApplications = "AllApplications"
)

// known reports whether an object is set in the configuration or plan.
func known(o types.Object) bool { return !o.IsNull() && !o.IsUnknown() }

// toGraph is the partner configuration that the model sets; a setting
// that is null or unknown is left out.
func (m partnerModel) toGraph(ctx context.Context, diags *diag.Diagnostics) graph.PartnerConfig {
	p := m.crossTenantSettingsModel.toGraph(ctx, diags)
	p.TenantID = m.TenantID.ValueString()
	return p
}

// toGraph is the settings that the model sets; a setting that is null or
// unknown is left out.
func (m crossTenantSettingsModel) toGraph(ctx context.Context, diags *diag.Diagnostics) graph.PartnerConfig {
	var p graph.PartnerConfig
	if known(m.InboundTrust) {
		var t inboundTrustModel
		diags.Append(m.InboundTrust.As(ctx, &t, objectAsOptions)...)
		p.InboundTrust = &graph.InboundTrust{MFAAccepted: t.MFAAccepted.ValueBool(), CompliantDeviceAccepted: t.CompliantDeviceAccepted.ValueBool(),
			HybridJoinedDeviceAccepted: t.HybridJoinedDeviceAccepted.ValueBool()}
	}
	p.CollaborationInbound = collaborationToGraph(ctx, m.CollaborationInbound, diags)
	p.CollaborationOutbound = collaborationToGraph(ctx, m.CollaborationOutbound, diags)
	if known(m.AutomaticRedemption) {
		var a automaticRedemptionModel
		diags.Append(m.AutomaticRedemption.As(ctx, &a, objectAsOptions)...)
		p.AutomaticRedemption = &graph.InboundOutbound{InboundAllowed: a.Inbound.ValueBoolPointer(), OutboundAllowed: a.Outbound.ValueBoolPointer()}
	}
	return p
}

func collaborationToGraph(ctx context.Context, o types.Object, diags *diag.Diagnostics) *graph.B2BSetting {
	if !known(o) {
		return nil
	}
	var c collaborationModel
	diags.Append(o.As(ctx, &c, objectAsOptions)...)
	out := &graph.B2BSetting{}
	if known(c.UsersAndGroups) {
		var u usersAndGroupsModel
		diags.Append(c.UsersAndGroups.As(ctx, &u, objectAsOptions)...)
		t := &graph.AccessTargets{AccessType: u.Access.ValueString(), Targets: []graph.AccessTarget{}}
		if u.AllUsers.ValueBool() {
			t.Targets = append(t.Targets, graph.AccessTarget{Target: targetAllUsers, TargetType: "user"})
		}
		for _, id := range stringSet(ctx, u.UserIDs, diags) {
			t.Targets = append(t.Targets, graph.AccessTarget{Target: id, TargetType: "user"})
		}
		for _, id := range stringSet(ctx, u.GroupIDs, diags) {
			t.Targets = append(t.Targets, graph.AccessTarget{Target: id, TargetType: "group"})
		}
		out.UsersAndGroups = t
	}
	if known(c.Applications) {
		var a applicationsModel
		diags.Append(c.Applications.As(ctx, &a, objectAsOptions)...)
		t := &graph.AccessTargets{AccessType: a.Access.ValueString(), Targets: []graph.AccessTarget{}}
		if a.AllApplications.ValueBool() {
			t.Targets = append(t.Targets, graph.AccessTarget{Target: targetAllApplications, TargetType: "application"})
		}
		for _, id := range stringSet(ctx, a.ApplicationIDs, diags) {
			t.Targets = append(t.Targets, graph.AccessTarget{Target: id, TargetType: "application"})
		}
		out.Applications = t
	}
	return out
}

// setFromGraph takes what Graph holds into the model, every setting.
func (m *partnerModel) setFromGraph(p graph.PartnerConfig) {
	m.ID, m.TenantID = types.StringValue(p.TenantID), types.StringValue(p.TenantID)
	m.crossTenantSettingsModel.setFromGraph(p)
}

// setFromGraph takes every setting Graph holds into the model.
func (m *crossTenantSettingsModel) setFromGraph(p graph.PartnerConfig) {
	m.InboundTrust = types.ObjectNull(inboundTrustTypes)
	if t := p.InboundTrust; t != nil {
		m.InboundTrust = types.ObjectValueMust(inboundTrustTypes, map[string]attr.Value{"mfa_accepted": types.BoolValue(t.MFAAccepted),
			"compliant_device_accepted": types.BoolValue(t.CompliantDeviceAccepted), "hybrid_joined_device_accepted": types.BoolValue(t.HybridJoinedDeviceAccepted)})
	}
	m.CollaborationInbound = collaborationFromGraph(p.CollaborationInbound)
	m.CollaborationOutbound = collaborationFromGraph(p.CollaborationOutbound)
	m.AutomaticRedemption = types.ObjectNull(automaticRedemptionTypes)
	if a := p.AutomaticRedemption; a != nil {
		m.AutomaticRedemption = types.ObjectValueMust(automaticRedemptionTypes, map[string]attr.Value{"inbound": types.BoolPointerValue(a.InboundAllowed), "outbound": types.BoolPointerValue(a.OutboundAllowed)})
	}
}

func collaborationFromGraph(s *graph.B2BSetting) types.Object {
	if s == nil {
		return types.ObjectNull(collaborationTypes)
	}
	users, apps := types.ObjectNull(usersAndGroupsTypes), types.ObjectNull(applicationsTypes)
	if t := s.UsersAndGroups; t != nil {
		all, userIDs, groupIDs := types.BoolNull(), []string{}, []string{}
		for _, target := range t.Targets {
			switch {
			case target.Target == targetAllUsers:
				all = types.BoolValue(true)
			case strings.EqualFold(target.TargetType, "group"):
				groupIDs = append(groupIDs, target.Target)
			default:
				userIDs = append(userIDs, target.Target)
			}
		}
		users = types.ObjectValueMust(usersAndGroupsTypes, map[string]attr.Value{"access": types.StringValue(t.AccessType), "all_users": all,
			"user_ids": idSetOrNull(userIDs), "group_ids": idSetOrNull(groupIDs)})
	}
	if t := s.Applications; t != nil {
		all, ids := types.BoolNull(), []string{}
		for _, target := range t.Targets {
			if target.Target == targetAllApplications {
				all = types.BoolValue(true)
				continue
			}
			ids = append(ids, target.Target)
		}
		apps = types.ObjectValueMust(applicationsTypes, map[string]attr.Value{"access": types.StringValue(t.AccessType), "all_applications": all, "application_ids": idSetOrNull(ids)})
	}
	return types.ObjectValueMust(collaborationTypes, map[string]attr.Value{"users_and_groups": users, "applications": apps})
}

// idSetOrNull is a set of ids, or null when there are none, as a
// configuration that leaves the argument out has it.
func idSetOrNull(ids []string) types.Set {
	if len(ids) == 0 {
		return types.SetNull(types.StringType)
	}
	slices.Sort(ids)
	return stringSetValue(ids)
}

// changedFrom is the settings of m that differ from prior and are known;
// the others are null, so that a write leaves them as they are.
func (m crossTenantSettingsModel) changedFrom(ctx context.Context, prior crossTenantSettingsModel) crossTenantSettingsModel {
	out := m
	for _, s := range []struct{ now, before, into *types.Object }{
		{&m.InboundTrust, &prior.InboundTrust, &out.InboundTrust},
		{&m.CollaborationInbound, &prior.CollaborationInbound, &out.CollaborationInbound},
		{&m.CollaborationOutbound, &prior.CollaborationOutbound, &out.CollaborationOutbound},
		{&m.AutomaticRedemption, &prior.AutomaticRedemption, &out.AutomaticRedemption},
	} {
		if !known(*s.now) || s.now.Equal(*s.before) {
			*s.into = types.ObjectNull(s.now.AttributeTypes(ctx))
		}
	}
	return out
}
