package graphemu

import (
	"encoding/json"
	"maps"
	"strings"
)

// The authorization policy's documented properties that the emulator does
// not act on are kept as written, so that a PATCH of them reads back; until
// written they answer what a new tenant has (a choice: the reference's
// example of GET shows these values).
func authorizationPolicyDefaults() map[string]any {
	return map[string]any{
		"allowedToSignUpEmailBasedSubscriptions": true,
		"allowedToUseSSPR":                       true,
		"allowUserConsentForRiskyApps":           false,
		"blockMsolPowerShell":                    false,
		"defaultUserRolePermissions": map[string]any{
			"allowedToCreateApps":                      true,
			"allowedToCreateSecurityGroups":            true,
			"allowedToCreateTenants":                   true,
			"allowedToReadBitlockerKeysForOwnedDevice": true,
			"allowedToReadOtherUsers":                  true,
			"permissionGrantPoliciesAssigned":          []any{"ManagePermissionGrantsForSelf.microsoft-user-default-legacy"},
		},
	}
}

// authorizationPolicyExtras are those properties as GET answers them.
func (t *tenant) authorizationPolicyExtras() map[string]any {
	out := authorizationPolicyDefaults()
	maps.Copy(out, t.authorizationExtras)
	return out
}

// keepAuthorizationExtra records a property that checkBody has accepted;
// a complex value replaces the one held, whole.
func keepAuthorizationExtra(extras map[string]any, k string, raw json.RawMessage) map[string]any {
	if strings.HasPrefix(k, "@odata.") {
		return extras
	}
	if extras == nil {
		extras = map[string]any{}
	}
	var v any
	_ = json.Unmarshal(raw, &v)
	extras[k] = v
	return extras
}
