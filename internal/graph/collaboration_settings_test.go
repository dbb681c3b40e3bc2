package graph

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

func TestCollaborationSettingsAndDomains(t *testing.T) {
	c := newTestClient(t)
	everyone, limited := "everyone", "10dae51f-b6af-4016-8d66-8c2a99b929b3"
	t.Cleanup(func() {
		ctx := context.Background() // t.Context is over by then
		_ = c.UpdateCollaborationSettings(ctx, CollaborationSettings{AllowInvitesFrom: &everyone, GuestUserRoleID: &limited})
		_ = c.UpdateInvitationDomains(ctx, nil, nil)
	})
	admins := "adminsAndGuestInviters"
	if err := c.UpdateCollaborationSettings(t.Context(), CollaborationSettings{AllowInvitesFrom: &admins}); err != nil {
		t.Fatal(err)
	}
	s, err := c.GetCollaborationSettings(t.Context())
	if err != nil || *s.AllowInvitesFrom != admins || *s.GuestUserRoleID != limited || s.EmailVerifiedUsersCanJoin == nil {
		t.Fatalf("settings: %+v, %v", s, err)
	}
	if err := c.UpdateInvitationDomains(t.Context(), nil, []string{"blocked.example"}); err != nil {
		t.Fatal(err)
	}
	d, err := c.GetInvitationDomains(t.Context())
	if err != nil || d.Allowed != nil || !slices.Equal(d.Blocked, []string{"blocked.example"}) {
		t.Fatalf("domains: %+v, %v", d, err)
	}
	if _, err := c.Invite(t.Context(), InviteRequest{Email: "someone@blocked.example", RedirectURL: "https://example.com"}); !IsKind(err, KindBadRequest) {
		t.Fatalf("an invitation to a denied domain: %v", err)
	}
}

// A redemption reset is an invitation: the domain list refuses one to a
// denied address, or one missing from an allow list, with the very answer
// it gives a new invitation there.
func TestInvitationDomainsRefuseARedemptionReset(t *testing.T) {
	c := newTestClient(t)
	t.Cleanup(func() { _ = c.UpdateInvitationDomains(context.Background(), nil, nil) })
	inv, err := c.Invite(t.Context(), InviteRequest{Email: "reset-refused@partner.example", RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.DeleteUser(context.Background(), inv.UserID) })
	moved := "reset-refused@rival.example"
	if err := c.UpdateUser(t.Context(), inv.UserID, UserPatch{Mail: &moved}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateInvitationDomains(t.Context(), nil, []string{"rival.example"}); err != nil {
		t.Fatal(err)
	}
	_, newErr := c.Invite(t.Context(), InviteRequest{Email: "someone.else@rival.example", RedirectURL: "https://example.com"})
	_, resetErr := c.Invite(t.Context(), InviteRequest{Email: moved, RedirectURL: "https://example.com", ResetRedemption: true, UserID: inv.UserID})
	var n, r *Error
	if !errors.As(newErr, &n) || !errors.As(resetErr, &r) {
		t.Fatalf("new invitation: %v; reset: %v", newErr, resetErr)
	}
	if r.Kind != KindBadRequest || r.Status != n.Status || r.Code != n.Code ||
		r.Message != strings.Replace(n.Message, "someone.else@", "reset-refused@", 1) {
		t.Fatalf("the reset was answered %d %s %q, a new invitation %d %s %q", r.Status, r.Code, r.Message, n.Status, n.Code, n.Message)
	}
	if err := c.UpdateInvitationDomains(t.Context(), []string{"partner.example"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invite(t.Context(), InviteRequest{Email: moved, RedirectURL: "https://example.com", ResetRedemption: true, UserID: inv.UserID}); !IsKind(err, KindBadRequest) {
		t.Fatalf("a reset to a domain missing from the allow list: %v", err)
	}
}

// The definition holds more than the domain lists, and Graph's PATCH
// replaces it whole: a new list keeps the tenant's other B2B policies.
func TestInvitationDomainsKeepTheDefinitionsOtherPolicies(t *testing.T) {
	_, c := startOwnEmulator(t)
	d, err := c.GetInvitationDomains(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	preview := []byte(`{"definition":["{\"B2BManagementPolicy\":{\"PreviewPolicy\":{\"Features\":[\"OneTimePasscode\"]},\"InvitationsAllowedAndBlockedDomainsPolicy\":{}}}"]}`)
	if err := c.adapter.SendNoContent(t.Context(), c.betaRequest(abstractions.PATCH, "/policies/b2bManagementPolicies/{id}", map[string]string{"id": d.policyID}, preview), odataErrors); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateInvitationDomains(t.Context(), []string{"partner.example"}, nil); err != nil {
		t.Fatal(err)
	}
	d, err = c.GetInvitationDomains(t.Context())
	if err != nil || !slices.Equal(d.Allowed, []string{"partner.example"}) || !strings.Contains(string(d.otherPolicies["PreviewPolicy"]), "OneTimePasscode") {
		t.Fatalf("after a new allow list: %+v, %v", d, err)
	}
}
