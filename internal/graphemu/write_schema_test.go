package graphemu

import (
	"encoding/json"
	"reflect"
	"testing"
)

// roundTrip is the JSON a map would travel as, for comparing what was
// written with what a GET answers.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	_ = json.Unmarshal(raw, &out)
	return out
}

// TestCrossTenantWritesAreCheckedAsGraphReadsThem writes every nested
// setting of a partner and of the default and reads it back, then sends
// what Graph's reader refuses: each gets 400 and nothing is stored.
func TestCrossTenantWritesAreCheckedAsGraphReadsThem(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	const partners, def = "/policies/crossTenantAccessPolicy/partners", "/policies/crossTenantAccessPolicy/default"
	expect(t, "create", mustStatus(c.do("POST", partners, map[string]any{"tenantId": fabrikamTenant})), 201, nil)
	targets := func(access, kind, target string) map[string]any {
		return map[string]any{"accessType": access, "targets": []any{map[string]any{"target": target, "targetType": kind}}}
	}
	valid := map[string]any{
		"inboundTrust":                 map[string]any{"isMfaAccepted": true, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": true},
		"automaticUserConsentSettings": map[string]any{"inboundAllowed": true, "outboundAllowed": nil},
		"b2bCollaborationInbound":      map[string]any{"usersAndGroups": targets("allowed", "user", "AllUsers"), "applications": targets("blocked", "application", "Office365")},
		"b2bCollaborationOutbound":     map[string]any{"usersAndGroups": targets("blocked", "group", seedGroup)},
		"b2bDirectConnectInbound":      map[string]any{"usersAndGroups": targets("allowed", "user", "AllUsers")},
		"b2bDirectConnectOutbound":     map[string]any{"applications": targets("allowed", "application", "AllApplications")},
		"tenantRestrictions": map[string]any{"usersAndGroups": targets("blocked", "user", "AllUsers"),
			"devices": map[string]any{"mode": "allowed", "rule": "device.isCompliant -eq True"}},
	}
	defaultOnly := map[string]any{"invitationRedemptionIdentityProviderConfiguration": map[string]any{
		"primaryIdentityProviderPrecedenceOrder": []any{"azureActiveDirectory", "externalFederation", "socialIdentityProviders"},
		"fallbackIdentityProvider":               "emailOneTimePasscode"}}
	for _, at := range []string{partners + "/" + fabrikamTenant, def} {
		for k, v := range valid {
			expect(t, "PATCH "+at+" "+k, mustStatus(c.do("PATCH", at, map[string]any{k: v})), 204, nil)
		}
		if at == def {
			for k, v := range defaultOnly {
				expect(t, "PATCH "+at+" "+k, mustStatus(c.do("PATCH", at, map[string]any{k: v})), 204, nil)
			}
		} else {
			expect(t, "PATCH isServiceProvider", mustStatus(c.do("PATCH", at, map[string]any{"isServiceProvider": true})), 204, nil)
		}
		_, got := c.do("GET", at, nil)
		for k, v := range valid {
			if !reflect.DeepEqual(got[k], roundTrip(t, v)) {
				t.Errorf("GET %s %s = %v, want %v", at, k, got[k], v)
			}
		}
		if at == def && !reflect.DeepEqual(got["invitationRedemptionIdentityProviderConfiguration"], roundTrip(t, defaultOnly["invitationRedemptionIdentityProviderConfiguration"])) {
			t.Errorf("GET %s invitationRedemptionIdentityProviderConfiguration = %v", at, got["invitationRedemptionIdentityProviderConfiguration"])
		}
	}

	for _, tc := range []struct {
		at   string
		body map[string]any
		want string
	}{
		{partners + "/" + fabrikamTenant, map[string]any{"inboundTrust": map[string]any{"isMfaAcepted": true}},
			"Property 'isMfaAcepted' does not exist on type 'microsoft.graph.crossTenantAccessPolicyInboundTrust'."},
		{partners + "/" + fabrikamTenant, map[string]any{"automaticUserConsentSettings": map[string]any{"inboundAllowed": "yes"}},
			"Cannot convert the literal 'yes' to the expected type 'Edm.Boolean' of property 'automaticUserConsentSettings.inboundAllowed'."},
		{partners + "/" + fabrikamTenant, map[string]any{"b2bCollaborationInbound": map[string]any{"usersAndGroups": map[string]any{"accessType": "permitted"}}},
			"The value 'permitted' of property 'b2bCollaborationInbound.usersAndGroups.accessType' is not a member of the enum type 'microsoft.graph.crossTenantAccessPolicyTargetConfigurationAccessType'."},
		{partners + "/" + fabrikamTenant, map[string]any{"b2bCollaborationInbound": map[string]any{"usersAndGroups": map[string]any{"accessType": "allowed",
			"targets": []any{map[string]any{"target": "AllUsers", "targetKind": "user"}}}}},
			"Property 'targetKind' does not exist on type 'microsoft.graph.crossTenantAccessPolicyTarget'."},
		{partners + "/" + fabrikamTenant, map[string]any{"tenantRestrictions": map[string]any{"devices": "all"}},
			"Invalid value for property 'tenantRestrictions.devices': an object of type 'microsoft.graph.devicesFilter' is expected."},
		{partners + "/" + fabrikamTenant, map[string]any{"b2bDirectConnectOutbound": map[string]any{"usersAndGroups": map[string]any{"targets": map[string]any{}}}},
			"Invalid value for property 'b2bDirectConnectOutbound.usersAndGroups.targets': a collection of microsoft.graph.crossTenantAccessPolicyTarget is expected."},
		{partners + "/" + fabrikamTenant, map[string]any{"invitationRedemptionIdentityProviderConfiguration": map[string]any{}},
			"Property 'invitationRedemptionIdentityProviderConfiguration' does not exist on type 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner'."},
		{def, map[string]any{"isServiceProvider": true},
			"Property 'isServiceProvider' does not exist on type 'microsoft.graph.crossTenantAccessPolicyConfigurationDefault'."},
		{def, map[string]any{"tenantId": fabrikamTenant},
			"Property 'tenantId' does not exist on type 'microsoft.graph.crossTenantAccessPolicyConfigurationDefault'."},
		{def, map[string]any{"invitationRedemptionIdentityProviderConfiguration": map[string]any{"fallbackIdentityProvider": "azureActiveDirectory"}},
			"The value 'azureActiveDirectory' of property 'invitationRedemptionIdentityProviderConfiguration.fallbackIdentityProvider' is not a member of the enum type 'microsoft.graph.b2bIdentityProvidersType'."},
	} {
		_, before := c.do("GET", tc.at, nil)
		status, body := c.do("PATCH", tc.at, tc.body)
		if e, _ := body["error"].(map[string]any); status != 400 || e["code"] != "Request_BadRequest" || e["message"] != tc.want {
			t.Errorf("PATCH %s %v: %d %v, want 400 Request_BadRequest %q", tc.at, tc.body, status, body, tc.want)
		}
		if _, after := c.do("GET", tc.at, nil); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused PATCH %v changed %s: %v", tc.body, tc.at, after)
		}
	}
	// A create is read as the PATCH is: a refused one stores nothing.
	status, body := c.do("POST", partners, map[string]any{"tenantId": tailspinTenant, "inboundTrust": map[string]any{"isMfaAcepted": true}})
	expect(t, "create with a misspelled property", status, 400, body)
	if _, ok := s.Partner(tailspinTenant); ok {
		t.Error("a refused create stored a partner configuration")
	}
}

