package graphemu

import (
	"encoding/json"
	"slices"
)

// Every property of Graph's user model gets Graph's answer from $select and
// PATCH, never "does not exist": internal/graph's TestEveryUserPropertyHasGraphsAnswer
// reads the property list from msgraph-sdk-go's model and fails on one the
// emulator does not know. A property the emulator keeps no data for is
// selected as null (an empty collection for a collection), as Graph selects
// a property that is not set; doc.go lists them.

var (
	ageGroupEnum = &enumType{"ageGroup", []string{"Minor", "NotAdult", "Adult"}}
	consentEnum  = &enumType{"consentProvidedForMinor", []string{"Granted", "Denied", "NotRequired"}}

	passwordProfileObject = &objectType{name: "microsoft.graph.passwordProfile", properties: map[string]valueType{
		"forceChangePasswordNextSignIn": boolType, "forceChangePasswordNextSignInWithMfa": boolType, "password": stringType}}
	objectIdentityObject = &objectType{name: "microsoft.graph.objectIdentity", properties: map[string]valueType{
		"signInType": stringType, "issuer": stringType, "issuerAssignedId": stringType}}
	employeeOrgDataObject = &objectType{name: "microsoft.graph.employeeOrgData", properties: map[string]valueType{
		"costCenter": stringType, "division": stringType}}
	authorizationInfoObject = &objectType{name: "microsoft.graph.authorizationInfo", properties: map[string]valueType{
		"certificateUserIds": listOf(stringType)}}
	onPremisesExtensionAttributesObject = func() *objectType {
		p := map[string]valueType{}
		for i := 1; i <= 15; i++ {
			p["extensionAttribute"+itoa(i)] = stringType
		}
		return &objectType{name: "microsoft.graph.onPremisesExtensionAttributes", properties: p}
	}()
	// Custom security attributes are an open type: attribute sets the tenant
	// defines, which the emulator does not.
	customSecurityAttributesObject = &objectType{name: "microsoft.graph.customSecurityAttributeValue", open: true}
)

// userWritable are the properties the reference's update page lets an app
// set that the emulator keeps as written (user.Written); those it acts on
// (displayName, mail, userType, otherMails, accountEnabled, the profile
// strings, userPrincipalName, identities, businessPhones) have their own
// fields and checks.
var userWritable = map[string]valueType{
	"aboutMe": stringType, "ageGroup": enumOf(ageGroupEnum), "authorizationInfo": objectOf(authorizationInfoObject),
	"birthday": dateTimeType, "consentProvidedForMinor": enumOf(consentEnum),
	"customSecurityAttributes": objectOf(customSecurityAttributesObject), "employeeHireDate": dateTimeType,
	"employeeLeaveDateTime": dateTimeType, "employeeOrgData": objectOf(employeeOrgDataObject), "faxNumber": stringType,
	"hireDate": dateTimeType, "interests": listOf(stringType), "mailNickname": stringType, "mySite": stringType,
	"onPremisesExtensionAttributes": objectOf(onPremisesExtensionAttributesObject), "onPremisesImmutableId": stringType,
	"passwordPolicies": stringType, "passwordProfile": objectOf(passwordProfileObject), "pastProjects": listOf(stringType),
	"preferredDataLocation": stringType, "preferredName": stringType, "responsibilities": listOf(stringType),
	"schools": listOf(stringType), "showInAddressList": boolType, "skills": listOf(stringType),
}

// userObject describes, for the model judge, the user properties whose
// PATCH the emulator checks by type.
var userObject = &objectType{name: "microsoft.graph.user", properties: func() map[string]valueType {
	p := map[string]valueType{"userPrincipalName": stringType, "identities": listOf(objectOf(objectIdentityObject)),
		"businessPhones": listOf(stringType)}
	for k, v := range userWritable {
		p[k] = v
	}
	return p
}()}

// userReadOnly are the properties Graph computes or takes from elsewhere
// (sync, licensing, Exchange); PATCH answers its read-only error.
var userReadOnly = []string{
	"assignedLicenses", "assignedPlans", "createdDateTime", "creationType", "deletedDateTime", "deviceEnrollmentLimit",
	"externalUserState", "externalUserStateChangeDateTime", "id", "imAddresses", "isManagementRestricted",
	"isResourceAccount", "lastPasswordChangeDateTime", "legalAgeGroupClassification", "licenseAssignmentStates",
	"mailboxSettings", "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesLastSyncDateTime",
	"onPremisesProvisioningErrors", "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
	"onPremisesUserPrincipalName", "print", "provisionedPlans", "proxyAddresses", "securityIdentifier",
	"serviceProvisioningErrors", "signInActivity", "signInSessionsValidFromDateTime",
}

