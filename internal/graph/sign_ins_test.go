package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// startOwnEmulator runs an emulator for one test, with Graph's own page
// size for users.
func startOwnEmulator(t *testing.T) (*graphemu.Server, *Client) {
	t.Helper()
	s, err := graphemu.Start(graphemu.Options{PageSize: 999})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	c, err := New(context.Background(), Config{TenantID: s.TenantID(), ClientID: clientID, Auth: Auth{ClientSecret: clientSecret},
		GraphEndpoint: s.GraphEndpoint(), AuthorityHost: s.URL(), CACertFile: s.CAPath(), ProviderVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestListGuestsWithSignInsTakesGraphsPageSize(t *testing.T) {
	s, c := startOwnEmulator(t)
	const n = 5000
	for i := range n {
		s.InviteGuest(fmt.Sprintf("guest%04d@partner.example", i), "Guest")
	}
	active := s.InviteGuest("active@partner.example", "Active")
	s.Redeem(active.ID)

	s.ResetStats()
	all, err := c.ListGuests(t.Context(), GuestListing{SignIns: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := s.Stats().ByRoute["GET /users 200"]
	if want := (len(all) + SignInPageSize - 1) / SignInPageSize; len(all) < n || pages != want {
		t.Fatalf("%d guests with sign-in activity took %d pages; Graph's page of %d allows %d", len(all), pages, SignInPageSize, want)
	}
	var signedIn int
	for _, g := range all {
		if g.SignIns == nil {
			t.Fatalf("guest %s has no sign-in activity at all; want an empty one", g.Mail)
		}
		if g.SignIns.LastSuccessfulSignIn != nil {
			signedIn++
		}
	}
	if signedIn != 1 {
		t.Fatalf("%d guests have signed in, want the one who redeemed", signedIn)
	}

	s.ResetStats()
	if _, err := c.ListGuests(t.Context(), GuestListing{}); err != nil {
		t.Fatal(err)
	}
	if pages := s.Stats().ByRoute["GET /users 200"]; pages != (len(all)+998)/999 {
		t.Fatalf("without sign-in activity, %d guests took %d pages", len(all), pages)
	}
}

func TestSignInsRefusedNameWhatIsMissing(t *testing.T) {
	s, c := startOwnEmulator(t)
	g := s.InviteGuest("refused@partner.example", "Refused")
	s.AddApp("6a000000-0000-4000-8000-000000000001", "reader", "User.Read.All")
	reader, err := New(context.Background(), Config{TenantID: s.TenantID(), ClientID: "6a000000-0000-4000-8000-000000000001", Auth: Auth{ClientSecret: "reader"},
		GraphEndpoint: s.GraphEndpoint(), AuthorityHost: s.URL(), CACertFile: s.CAPath(), ProviderVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = reader.GetUserWithSignIns(t.Context(), g.ID)
	if !IsKind(err, KindForbidden) || !strings.Contains(err.Error(), PermReadAuditLog) {
		t.Fatalf("without AuditLog.Read.All: %v", err)
	}
	s.SetPremiumLicense(false)
	_, err = c.ListGuests(t.Context(), GuestListing{SignIns: true})
	if !IsLicenseMissing(err) {
		t.Fatalf("without a license: %v", err)
	}
	if strings.Contains(err.Error(), "permission") {
		t.Fatalf("a missing license is no missing permission, yet the error names one: %v", err)
	}
	if _, err := c.ListGuests(t.Context(), GuestListing{}); err != nil {
		t.Fatalf("without a license, guests still list: %v", err)
	}
}

func TestNowFollowsTheTenantsClock(t *testing.T) {
	s, c := startOwnEmulator(t)
	s.AdvanceClock(90 * 24 * time.Hour)
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatal(err)
	}
	if ahead := time.Until(c.Now()); ahead < 90*24*time.Hour-2*time.Second {
		t.Fatalf("the client's Now is %v ahead of the local clock, want 90 days", ahead)
	}
}

func TestOffboardingSteps(t *testing.T) {
	s, c := startOwnEmulator(t)
	g := s.InviteGuest("leaving@partner.example", "Leaving")
	s.AddMember(groupA, g.ID)
	if err := s.AssignAppRole(g.ID, portalSP, portalReader); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := c.BlockSignIn(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeSignInSessions(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	access, err := c.ReadAccess(ctx, g.ID)
	if err != nil || len(access.GroupIDs) != 1 || len(access.Roles) != 1 {
		t.Fatalf("access: %+v %v", access, err)
	}
	if res := c.RemoveAccess(ctx, g.ID, access); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	v, _ := s.User(g.ID)
	if v.AccountEnabled || v.SessionsRevokedAt.IsZero() || len(v.Groups) != 0 || len(s.Assignments(g.ID)) != 0 {
		t.Fatalf("after offboarding: enabled %v, revoked %v, groups %v, roles %v", v.AccountEnabled, v.SessionsRevokedAt, v.Groups, s.Assignments(g.ID))
	}
}
