package graph

import (
	"context"
	"encoding/json"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// PartnerConfig is a cross-tenant access partner configuration (package
// doc, "Cross-tenant access"). A nil setting is one the configuration
// leaves to the tenant's defaults; writes send only the settings that are
// not nil.
type PartnerConfig struct {
	TenantID              string           `json:"tenantId,omitempty"`
	InboundTrust          *InboundTrust    `json:"inboundTrust,omitempty"`
	CollaborationInbound  *B2BSetting      `json:"b2bCollaborationInbound,omitempty"`
	CollaborationOutbound *B2BSetting      `json:"b2bCollaborationOutbound,omitempty"`
	AutomaticRedemption   *InboundOutbound `json:"automaticUserConsentSettings,omitempty"`
}

// InboundTrust is which claims of the partner's tenant this tenant trusts.
type InboundTrust struct {
	MFAAccepted                bool `json:"isMfaAccepted"`
	CompliantDeviceAccepted    bool `json:"isCompliantDeviceAccepted"`
	HybridJoinedDeviceAccepted bool `json:"isHybridAzureADJoinedDeviceAccepted"`
}

// B2BSetting is who may collaborate, in one direction: which users and
// groups, and which applications, each allowed or blocked.
type B2BSetting struct {
	UsersAndGroups *AccessTargets `json:"usersAndGroups,omitempty"`
	Applications   *AccessTargets `json:"applications,omitempty"`
}

// AccessTargets allows or blocks a list of targets.
type AccessTargets struct {
	AccessType string         `json:"accessType"`
	Targets    []AccessTarget `json:"targets"`
}

// AccessTarget is a user, group or application id, or one of Graph's
// keywords AllUsers, AllApplications and Office365.
type AccessTarget struct {
	Target     string `json:"target"`
	TargetType string `json:"targetType"`
}

// InboundOutbound is automatic redemption: the consent prompt is skipped
// only where this tenant allows it inbound and the partner outbound. On a
// partner, nil is Graph's null: the direction follows the tenant's default,
// which false does not (package doc, "Cross-tenant access"). Nil is sent as
// null, so that a write can hand a direction back to the default.
type InboundOutbound struct {
	InboundAllowed  *bool `json:"inboundAllowed"`
	OutboundAllowed *bool `json:"outboundAllowed"`
}

const partnersPath = "/policies/crossTenantAccessPolicy/partners"

// GetPartner reads a partner configuration; one that does not exist
// answers a NotFound error.
func (c *Client) GetPartner(ctx context.Context, tenantID string) (PartnerConfig, error) {
	var p PartnerConfig
	req := c.rawRequest(abstractions.GET, partnersPath+"/{tenantId}", map[string]string{"tenantId": tenantID}, nil)
	if err := c.getJSON(ctx, req, &p); err != nil {
		return PartnerConfig{}, wrap(err, "reading the partner configuration of tenant "+tenantID, PermReadPolicy)
	}
	return p, nil
}

// CreatePartner creates a partner configuration with the settings that
// are set. A tenant that has one, or whose deleted one is still in deleted
// items, answers an AlreadyExists error.
func (c *Client) CreatePartner(ctx context.Context, p PartnerConfig) (PartnerConfig, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return PartnerConfig{}, err
	}
	var out PartnerConfig
	req := c.rawRequest(abstractions.POST, partnersPath, nil, body)
	if err := c.getJSON(ctx, req, &out); err != nil {
		return PartnerConfig{}, wrap(err, "creating the partner configuration of tenant "+p.TenantID, PermWriteCrossTenant)
	}
	return out, nil
}

// UpdatePartner replaces the settings of p that are set.
func (c *Client) UpdatePartner(ctx context.Context, p PartnerConfig) error {
	patch := p
	patch.TenantID = "" // the key is in the path; Graph refuses a change to it
	body, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	req := c.rawRequest(abstractions.PATCH, partnersPath+"/{tenantId}", map[string]string{"tenantId": p.TenantID}, body)
	if err := c.adapter.SendNoContent(ctx, req, odataErrors); err != nil {
		return wrap(err, "updating the partner configuration of tenant "+p.TenantID, PermWriteCrossTenant)
	}
	return nil
}

// DeletePartner deletes a partner configuration; Graph keeps it in deleted
// items for a while.
func (c *Client) DeletePartner(ctx context.Context, tenantID string) error {
	req := c.rawRequest(abstractions.DELETE, partnersPath+"/{tenantId}", map[string]string{"tenantId": tenantID}, nil)
	if err := c.adapter.SendNoContent(ctx, req, odataErrors); err != nil {
		return wrap(err, "deleting the partner configuration of tenant "+tenantID, PermWriteCrossTenant)
	}
	return nil
}
