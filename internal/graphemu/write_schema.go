package graphemu

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Graph reads a POST or PATCH body with the OData reader of the object's
// type, which refuses a property the type does not declare, a JSON value of
// the wrong type and a string that is no member of an enum, before anything
// is stored. The emulator cannot use msgraph-sdk-go's models for this (it
// imports no SDK), so the writable objects it serves are described here by
// hand; internal/graph's model judge (model_judge_test.go) checks that every
// property and enum value described here exists in Microsoft's models, so
// the two cannot drift. The messages are a choice, listed in doc.go.

type valueKind int

const (
	boolValue valueKind = iota
	stringValue
	guidValue
	enumValue
	objectValue
	dateTimeValue
)

// valueType is the type of one property: a kind, its enum or object type,
// and whether it is a collection of those.
type valueType struct {
	kind       valueKind
	enum       *enumType
	object     *objectType
	collection bool
}

type enumType struct {
	name   string
	values []string
}

type objectType struct {
	name       string // as Graph names it, microsoft.graph.…
	properties map[string]valueType
	// readOnly are declared properties that a write may not set.
	readOnly []string
	// open types take properties they do not declare.
	open bool
}

var (
	boolType   = valueType{kind: boolValue}
	stringType = valueType{kind: stringValue}
	guidType   = valueType{kind: guidValue}
	// dateTimeType is Edm.DateTimeOffset, written as RFC 3339.
	dateTimeType = valueType{kind: dateTimeValue}
)

func enumOf(e *enumType) valueType     { return valueType{kind: enumValue, enum: e} }
func objectOf(o *objectType) valueType { return valueType{kind: objectValue, object: o} }
func listOf(v valueType) valueType     { v.collection = true; return v }

// The enums' unknownFutureValue members are left out: Graph's reference
// says not to send them.
var (
	accessTypeEnum   = &enumType{"microsoft.graph.crossTenantAccessPolicyTargetConfigurationAccessType", []string{"allowed", "blocked"}}
	targetTypeEnum   = &enumType{"microsoft.graph.crossTenantAccessPolicyTargetType", []string{"user", "group", "application"}}
	primaryIdPEnum   = &enumType{"microsoft.graph.b2bIdentityProvidersType", []string{"azureActiveDirectory", "externalFederation", "socialIdentityProviders"}}
	fallbackIdPEnum  = &enumType{"microsoft.graph.b2bIdentityProvidersType", []string{"defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount"}}
	allowInvitesEnum = &enumType{"microsoft.graph.allowInvitesFrom", allowInvitesFromValues}
	methodStateEnum  = &enumType{"microsoft.graph.authenticationMethodState", []string{"enabled", "disabled"}}
	emailOTPEnum     = &enumType{"microsoft.graph.externalEmailOtpState", []string{"default", "enabled", "disabled"}}
	methodTargetEnum = &enumType{"microsoft.graph.authenticationMethodTargetType", []string{"user", "group"}}
)

var (
	targetObject = &objectType{name: "microsoft.graph.crossTenantAccessPolicyTarget", properties: map[string]valueType{
		"target": stringType, "targetType": enumOf(targetTypeEnum)}}
	targetConfigurationObject = &objectType{name: "microsoft.graph.crossTenantAccessPolicyTargetConfiguration", properties: map[string]valueType{
		"accessType": enumOf(accessTypeEnum), "targets": listOf(objectOf(targetObject))}}
	b2bSettingObject = &objectType{name: "microsoft.graph.crossTenantAccessPolicyB2BSetting", properties: map[string]valueType{
		"usersAndGroups": objectOf(targetConfigurationObject), "applications": objectOf(targetConfigurationObject)}}
	devicesFilterObject = &objectType{name: "microsoft.graph.devicesFilter", properties: map[string]valueType{
		"mode": enumOf(accessTypeEnum), "rule": stringType}}
	tenantRestrictionsObject = &objectType{name: "microsoft.graph.crossTenantAccessPolicyTenantRestrictions", properties: map[string]valueType{
		"usersAndGroups": objectOf(targetConfigurationObject), "applications": objectOf(targetConfigurationObject), "devices": objectOf(devicesFilterObject)}}
	inboundTrustObject = &objectType{name: "microsoft.graph.crossTenantAccessPolicyInboundTrust", properties: map[string]valueType{
		"isMfaAccepted": boolType, "isCompliantDeviceAccepted": boolType, "isHybridAzureADJoinedDeviceAccepted": boolType}}
	consentObject = &objectType{name: "microsoft.graph.inboundOutboundPolicyConfiguration", properties: map[string]valueType{
		"inboundAllowed": boolType, "outboundAllowed": boolType}}
	redemptionObject = &objectType{name: "microsoft.graph.defaultInvitationRedemptionIdentityProviderConfiguration", properties: map[string]valueType{
		"primaryIdentityProviderPrecedenceOrder": listOf(enumOf(primaryIdPEnum)), "fallbackIdentityProvider": enumOf(fallbackIdPEnum)}}
)

