package graphemu

import (
	"fmt"
	"strings"
	"time"
)

// A seed stages people as a rehearsal needs them: how long ago each was
// invited (created_ago, "40d" or "720h", back from the tenant's clock at
// start; the default is a day), whether sign-in is blocked, the groups and
// app roles they hold, their sign-ins, and open extensions such as the
// provider's management mark. For example:
//
//	{"id": "…", "display_name": "Dee", "mail": "dee@partner.example", "user_type": "Guest",
//	 "external_user_state": "Accepted", "created_ago": "120d",
//	 "groups": ["<group id>"], "app_roles": [{"resource_id": "<sp id>", "app_role_id": "<role id>"}],
//	 "sign_ins": [{"ago": "10d"}, {"ago": "2d", "non_interactive": true}]}
//
// A guest's redemption state changed when it was created. Ids that name
// no group or service principal of the seed are an error, so a typo in a
// seed fails at start rather than in the rehearsal.

// SeedAppRole is an app role assignment a seeded user holds.
type SeedAppRole struct {
	ResourceID string `json:"resource_id"`
	AppRoleID  string `json:"app_role_id"`
}

// SeedSignIn is a sign-in a seeded user made, ago back from the start.
type SeedSignIn struct {
	Ago            string `json:"ago"`
	NonInteractive bool   `json:"non_interactive,omitempty"`
	Failed         bool   `json:"failed,omitempty"`
}

// SeedExtension is an open extension on a seeded user.
type SeedExtension struct {
	Name string         `json:"name"`
	Data map[string]any `json:"data,omitempty"`
}

// CheckSeed reports what in a seed's people cannot be staged.
func CheckSeed(s Seed) error {
	groups := map[string]bool{}
	for _, g := range s.Groups {
		groups[strings.ToLower(g.ID)] = true
	}
	roles := map[string]bool{}
	for _, sp := range s.ServicePrincipals {
		for _, r := range sp.AppRoles {
			roles[strings.ToLower(sp.ID+"/"+r.ID)] = true
		}
	}
	for _, u := range s.Users {
		if u.CreatedAgo != "" {
			if _, err := controlDuration(u.CreatedAgo); err != nil {
				return fmt.Errorf("user %s: created_ago: %w", u.Mail, err)
			}
		}
		for _, g := range u.Groups {
			if !groups[strings.ToLower(g)] {
				return fmt.Errorf("user %s: group %s is not a group of the seed", u.Mail, g)
			}
		}
		for _, r := range u.AppRoles {
			if !roles[strings.ToLower(r.ResourceID+"/"+r.AppRoleID)] && r.AppRoleID != defaultAppRoleID {
				return fmt.Errorf("user %s: app role %s of %s is not in the seed", u.Mail, r.AppRoleID, r.ResourceID)
			}
		}
		for _, in := range u.SignIns {
			if _, err := controlDuration(in.Ago); err != nil {
				return fmt.Errorf("user %s: sign_ins: %w", u.Mail, err)
			}
		}
	}
	return nil
}

// defaultAppRoleID is the role every service principal has implicitly.
const defaultAppRoleID = "00000000-0000-0000-0000-000000000000"

// stagePeople applies what the seed says of each user beyond its identity;
// the seed has been checked.
func (t *tenant) stagePeople(s Seed, now time.Time) {
	for _, su := range s.Users {
		u := t.users[su.ID]
		if u == nil {
			continue
		}
		if d, err := controlDuration(su.CreatedAgo); su.CreatedAgo != "" && err == nil {
			u.CreatedAt = now.Add(-d)
			if u.UserType == "Guest" {
				u.StateChangedAt = u.CreatedAt
			}
		}
		if su.AccountEnabled != nil {
			u.AccountDisabled = !*su.AccountEnabled
		}
		for _, g := range su.Groups {
			for id, grp := range t.groups {
				if strings.EqualFold(id, g) {
					grp.Members[u.ID] = true
				}
			}
		}
		for _, r := range su.AppRoles {
			a := &assignment{ID: newID(), PrincipalID: u.ID, ResourceID: r.ResourceID, AppRoleID: r.AppRoleID, CreatedAt: u.CreatedAt}
			t.assignments[a.ID] = a
		}
		for _, in := range su.SignIns {
			d, _ := controlDuration(in.Ago)
			u.SignIns.record(SignIn{At: now.Add(-d), NonInteractive: in.NonInteractive, Failed: in.Failed || u.AccountDisabled})
		}
		for _, e := range su.Extensions {
			if u.Extensions == nil {
				u.Extensions = map[string]userExtension{}
			}
			u.Extensions[strings.ToLower(e.Name)] = userExtension(e)
		}
	}
}