// userSingleOnly are the properties the reference for listing users says
// are returned only when one user is read; GET /users with one of them in
// $select answers Graph's 501.
var userSingleOnly = []string{"aboutMe", "birthday", "hireDate", "interests", "mailboxSettings", "mySite",
	"pastProjects", "preferredName", "responsibilities", "schools", "skills"}

// userRelationships are the user model's navigation properties. $select
// of one answers without it, as OData selects a navigation property that
// is not expanded; PATCH of one is refused, since relationships have
// routes of their own.
var userRelationships = []string{
	"activities", "agreementAcceptances", "appRoleAssignments", "authentication", "calendar", "calendarGroups",
	"calendars", "calendarView", "chats", "cloudClipboard", "cloudPCs", "contactFolders", "contacts", "createdObjects",
	"dataSecurityAndGovernance", "deviceManagementTroubleshootingEvents", "directReports", "drive", "drives",
	"employeeExperience", "events", "extensions", "followedSites", "inferenceClassification", "insights",
	"joinedTeams", "licenseDetails", "mailFolders", "managedAppRegistrations", "managedDevices", "manager",
	"memberOf", "messages", "oauth2PermissionGrants", "onenote", "onlineMeetings", "outlook", "ownedDevices", "ownedObjects", "people",
	"permissionGrants", "photo", "photos", "planner", "presence", "registeredDevices", "scopedRoleMemberOf",
	"settings", "solutions", "sponsors", "teamwork", "todo", "transitiveMemberOf",
}

// collectionUserProperties are selected as [] when they hold nothing.
var collectionUserProperties = []string{
	"assignedLicenses", "assignedPlans", "imAddresses", "interests", "licenseAssignmentStates", "pastProjects",
	"onPremisesProvisioningErrors", "provisionedPlans", "proxyAddresses", "responsibilities", "schools",
	"serviceProvisioningErrors", "skills",
}

// modelFields adds every property of the model that fields() does not
// compute: what was written, else null or [].
func (u *user) modelFields(into map[string]any) {
	for _, name := range append(slices.Clone(userReadOnly), keysOf(userWritable)...) {
		if _, set := into[name]; set {
			continue
		}
		if raw, ok := u.Written[name]; ok && name != "passwordProfile" {
			var v any
			_ = json.Unmarshal(raw, &v)
			into[name] = v
			continue
		}
		if slices.Contains(collectionUserProperties, name) {
			into[name] = []any{}
		} else {
			into[name] = nil
		}
	}
}

// patchModel applies a PATCH of a property that fields of its own do not
// hold. It reports whether the name is a property of the model at all.
func (u *user) patchModel(name string, raw json.RawMessage) (bool, *graphError) {
	switch {
	case slices.Contains(userReadOnly, name):
		return true, errBadRequest("Property '" + name + "' is read-only and cannot be set.")
	case slices.Contains(userRelationships, name):
		return true, errBadRequest("Property '" + name + "' is a relationship of 'microsoft.graph.user'; it cannot be set with PATCH of the user.")
	}
	t, ok := userObject.properties[name]
	if !ok {
		return false, nil
	}
	if ge := t.check(raw, name); ge != nil {
		return true, ge
	}
	switch name {
	case "userPrincipalName":
		var v string
		if json.Unmarshal(raw, &v) != nil || v == "" {
			return true, errBadRequest("Invalid value specified for property 'userPrincipalName' of resource 'User'.")
		}
		u.UPN = v
	case "identities":
		var ids []identity
		_ = json.Unmarshal(raw, &ids)
		u.Identities = ids
	case "businessPhones":
		var phones []string
		_ = json.Unmarshal(raw, &phones)
		if len(phones) > 1 {
			// The reference: only one number can be set for this property.
			return true, errBadRequest("Invalid value specified for property 'businessPhones' of resource 'User'.")
		}
		u.BusinessPhones = phones
	default:
		if u.Written == nil {
			u.Written = map[string]json.RawMessage{}
		}
		if string(raw) == "null" {
			delete(u.Written, name)
		} else {
			u.Written[name] = raw
		}
	}
	return true, nil
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