// emailMethodObject is the email one-time passcode method of the
// authentication methods policy, with the properties its update page lists.
var emailMethodObject = &objectType{name: "microsoft.graph.emailAuthenticationMethodConfiguration", properties: map[string]valueType{
	"state":                        enumOf(methodStateEnum),
	"allowExternalIdToUseEmailOtp": enumOf(emailOTPEnum),
	"excludeTargets": listOf(objectOf(&objectType{name: "microsoft.graph.excludeTarget", properties: map[string]valueType{
		"id": stringType, "targetType": enumOf(methodTargetEnum)}})),
}}

// crossTenantSettings are the settings a partner and the default share.
func crossTenantSettings() map[string]valueType {
	return map[string]valueType{
		"inboundTrust":                 objectOf(inboundTrustObject),
		"b2bCollaborationInbound":      objectOf(b2bSettingObject),
		"b2bCollaborationOutbound":     objectOf(b2bSettingObject),
		"b2bDirectConnectInbound":      objectOf(b2bSettingObject),
		"b2bDirectConnectOutbound":     objectOf(b2bSettingObject),
		"automaticUserConsentSettings": objectOf(consentObject),
		"tenantRestrictions":           objectOf(tenantRestrictionsObject),
	}
}

var partnerObject = func() *objectType {
	p := crossTenantSettings()
	p["tenantId"], p["isServiceProvider"], p["isInMultiTenantOrganization"] = stringType, boolType, boolType
	return &objectType{name: "microsoft.graph.crossTenantAccessPolicyConfigurationPartner", properties: p}
}()

var crossTenantDefaultObject = func() *objectType {
	p := crossTenantSettings()
	p["isServiceDefault"] = boolType
	p["invitationRedemptionIdentityProviderConfiguration"] = objectOf(redemptionObject)
	return &objectType{name: "microsoft.graph.crossTenantAccessPolicyConfigurationDefault", properties: p, readOnly: []string{"isServiceDefault"}}
}()

var defaultUserRolePermissionsObject = &objectType{name: "microsoft.graph.defaultUserRolePermissions", properties: map[string]valueType{
	"allowedToCreateApps": boolType, "allowedToCreateSecurityGroups": boolType, "allowedToCreateTenants": boolType,
	"allowedToReadBitlockerKeysForOwnedDevice": boolType, "allowedToReadOtherUsers": boolType,
	"permissionGrantPoliciesAssigned": listOf(stringType)}}

// authorizationPolicyObject holds the properties the reference's update
// page lists for the authorization policy.
var authorizationPolicyObject = &objectType{name: "microsoft.graph.authorizationPolicy", properties: map[string]valueType{
	"allowedToSignUpEmailBasedSubscriptions":    boolType,
	"allowedToUseSSPR":                          boolType,
	"allowEmailVerifiedUsersToJoinOrganization": boolType,
	"allowInvitesFrom":                          enumOf(allowInvitesEnum),
	"allowUserConsentForRiskyApps":              boolType,
	"blockMsolPowerShell":                       boolType,
	"defaultUserRolePermissions":                objectOf(defaultUserRolePermissionsObject),
	"guestUserRoleId":                           guidType,
}}

// checkBody refuses a body that the type's OData reader would refuse.
func (o *objectType) checkBody(body map[string]json.RawMessage) *graphError {
	for _, k := range sortedKeys(body) {
		if ge := o.checkProperty(k, body[k], k); ge != nil {
			return ge
		}
	}
	return nil
}

func (o *objectType) checkProperty(name string, raw json.RawMessage, path string) *graphError {
	if strings.HasPrefix(name, "@odata.") {
		return nil
	}
	t, ok := o.properties[name]
	if !ok && o.open {
		return nil
	}
	if !ok {
		return errBadRequest(fmt.Sprintf("Property '%s' does not exist on type '%s'.", name, o.name))
	}
	if slices.Contains(o.readOnly, name) {
		return errBadRequest(fmt.Sprintf("Property '%s' is read-only and cannot be set.", name))
	}
	return t.check(raw, path)
}

