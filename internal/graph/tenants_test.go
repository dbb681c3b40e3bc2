package graph

import (
	"strings"
	"testing"
)

func TestFindTenant(t *testing.T) {
	c := newTestClient(t)
	byDomain, err := c.FindTenantByDomain(t.Context(), "Fabrikam-New.example")
	if err != nil || byDomain.TenantID != "7e000000-0001-4000-8000-0000000fab01" || byDomain.DefaultDomainName != "fabrikam.example" || byDomain.DisplayName != "Fabrikam, Inc." {
		t.Fatalf("by domain: %+v, %v", byDomain, err)
	}
	byID, err := c.FindTenantByID(t.Context(), byDomain.TenantID)
	if err != nil || byID != byDomain {
		t.Fatalf("by id: %+v, %v", byID, err)
	}
	if _, err := c.FindTenantByDomain(t.Context(), "gmail.example"); !IsNotFound(err) {
		t.Fatalf("an unknown domain: %v, want NotFound", err)
	}
	// A quote in the value stays inside the OData string literal.
	if _, err := c.FindTenantByDomain(t.Context(), "o'brien.example"); !IsNotFound(err) {
		t.Fatalf("a domain with a quote: %v, want NotFound", err)
	}
}

func TestFindTenantNeedsItsPermission(t *testing.T) {
	c := newClientAs(t, seed.App("without-user-invite").ClientID, seed.App("without-user-invite").Secrets[0])
	_, err := c.FindTenantByDomain(t.Context(), "fabrikam.example")
	if !IsKind(err, KindForbidden) || !strings.Contains(err.Error(), PermReadTenants) {
		t.Fatalf("without %s: %v", PermReadTenants, err)
	}
}
