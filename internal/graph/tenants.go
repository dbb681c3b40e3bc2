package graph

import (
	"context"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// TenantInformation is what Graph tells of another organization's tenant
// (package doc, "Tenants").
type TenantInformation struct {
	TenantID            string `json:"tenantId"`
	DisplayName         string `json:"displayName"`
	DefaultDomainName   string `json:"defaultDomainName"`
	FederationBrandName string `json:"federationBrandName"`
}

// FindTenantByDomain looks a tenant up by one of its domains. A domain that
// belongs to no Entra tenant answers a NotFound error.
func (c *Client) FindTenantByDomain(ctx context.Context, domain string) (TenantInformation, error) {
	return c.findTenant(ctx, "findTenantInformationByDomainName(domainName='{value}')", domain, "looking up the tenant of domain "+domain)
}

// FindTenantByID looks a tenant up by its id.
func (c *Client) FindTenantByID(ctx context.Context, tenantID string) (TenantInformation, error) {
	return c.findTenant(ctx, "findTenantInformationByTenantId(tenantId='{value}')", tenantID, "looking up tenant "+tenantID)
}

func (c *Client) findTenant(ctx context.Context, function, value, op string) (TenantInformation, error) {
	// An OData string literal doubles its quotes; the template then
	// percent-encodes what a path may not hold.
	req := c.rawRequest(abstractions.GET, "/tenantRelationships/"+function, map[string]string{"value": strings.ReplaceAll(value, "'", "''")}, nil)
	var t TenantInformation
	if err := c.getJSON(ctx, req, &t); err != nil {
		return TenantInformation{}, wrap(err, op, PermReadTenants)
	}
	return t, nil
}
