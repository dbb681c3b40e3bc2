package graphemu

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	partnerCo      = "7e000000-0002-4000-8000-0000000fab02"
	restrictedRole = "2af84b1e-32c8-42b7-82bc-daa82404023b"
)

// settingsSeed is the default seed with every setting a seed can stage,
// written to a file and read back as graphemu -seed reads it.
func settingsSeed(t *testing.T) Seed {
	t.Helper()
	raw, err := json.Marshal(DefaultSeed())
	if err != nil {
		t.Fatal(err)
	}
	var seed map[string]any
	if err := json.Unmarshal(raw, &seed); err != nil {
		t.Fatal(err)
	}
	var settings map[string]any
	if err := json.Unmarshal([]byte(`{
	  "authorization_policy": {"allowInvitesFrom": "adminsAndGuestInviters", "guestUserRoleId": "`+restrictedRole+`", "blockMsolPowerShell": true},
	  "invitation_domains": {"blocked": ["blocked.example"]},
	  "email_method": {"allowExternalIdToUseEmailOtp": "disabled"},
	  "cross_tenant_defaults": {"automaticUserConsentSettings": {"inboundAllowed": true, "outboundAllowed": false}},
	  "partners": [{"tenantId": "`+partnerCo+`", "inboundTrust": {"isMfaAccepted": true},
	    "b2bCollaborationOutbound": {"usersAndGroups": {"accessType": "allowed", "targets": [{"target": "`+seedGroup+`", "targetType": "group"}]}}}]
	}`), &settings); err != nil {
		t.Fatal(err)
	}
	for k, v := range settings {
		seed[k] = v
	}
	path := filepath.Join(t.TempDir(), "seed.json")
	raw, _ = json.Marshal(seed)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSeed(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expectSeededSettings reads each setting through its Graph route.
func expectSeededSettings(t *testing.T, s *Server) {
	t.Helper()
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	_, policy := c.do("GET", "/policies/authorizationPolicy", nil)
	if policy["allowInvitesFrom"] != "adminsAndGuestInviters" || policy["guestUserRoleId"] != restrictedRole || policy["blockMsolPowerShell"] != true {
		t.Errorf("authorization policy: %v", policy)
	}
	_, b2b := c.doAt("/beta", "GET", "/policies/b2bManagementPolicies/"+b2bManagementPolicyID, nil)
	if def, _ := b2b["definition"].([]any); len(def) != 1 || !strings.Contains(fmt.Sprint(def[0]), `"BlockedDomains":["blocked.example"]`) {
		t.Errorf("B2B management policy: %v", b2b)
	}
	_, email := c.do("GET", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email", nil)
	if email["allowExternalIdToUseEmailOtp"] != "disabled" {
		t.Errorf("email method: %v", email)
	}
	_, defaults := c.do("GET", "/policies/crossTenantAccessPolicy/default", nil)
	if consent, _ := defaults["automaticUserConsentSettings"].(map[string]any); consent["inboundAllowed"] != true || defaults["isServiceDefault"] != false {
		t.Errorf("cross-tenant default: %v", defaults)
	}
	status, partner := c.do("GET", "/policies/crossTenantAccessPolicy/partners/"+partnerCo, nil)
	if trust, _ := partner["inboundTrust"].(map[string]any); status != 200 || trust["isMfaAccepted"] != true || partner["b2bCollaborationOutbound"] == nil {
		t.Errorf("partner configuration: %d %v", status, partner)
	}
	// The domain list acts, as a PATCH of it would.
	status, body := c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "someone@blocked.example", "inviteRedirectUrl": "https://x.example"})
	if status != 400 || !strings.Contains(errorMessage(body), "not allowed by the collaboration restrictions") {
		t.Errorf("an invitation to a blocked domain: %d %v", status, body)
	}
}

// A seed stages the tenant's settings, which Graph's routes then read, and
// a state directory keeps them across a restart whose seed has none.
func TestSeedStagesSettings(t *testing.T) {
	dir := t.TempDir()
	seed := settingsSeed(t)
	first := startEmulator(t, Options{Seed: &seed, StateDir: dir})
	expectSeededSettings(t, first)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	plain := DefaultSeed()
	second := startEmulator(t, Options{Seed: &plain, StateDir: dir})
	if !second.Restored {
		t.Fatal("the second start did not restore the tenant")
	}
	expectSeededSettings(t, second)
}

// A setting Graph would refuse fails at start, naming the seed's field and
// Graph's reason; so does a field the seed does not know.
func TestSeedRefusesSettingsGraphWouldRefuse(t *testing.T) {
	for name, tc := range map[string]struct{ settings, want string }{
		"a property typo": {`{"authorization_policy": {"allowInvitesFromm": "everyone"}}`,
			`authorization_policy: Graph would refuse it with 400: Property 'allowInvitesFromm' does not exist on type 'microsoft.graph.authorizationPolicy'.`},
		"a value out of the enum": {`{"email_method": {"allowExternalIdToUseEmailOtp": "off"}}`,
			`email_method: Graph would refuse it with 400: The value 'off' of property 'allowExternalIdToUseEmailOtp' is not a member of the enum type 'microsoft.graph.externalEmailOtpState'.`},
		"a guest role that is none": {`{"authorization_policy": {"guestUserRoleId": "00000000-0000-4000-8000-000000000001"}}`,
			`authorization_policy: Graph would refuse it with 400: Invalid value for property 'guestUserRoleId'.`},
		"a read-only property": {`{"cross_tenant_defaults": {"isServiceDefault": false}}`,
			`cross_tenant_defaults: Graph would refuse it with 400: Property 'isServiceDefault' is read-only and cannot be set.`},
		"a partner no tenant is": {`{"partners": [{}, {"tenantId": "7e000000-0009-4000-8000-0000000fab09"}]}`,
			`partners[0]: Graph would refuse it with 400: tenantId is required and must be a GUID.`},
		"an outbound target the tenant lacks": {`{"partners": [{"tenantId": "` + partnerCo + `", "b2bCollaborationOutbound": {"usersAndGroups": {"accessType": "allowed", "targets": [{"target": "00000000-0000-4000-8000-00000000beef", "targetType": "group"}]}}}]}`,
			`partners[0]: Graph would refuse it with 400: The group '00000000-0000-4000-8000-00000000beef' in 'b2bCollaborationOutbound.usersAndGroups' does not exist in the tenant.`},
		"two partners of one tenant": {`{"partners": [{"tenantId": "` + partnerCo + `"}, {"tenantId": "` + partnerCo + `"}]}`,
			`partners[1]: Graph would refuse it with 409: A partner configuration already exists for tenant '` + partnerCo + `'.`},
		"both domain lists": {`{"invitation_domains": {"allowed": ["a.example"], "blocked": ["b.example"]}}`,
			`invitation_domains: Graph would refuse it with 400: Invalid definition: AllowedDomains and BlockedDomains cannot both be set.`},
	} {
		t.Run(name, func(t *testing.T) {
			seed := DefaultSeed()
			if err := json.Unmarshal([]byte(tc.settings), &seed.SeedSettings); err != nil {
				t.Fatal(err)
			}
			s, err := Start(Options{Seed: &seed})
			if err == nil {
				_ = s.Close()
				t.Fatal("the emulator started")
			}
			if want := "the seed: " + tc.want; err.Error() != want {
				t.Errorf("got  %s\nwant %s", err, want)
			}
		})
	}

	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(`{"tenant_id": "x", "authorisation_policy": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSeed(path); err == nil || !strings.Contains(err.Error(), `unknown field "authorisation_policy"`) {
		t.Errorf("a seed with a misspelled field loaded: %v", err)
	}
}

// Every seed the repository ships reads under the strict reader.
func TestShippedSeedsLoad(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "seed.json"))
	if len(paths) == 0 {
		t.Fatal("no seeds found beside the examples")
	}
	for _, p := range append(paths, "seed.json") {
		seed, err := LoadSeed(p)
		if err != nil {
			t.Error(err)
			continue
		}
		s, err := Start(Options{Seed: &seed})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		_ = s.Close()
	}
}
