package graphemu

import (
	"fmt"
	"slices"
)

// The lookups below let tests name the default seed's objects by what they
// are, so that the ids live only in seed.json. Each panics on a name that
// the seed lacks: that is a mistake in the test, found on its first run.

// GroupID is the id of the seed's group with this display name.
func (s Seed) GroupID(displayName string) string {
	return find(s.Groups, func(g SeedGroup) bool { return g.DisplayName == displayName }, "group", displayName).ID
}

// ServicePrincipalID is the object id of the seed's service principal with
// this display name.
func (s Seed) ServicePrincipalID(displayName string) string {
	return s.servicePrincipal(displayName).ID
}

// AppRoleID is the id of the role with this value on the seed's service
// principal with this display name.
func (s Seed) AppRoleID(servicePrincipal, value string) string {
	sp := s.servicePrincipal(servicePrincipal)
	return find(sp.AppRoles, func(r AppRole) bool { return r.Value == value }, "app role of "+servicePrincipal, value).ID
}

// User is the seed's user with this display name.
func (s Seed) User(displayName string) SeedUser {
	return find(s.Users, func(u SeedUser) bool { return u.DisplayName == displayName }, "user", displayName)
}

// App is the seed's app registration with this display name.
func (s Seed) App(displayName string) App {
	return find(s.Apps, func(a App) bool { return a.DisplayName == displayName }, "app", displayName)
}

func (s Seed) servicePrincipal(displayName string) ServicePrincipal {
	return find(s.ServicePrincipals, func(sp ServicePrincipal) bool { return sp.DisplayName == displayName }, "service principal", displayName)
}

func find[T any](items []T, match func(T) bool, kind, name string) T {
	i := slices.IndexFunc(items, match)
	if i < 0 {
		panic(fmt.Sprintf("the seed has no %s named %q", kind, name))
	}
	return items[i]
}
