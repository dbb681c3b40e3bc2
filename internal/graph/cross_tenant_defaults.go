package graph

import (
	"context"
	"encoding/json"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// CrossTenantDefaults is the tenant's default cross-tenant settings, which
// every partner without a setting of its own inherits (package doc,
// "Cross-tenant access").
type CrossTenantDefaults struct {
	PartnerConfig
	// ServiceDefault is whether they are the system default, never changed
	// or reset since.
	ServiceDefault bool `json:"isServiceDefault"`
	// Redemption is the redemption order; only the default holds one.
	Redemption *RedemptionOrder `json:"invitationRedemptionIdentityProviderConfiguration,omitempty"`
}

const defaultsPath = "/policies/crossTenantAccessPolicy/default"

// GetCrossTenantDefaults reads the tenant's default cross-tenant settings.
func (c *Client) GetCrossTenantDefaults(ctx context.Context) (CrossTenantDefaults, error) {
	var d CrossTenantDefaults
	if err := c.getJSON(ctx, c.rawRequest(abstractions.GET, defaultsPath, nil, nil), &d); err != nil {
		return CrossTenantDefaults{}, wrap(err, "reading the default cross-tenant access settings", PermReadPolicy)
	}
	return d, nil
}

// UpdateCrossTenantDefaults replaces the settings of p that are set; its
// tenant id is ignored.
func (c *Client) UpdateCrossTenantDefaults(ctx context.Context, p PartnerConfig) error {
	p.TenantID = ""
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := c.adapter.SendNoContent(ctx, c.rawRequest(abstractions.PATCH, defaultsPath, nil, body), odataErrors); err != nil {
		return wrap(err, "updating the default cross-tenant access settings", PermWriteCrossTenant)
	}
	return nil
}

// ResetCrossTenantDefaults puts the system default back, with Graph's own
// action.
func (c *Client) ResetCrossTenantDefaults(ctx context.Context) error {
	if err := c.adapter.SendNoContent(ctx, c.rawRequest(abstractions.POST, defaultsPath+"/resetToSystemDefault", nil, nil), odataErrors); err != nil {
		return wrap(err, "resetting the default cross-tenant access settings", PermWriteCrossTenant)
	}
	return nil
}
