package graphemu

import (
	"encoding/json"
	"regexp"
)

// profileStrings are the user properties an app with User.ReadWrite.All may
// set with PATCH /users/{id}, beyond the ones a guest workflow is built on
// (displayName, userType, mail, otherMails). Each is a string or null.
var profileStrings = []string{
	"givenName", "surname", "jobTitle", "department", "companyName", "officeLocation", "usageLocation",
	"employeeType", "employeeId", "mobilePhone", "preferredLanguage", "city", "state", "country",
	"streetAddress", "postalCode",
}

var usageLocationPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// patchProfile applies one property of a PATCH body to the user's profile.
// It reports whether the property is a profile property at all.
func (u *user) patchProfile(name string, raw json.RawMessage) (bool, *graphError) {
	if name == "accountEnabled" {
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return true, errBadRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.")
		}
		u.AccountDisabled = !b
		return true, nil
	}
	known := false
	for _, p := range profileStrings {
		known = known || p == name
	}
	if !known {
		return false, nil
	}
	var v *string
	if err := json.Unmarshal(raw, &v); err != nil {
		return true, errBadRequest("Invalid value specified for property '" + name + "' of resource 'User'.")
	}
	if name == "usageLocation" && v != nil && !usageLocationPattern.MatchString(*v) {
		return true, errBadRequest("Invalid value specified for property 'usageLocation' of resource 'User'.")
	}
	if u.Profile == nil {
		u.Profile = map[string]string{}
	}
	if v == nil || *v == "" {
		delete(u.Profile, name)
	} else {
		u.Profile[name] = *v
	}
	return true, nil
}

// profileFields are the profile properties as GET renders them.
func (u *user) profileFields(into map[string]any) {
	for _, p := range profileStrings {
		if v, ok := u.Profile[p]; ok {
			into[p] = v
		} else {
			into[p] = nil
		}
	}
	into["accountEnabled"] = !u.AccountDisabled
}
