package graphemu

import (
	"strings"
	"testing"
	"time"
)

// A seed stages what a rehearsal needs of its people, counted back from the
// tenant's clock at start; a seed naming a group it lacks fails at start.
func TestSeedStagesPeople(t *testing.T) {
	seed := DefaultSeed()
	off := false
	seed.Users = append(seed.Users, SeedUser{
		ID: "0d000000-0000-4000-8000-0000000000d1", DisplayName: "Dee", Mail: "dee@partner.example", UserType: "Guest",
		ExternalUserState: "Accepted", CreatedAgo: "120d", AccountEnabled: &off,
		Groups:   []string{seedGroup},
		AppRoles: []SeedAppRole{{ResourceID: seedSP, AppRoleID: seedRole}},
		SignIns:  []SeedSignIn{{Ago: "10d"}, {Ago: "2d", NonInteractive: true}},
	})
	s := startEmulator(t, Options{Seed: &seed, ClockAhead: 30 * 24 * time.Hour})
	u, ok := s.User("0d000000-0000-4000-8000-0000000000d1")
	if !ok {
		t.Fatal("Dee is not in the tenant")
	}
	now := s.Now()
	near := func(got, want time.Time) bool { return got.Sub(want).Abs() < time.Minute }
	if !near(u.CreatedAt, now.Add(-120*24*time.Hour)) || !near(u.StateChangedAt, u.CreatedAt) {
		t.Errorf("created %v, state changed %v; want 120 days before %v", u.CreatedAt, u.StateChangedAt, now)
	}
	if u.AccountEnabled || len(u.Groups) != 1 || u.Groups[0] != seedGroup || len(s.Assignments(u.ID)) != 1 {
		t.Errorf("Dee is %+v with assignments %v", u, s.Assignments(u.ID))
	}
	// A blocked account's sign-ins are failed attempts.
	if !near(u.LastSignIn, now.Add(-10*24*time.Hour)) || !u.LastSuccessfulSignIn.IsZero() {
		t.Errorf("last sign-in %v, last successful %v", u.LastSignIn, u.LastSuccessfulSignIn)
	}

	bad := DefaultSeed()
	bad.Users = append(bad.Users, SeedUser{ID: "0d000000-0000-4000-8000-0000000000d2", Mail: "typo@partner.example", UserType: "Guest",
		Groups: []string{"00000000-0000-4000-8000-00000000beef"}})
	if _, err := Start(Options{Seed: &bad}); err == nil || !strings.Contains(err.Error(), "is not a group of the seed") {
		t.Fatalf("a seed naming a missing group started: %v", err)
	}
}
