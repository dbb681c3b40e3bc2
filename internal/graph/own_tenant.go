package graph

import (
	"context"
	"regexp"
	"strings"
)

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// OwnTenantID is the id, in lower case, of the tenant the client signs in
// to. tenant_id may name it by a domain, which azidentity takes as well as
// an id; the tenant lookup then gives the id.
func (c *Client) OwnTenantID(ctx context.Context) (string, error) {
	if guidPattern.MatchString(c.tenantID) {
		return strings.ToLower(c.tenantID), nil
	}
	t, err := c.FindTenantByDomain(ctx, c.tenantID)
	if err != nil {
		return "", err
	}
	return strings.ToLower(t.TenantID), nil
}