// TestAuthorizationPolicyTakesItsDocumentedProperties writes what the
// reference's update page lists, reads it back, and refuses what Graph's
// reader refuses.
func TestAuthorizationPolicyTakesItsDocumentedProperties(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	const at = "/policies/authorizationPolicy"
	_, before := c.do("GET", at, nil)
	if _, ok := before["defaultUserRolePermissions"].(map[string]any); !ok {
		t.Fatalf("GET lacks defaultUserRolePermissions: %v", before)
	}
	patch := map[string]any{
		"blockMsolPowerShell": true, "allowedToUseSSPR": false, "allowedToSignUpEmailBasedSubscriptions": false,
		"defaultUserRolePermissions": map[string]any{"allowedToCreateApps": false, "allowedToCreateSecurityGroups": false,
			"allowedToCreateTenants": false, "allowedToReadBitlockerKeysForOwnedDevice": false, "allowedToReadOtherUsers": true,
			"permissionGrantPoliciesAssigned": []any{}},
		"allowInvitesFrom": "adminsAndGuestInviters", "guestUserRoleId": "2af84b1e-32c8-42b7-82bc-daa82404023b",
		"allowEmailVerifiedUsersToJoinOrganization": false,
	}
	expect(t, "PATCH", mustStatus(c.do("PATCH", at, patch)), 204, nil)
	_, got := c.do("GET", at, nil)
	for k, v := range patch {
		if !reflect.DeepEqual(got[k], roundTrip(t, v)) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"blockMsolPowershell": true}, "Property 'blockMsolPowershell' does not exist on type 'microsoft.graph.authorizationPolicy'."},
		{map[string]any{"allowedToUseSSPR": "no"}, "Cannot convert the literal 'no' to the expected type 'Edm.Boolean' of property 'allowedToUseSSPR'."},
		{map[string]any{"allowInvitesFrom": "anyone"}, "The value 'anyone' of property 'allowInvitesFrom' is not a member of the enum type 'microsoft.graph.allowInvitesFrom'."},
		{map[string]any{"guestUserRoleId": "limited"}, "Cannot convert the literal 'limited' to the expected type 'Edm.Guid' of property 'guestUserRoleId'."},
		{map[string]any{"defaultUserRolePermissions": map[string]any{"allowedToCreateApps": false, "allowedToReadOthers": true}},
			"Property 'allowedToReadOthers' does not exist on type 'microsoft.graph.defaultUserRolePermissions'."},
		// A bad property fails the whole PATCH: the good one beside it is not applied.
		{map[string]any{"blockMsolPowerShell": false, "defaultUserRolePermissions": []any{}},
			"Invalid value for property 'defaultUserRolePermissions': an object of type 'microsoft.graph.defaultUserRolePermissions' is expected."},
	} {
		status, body := c.do("PATCH", at, tc.body)
		if status != 400 || errorMessage(body) != tc.want {
			t.Errorf("PATCH %v: %d %q, want 400 %q", tc.body, status, errorMessage(body), tc.want)
		}
	}
	if _, after := c.do("GET", at, nil); !reflect.DeepEqual(after, got) {
		t.Errorf("a refused PATCH changed the policy: %v", after)
	}
}

func mustStatus(status int, _ map[string]any) int { return status }
