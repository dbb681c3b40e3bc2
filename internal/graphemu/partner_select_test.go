package graphemu

import "testing"

// $select on partner configurations answers only what was named, in a
// list and for one partner, and refuses a property the type lacks.
func TestPartnerSelect(t *testing.T) {
	s := startEmulator(t, Options{})
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	status, body := c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant, "inboundTrust": map[string]any{"isMfaAccepted": true}})
	expect(t, "create", status, 201, body)
	status, body = c.do("GET", "/policies/crossTenantAccessPolicy/partners?$select=tenantId", nil)
	expect(t, "list with $select", status, 200, body)
	for _, p := range values(body) {
		if p["tenantId"] == nil || p["inboundTrust"] != nil || p["automaticUserConsentSettings"] != nil {
			t.Fatalf("$select=tenantId answered %v", p)
		}
	}
	status, body = c.do("GET", "/policies/crossTenantAccessPolicy/partners/"+fabrikamTenant+"?$select=tenantId,inboundTrust", nil)
	expect(t, "get with $select", status, 200, body)
	if trust, _ := body["inboundTrust"].(map[string]any); body["tenantId"] != fabrikamTenant || trust["isMfaAccepted"] != true || body["tenantRestrictions"] != nil {
		t.Fatalf("$select=tenantId,inboundTrust answered %v", body)
	}
	status, body = c.do("GET", "/policies/crossTenantAccessPolicy/partners?$select=tenantIdd", nil)
	expect(t, "a property the type lacks", status, 400, body)
}

func init() {
	routeChecks["GET /policies/crossTenantAccessPolicy"] = func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/policies/crossTenantAccessPolicy", nil)
		expect(t, "the policy", status, 200, body)
		if body["displayName"] != "CrossTenantAccessPolicy" || body["allowedCloudEndpoints"] == nil {
			t.Fatalf("the policy: %v", body)
		}
	}
}