func (t valueType) check(raw json.RawMessage, path string) *graphError {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return errBadRequest("Invalid JSON in the request body.")
	}
	if v == nil {
		return nil
	}
	if t.collection {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return errBadRequest(fmt.Sprintf("Invalid value for property '%s': a collection of %s is expected.", path, t.typeName()))
		}
		item := t
		item.collection = false
		for i, r := range items {
			if ge := item.check(r, fmt.Sprintf("%s[%d]", path, i)); ge != nil {
				return ge
			}
		}
		return nil
	}
	switch t.kind {
	case boolValue:
		if _, ok := v.(bool); !ok {
			return errBadRequest(fmt.Sprintf("Cannot convert the literal '%s' to the expected type 'Edm.Boolean' of property '%s'.", literal(raw), path))
		}
	case stringValue:
		if _, ok := v.(string); !ok {
			return errBadRequest(fmt.Sprintf("Cannot convert the literal '%s' to the expected type 'Edm.String' of property '%s'.", literal(raw), path))
		}
	case guidValue:
		if s, ok := v.(string); !ok || !isGUID(s) {
			return errBadRequest(fmt.Sprintf("Cannot convert the literal '%s' to the expected type 'Edm.Guid' of property '%s'.", literal(raw), path))
		}
	case dateTimeValue:
		if s, ok := v.(string); !ok || !isDateTime(s) {
			return errBadRequest(fmt.Sprintf("Cannot convert the literal '%s' to the expected type 'Edm.DateTimeOffset' of property '%s'.", literal(raw), path))
		}
	case enumValue:
		s, ok := v.(string)
		if !ok || !slices.Contains(t.enum.values, s) {
			return errBadRequest(fmt.Sprintf("The value '%s' of property '%s' is not a member of the enum type '%s'.", literal(raw), path, t.enum.name))
		}
	case objectValue:
		var body map[string]json.RawMessage
		if _, isObject := v.(map[string]any); !isObject || json.Unmarshal(raw, &body) != nil {
			return errBadRequest(fmt.Sprintf("Invalid value for property '%s': an object of type '%s' is expected.", path, t.object.name))
		}
		for _, k := range sortedKeys(body) {
			if ge := t.object.checkProperty(k, body[k], path+"."+k); ge != nil {
				return ge
			}
		}
	}
	return nil
}

func (t valueType) typeName() string {
	switch t.kind {
	case boolValue:
		return "Edm.Boolean"
	case guidValue:
		return "Edm.Guid"
	case dateTimeValue:
		return "Edm.DateTimeOffset"
	case enumValue:
		return t.enum.name
	case objectValue:
		return t.object.name
	}
	return "Edm.String"
}

// literal is a JSON value as the error names it: a string without quotes.
func literal(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// WriteSample is a body that the description of a writable object accepts,
// every declared property set. internal/graph's model judge parses each
// with Microsoft's model of Type, so a property or an enum value described
// here that the model lacks fails a test.
type WriteSample struct {
	Type string
	Body []byte
}

// WriteSamples are samples of every writable object the emulator checks,
// enough of them that each enum value appears in one.
func WriteSamples() []WriteSample {
	var out []WriteSample
	for _, o := range []*objectType{partnerObject, crossTenantDefaultObject, authorizationPolicyObject, emailMethodObject, userObject} {
		for i := 0; i < o.widestEnum(); i++ {
			body, _ := json.Marshal(o.sample(i))
			out = append(out, WriteSample{Type: o.name, Body: body})
		}
	}
	return out
}

func (o *objectType) sample(i int) map[string]any {
	out := map[string]any{}
	for k, t := range o.properties {
		out[k] = t.sample(i)
	}
	return out
}

func (t valueType) sample(i int) any {
	var v any
	switch t.kind {
	case boolValue:
		v = i%2 == 0
	case stringValue:
		v = "sample"
	case guidValue:
		v = "10dae51f-b6af-4016-8d66-8c2a99b929b3"
	case dateTimeValue:
		v = "2026-01-02T03:04:05Z"
	case enumValue:
		v = t.enum.values[i%len(t.enum.values)]
	case objectValue:
		v = t.object.sample(i)
	}
	if t.collection {
		return []any{v}
	}
	return v
}

func (o *objectType) widestEnum() int {
	widest := 2 // both booleans
	for _, t := range o.properties {
		switch t.kind {
		case enumValue:
			widest = max(widest, len(t.enum.values))
		case objectValue:
			widest = max(widest, t.object.widestEnum())
		}
	}
	return widest
}

func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}
