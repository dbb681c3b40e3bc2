package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// forbiddenEmailChars are the characters Graph refuses in
// invitedUserEmailAddress (see internal/graph's package doc, "Invitations").
const forbiddenEmailChars = "~!#$%^&*()+=[]{}\\/|;:\"<>?,"

// checkInvitationEmail applies Graph's rules for invitedUserEmailAddress, so
// that a bad address fails at plan time instead of after a round trip.
func checkInvitationEmail(email string) error {
	if email == "" {
		return fmt.Errorf("the email address is empty")
	}
	if strings.TrimSpace(email) != email || strings.ContainsAny(email, " \t\r\n") {
		return fmt.Errorf("%q contains white space", email)
	}
	if i := strings.IndexAny(email, forbiddenEmailChars); i >= 0 {
		return fmt.Errorf("%q contains %q, which Graph does not allow in an invited email address (not allowed: %s)", email, email[i], forbiddenEmailChars)
	}
	local, domain, ok := strings.Cut(email, "@")
	if !ok || strings.Contains(domain, "@") {
		return fmt.Errorf("%q must contain exactly one @", email)
	}
	if local == "" {
		return fmt.Errorf("%q has nothing before the @", email)
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.HasPrefix(local, "-") || strings.HasSuffix(local, "-") {
		return fmt.Errorf("%q: a . or - may not start or end the user name", email)
	}
	if strings.Contains(local, "..") {
		return fmt.Errorf("%q has two dots in a row", email)
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fmt.Errorf("%q: the domain must have at least two labels, such as example.com", email)
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return fmt.Errorf("%q: the domain %q is not a valid host name", email, domain)
		}
	}
	return nil
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// languageTag accepts ISO 639 / BCP 47 tags such as en, en-US or zh-Hant-TW.
var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// stringCheck adapts a check function into a framework validator, so each
// rule is written once and reported on the attribute's path.
type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.description, req.Path.String()+": "+err.Error())
	}
}

func emailValidator() validator.String {
	return stringCheck{description: "invitation email address", check: checkInvitationEmail}
}

func uuidValidator() validator.String {
	return stringCheck{description: "object id", check: func(s string) error {
		if !uuidPattern.MatchString(s) {
			return fmt.Errorf("%q is not an object id: expected a UUID such as 00000000-0000-0000-0000-000000000000", s)
		}
		return nil
	}}
}

func redirectURLValidator() validator.String {
	return stringCheck{description: "redirect URL", check: checkRedirectURL}
}

// checkRedirectURL wants an absolute http(s) URL, as inviteRedirectUrl does.
func checkRedirectURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q must be an absolute http or https URL, such as https://myapps.microsoft.com", s)
	}
	return nil
}

func languageValidator() validator.String {
	return stringCheck{description: "message language", check: func(s string) error {
		if !languageTag.MatchString(s) {
			return fmt.Errorf("%q is not an ISO 639 / BCP 47 language tag such as en-US", s)
		}
		return nil
	}}
}

func rfc3339Validator() validator.String {
	return stringCheck{description: "time", check: func(s string) error {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fmt.Errorf("%q is not an RFC 3339 time such as 2026-01-31T00:00:00Z", s)
		}
		return nil
	}}
}

// uniqueAppRoles refuses two assignments of the same role that differ only
// in the case of their ids: Terraform's set would keep both, Graph only one.
type uniqueAppRoles struct{}

func (uniqueAppRoles) Description(context.Context) string {
	return "each resource_id and app_role_id pair appears once"
}
func (v uniqueAppRoles) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (uniqueAppRoles) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	roles := appRoles(ctx, req.ConfigValue, &resp.Diagnostics)
	seen := map[string]bool{}
	for _, r := range roles {
		if r.ResourceID.IsUnknown() || r.AppRoleID.IsUnknown() {
			continue
		}
		k := appRoleKey(r)
		if seen[k] {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate app role assignment",
				fmt.Sprintf("The app role %s of service principal %s is listed twice. Each pair may appear once.", r.AppRoleID.ValueString(), r.ResourceID.ValueString()))
		}
		seen[k] = true
	}
}

// domainNamePattern is a DNS name of two labels or more. It is the one rule
// for every attribute that names a domain, so that a domain one of them
// takes is never refused by another.
var domainNamePattern = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)

func domainNameValidator() validator.String {
	return stringCheck{description: "domain name", check: func(s string) error {
		if !domainNamePattern.MatchString(s) {
			return fmt.Errorf("%q is not a domain name: expected one such as fabrikam.com, without a scheme, a path or an @", s)
		}
		return nil
	}}
}

func tenantIDValidator() validator.String {
	return stringCheck{description: "tenant id", check: func(s string) error {
		if !uuidPattern.MatchString(s) {
			return fmt.Errorf("%q is not a tenant id: expected a GUID such as 00000000-0000-0000-0000-000000000000", s)
		}
		return nil
	}}
}

// applicationIDValidator takes an application (client) id or Graph's
// keyword Office365.
func applicationIDValidator() validator.String {
	return stringCheck{description: "application id", check: func(s string) error {
		if s != "Office365" && !uuidPattern.MatchString(s) {
			return fmt.Errorf("%q is not an application id: expected an application (client) id, a GUID, or Office365", s)
		}
		return nil
	}}
}
