package graph

import (
	"context"
	"slices"
	"testing"
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
