package graph

import (
	"context"
	"encoding/json"
	"fmt"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/users"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func uniqueEmail(t *testing.T) string {
	return fmt.Sprintf("%s.%d@partner.example", strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")), time.Now().UnixNano())
}

func TestInviteCreatesPendingGuest(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	email := uniqueEmail(t)
	res, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: email, RedirectURL: "https://myapps.microsoft.com", DisplayName: "Pat Partner"})
	if err != nil {
		t.Fatalf("InviteOrAdopt: %v", err)
	}
	if res.Adopted {
		t.Fatal("a new guest was reported as adopted")
	}
	created, err := c.GetUser(t.Context(), res.Invitation.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if CreatedBefore(created, res.CreatedAfter) {
		t.Fatalf("the new guest (created %v) counts as older than the invitation (%v)", created.CreatedAt, res.CreatedAfter)
	}
	u, ok := emu.User(res.Invitation.UserID)
	if !ok || u.ExternalUserState != "PendingAcceptance" || !strings.Contains(u.UPN, "#EXT#") {
		t.Fatalf("emulator user = %+v", u)
	}
	g, err := c.GetUser(t.Context(), res.Invitation.UserPrincipalName)
	if err != nil {
		t.Fatalf("GetUser by #EXT# UPN: %v", err)
	}
	if g.ID != res.Invitation.UserID || g.ExternalUserState != "PendingAcceptance" || g.UserType != "Guest" || g.CreationType != "Invitation" {
		t.Fatalf("guest = %+v", g)
	}
}

func TestInviteOfExistingEmailAdoptsTheUser(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	res, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: existingGuest, RedirectURL: "https://myapps.microsoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Adopted || res.Invitation.UserID != existingGuestID {
		t.Fatalf("result = %+v", res)
	}
	if n := len(emu.UsersByEmail(existingGuest)); n != 1 {
		t.Fatalf("%d users hold the email", n)
	}
}

func TestInviteOfPendingGuestIsSettledByCreationTime(t *testing.T) {
	c := newTestClient(t)
	email := uniqueEmail(t)
	earlier := emu.InviteGuest(email, "Invited Elsewhere")
	emu.SetCreatedAt(earlier.ID, time.Now().Add(-time.Hour))
	before := emu.Stats()
	res, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: email, RedirectURL: "https://myapps.microsoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	after := emu.Stats()
	if rt, ops := after.RoundTrips-before.RoundTrips, after.Operations-before.Operations; rt != 1 || ops != 1 {
		t.Fatalf("an invitation took %d round trips and %d operations, want 1 and 1", rt, ops)
	}
	if res.Adopted || res.Invitation.UserID != earlier.ID {
		t.Fatalf("result = %+v; a pending guest is not known to be adopted from the answer alone", res)
	}
	g, err := c.GetUser(t.Context(), earlier.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !CreatedBefore(g, res.CreatedAfter) {
		t.Fatalf("the guest created an hour ago (%v) does not count as older than the invitation (%v)", g.CreatedAt, res.CreatedAfter)
	}
}

func TestAppWithoutUserInviteGets403NamingThePermission(t *testing.T) {
	t.Parallel()
	c := newClientAs(t, "1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite")
	_, err := c.Invite(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if !IsKind(err, KindForbidden) || !strings.Contains(err.Error(), "User.Invite.All") {
		t.Fatalf("want a 403 naming User.Invite.All, got %v", err)
	}
}

func TestThrottledRequestIsRetriedAfterRetryAfter(t *testing.T) {
	c := newTestClient(t)
	emu.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "GET", PathContains: "/users/" + existingGuestID, Status: 429, Code: "TooManyRequests", Message: "Please retry again later.", Times: 1}}})
	defer emu.SetFaults(graphemu.Faults{})
	before := emu.Stats()
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser after a 429: %v", err)
	}
	after := emu.Stats()
	if got := after.Count("GET /users/{id} 429") - before.Count("GET /users/{id} 429"); got != 1 {
		t.Fatalf("429s counted = %d, want 1", got)
	}
	if got := after.Count("GET /users/{id} 200") - before.Count("GET /users/{id} 200"); got != 1 {
		t.Fatalf("200s after the retry = %d, want 1", got)
	}
}

func TestRandomThrottlingWithRetryAfterIsAbsorbed(t *testing.T) {
	c := newTestClient(t)
	emu.SetFaults(graphemu.Faults{ThrottleRate: 0.3, RetryAfter: 50 * time.Millisecond})
	defer emu.SetFaults(graphemu.Faults{})
	for i := 0; i < 10; i++ {
		if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if emu.FaultsInjected()["429"] == 0 {
		t.Fatal("no 429 was injected")
	}
}

func TestGuestFieldsComeBackOnlyWithSelect(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	tok := accessToken(t)
	hc := &http.Client{Transport: mustTransport(t)}
	req, _ := http.NewRequest(http.MethodGet, emu.GraphEndpoint()+"/v1.0/users/"+existingGuestID, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var plain map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&plain)
	if _, ok := plain["externalUserState"]; ok {
		t.Fatalf("a GET without $select returned externalUserState: %v", plain)
	}
	if _, ok := plain["displayName"]; !ok {
		t.Fatalf("default fields missing: %v", plain)
	}
	g, err := c.GetUser(t.Context(), existingGuestID)
	if err != nil {
		t.Fatal(err)
	}
	if g.ExternalUserState != "Accepted" || g.UserType != "Guest" || g.CreatedAt == nil {
		t.Fatalf("with $select the guest fields are missing: %+v", g)
	}
}

// accessToken asks the emulator's token endpoint directly, as a raw client.
func accessToken(t *testing.T) string {
	t.Helper()
	hc := &http.Client{Transport: mustTransport(t)}
	form := "grant_type=client_credentials&client_id=" + clientID + "&client_secret=" + clientSecret + "&scope=https://graph.microsoft.com/.default"
	resp, err := hc.Post(emu.URL()+"/"+emu.TenantID()+"/oauth2/v2.0/token", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.AccessToken == "" {
		t.Fatalf("token: %s", body)
	}
	return out.AccessToken
}

// The provider sends no dependent requests, but other Graph clients do: the
// emulator answers the dependent of a failed request with 424, as Graph does.
func TestEmulatorAnswers424ToDependentOfFailedRequest(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	missing, err := c.userGetRequest(t.Context(), "11111111-2222-4333-8444-555555555555")
	if err != nil {
		t.Fatal(err)
	}
	existing, err := c.userGetRequest(t.Context(), existingGuestID)
	if err != nil {
		t.Fatal(err)
	}
	batch := msgraphcore.NewBatchRequest(c.adapter)
	first, err := batch.AddBatchRequestStep(*missing)
	if err != nil {
		t.Fatal(err)
	}
	second, err := batch.AddBatchRequestStep(*existing)
	if err != nil {
		t.Fatal(err)
	}
	second.DependsOnItem(first)
	resp, err := batch.Send(t.Context(), c.adapter)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]int32{}
	for _, item := range resp.GetResponses() {
		status[deref(item.GetId())] = deref(item.GetStatus())
	}
	if status[deref(first.GetId())] != 404 || status[deref(second.GetId())] != 424 {
		t.Fatalf("statuses %v, want 404 for the failed request and 424 for its dependent", status)
	}
}

func TestMembershipsAreAppliedInOneBatch(t *testing.T) {
	c := newTestClient(t)
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invitation.UserID
	before := emu.Stats()
	res := c.ApplyMemberships(t.Context(), id, MembershipChanges{
		AddGroups: []string{groupA, groupB, groupC},
		AddRoles:  []AppRoleAssignment{{ResourceID: portalSP, AppRoleID: portalReader}, {ResourceID: expensesSP, AppRoleID: defaultAccess}},
	})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	after := emu.Stats()
	if rt := after.RoundTrips - before.RoundTrips; rt != 1 {
		t.Fatalf("round trips = %d, want 1", rt)
	}
	if ops := after.Operations - before.Operations; ops != 5 {
		t.Fatalf("operations = %d, want 5", ops)
	}
	for _, g := range []string{groupA, groupB, groupC} {
		if !slices.Contains(emu.GroupMembers(g), id) {
			t.Fatalf("not a member of %s", g)
		}
	}
	if len(res.AddedRoles) != 2 || res.AddedRoles[0].ID == "" {
		t.Fatalf("roles = %+v", res.AddedRoles)
	}

	// Adding again is a success, not an error.
	again := c.ApplyMemberships(t.Context(), id, MembershipChanges{AddGroups: []string{groupA}, AddRoles: []AppRoleAssignment{{ResourceID: portalSP, AppRoleID: portalReader}}})
	if len(again.Errors) > 0 || len(again.AddedGroups) != 1 || len(again.AddedRoles) != 1 || again.AddedRoles[0].ID != res.AddedRoles[0].ID && again.AddedRoles[0].ID != res.AddedRoles[1].ID {
		t.Fatalf("re-adding: %+v", again)
	}

	state, err := c.ReadGuestState(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(state.GroupIDs) != 3 || len(state.Assignments) != 2 {
		t.Fatalf("state = %+v", state)
	}

	rm := c.ApplyMemberships(t.Context(), id, MembershipChanges{RemoveGroups: []string{groupB}, RemoveRoles: []AppRoleAssignment{state.Assignments[0]}})
	if len(rm.Errors) > 0 || slices.Contains(emu.GroupMembers(groupB), id) || len(emu.Assignments(id)) != 1 {
		t.Fatalf("remove: %+v", rm)
	}
}

func TestUnknownGroupAndRoleAreNamed(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	const unknownGroup = "deadbeef-0000-4000-8000-000000000000"
	const unknownRole = "deadbeef-1111-4000-8000-000000000000"
	res := c.ApplyMemberships(t.Context(), inv.Invitation.UserID, MembershipChanges{
		AddGroups: []string{groupA, unknownGroup},
		AddRoles:  []AppRoleAssignment{{ResourceID: portalSP, AppRoleID: unknownRole}},
	})
	if len(res.AddedGroups) != 1 || len(res.Errors) != 2 {
		t.Fatalf("result = %+v", res)
	}
	text := res.Errors[0].Error() + res.Errors[1].Error()
	if !strings.Contains(text, unknownGroup) || !strings.Contains(text, unknownRole) {
		t.Fatalf("errors do not name the objects: %s", text)
	}
}

func TestReplicationLagIsRetriedNotSlept(t *testing.T) {
	c := newTestClient(t)
	emu.SetFaults(graphemu.Faults{ReplicationLag: 1500 * time.Millisecond})
	defer emu.SetFaults(graphemu.Faults{})
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	res := c.ApplyMemberships(t.Context(), inv.Invitation.UserID, MembershipChanges{
		AddGroups: []string{groupA}, AddRoles: []AppRoleAssignment{{ResourceID: portalSP, AppRoleID: portalWriter}},
	})
	if len(res.Errors) > 0 {
		t.Fatalf("errors under lag: %v", res.Errors)
	}
	st := emu.Stats()
	if st.Count("POST /groups/{id}/members/$ref 400") == 0 {
		t.Fatal("the lag was never seen: the test proves nothing")
	}
}

// Lag that outlasts the deadline ends with Graph's last answer, marked as
// stopped by the deadline, so the provider can say the timeout ran out.
func TestReplicationLagPastTheDeadlineIsOutOfTime(t *testing.T) {
	c := newTestClient(t)
	emu.SetFaults(graphemu.Faults{ReplicationLag: 5 * time.Second})
	defer emu.SetFaults(graphemu.Faults{})
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	res := c.ApplyMemberships(ctx, inv.Invitation.UserID, MembershipChanges{AddGroups: []string{groupA}})
	if len(res.Errors) != 1 || !OutOfTime(res.Errors[0]) || IsKind(res.Errors[0], KindOther) {
		t.Fatalf("want one error marked out of time, got %v", res.Errors)
	}
	if !strings.Contains(res.Errors[0].Error(), "don't exist") {
		t.Fatalf("the error lost Graph's answer: %v", res.Errors[0])
	}
}

func TestListUsersFollowsPaging(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	for i := 0; i < 4; i++ {
		if _, err := c.Invite(t.Context(), InviteRequest{Email: fmt.Sprintf("paging%d.%d@paging.example", i, time.Now().UnixNano()), RedirectURL: "https://example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	guests, err := c.ListUsers(t.Context(), "userType eq 'Guest' and startsWith(mail,'paging')")
	if err != nil {
		t.Fatal(err)
	}
	if len(guests) != 4 {
		t.Fatalf("got %d guests across pages of 3, want 4", len(guests))
	}
}

func TestUserAgentNamesTheProvider(t *testing.T) {
	c := newTestClient(t)
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatal(err)
	}
	if emu.Stats().UserAgents["terraform-provider-b2b/test"] == 0 {
		t.Fatalf("user agents seen: %v", emu.Stats().UserAgents)
	}
}

func TestConcurrentReadsShareBatches(t *testing.T) {
	c := newTestClient(t)
	var ids []string
	for i := 0; i < 10; i++ {
		inv, err := c.Invite(t.Context(), InviteRequest{Email: fmt.Sprintf("coalesce%d.%d@coalesce.example", i, time.Now().UnixNano()), RedirectURL: "https://example.com"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inv.UserID)
	}
	before := emu.Stats()
	errs := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			gs, err := c.ReadGuestState(t.Context(), id)
			if err == nil && gs.Guest.ID != id {
				err = fmt.Errorf("read %s, got %s", id, gs.Guest.ID)
			}
			errs <- err
		}()
	}
	for range ids {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	after := emu.Stats()
	// 10 guests × 2 reads (the user with memberOf expanded, and the app
	// role assignments) = 20 operations: one full $batch, or two if the
	// window closed between arrivals.
	if ops := after.Operations - before.Operations; ops != 20 {
		t.Fatalf("operations = %d, want 20", ops)
	}
	if rt := after.RoundTrips - before.RoundTrips; rt > 2 {
		t.Fatalf("round trips = %d for 10 concurrent reads, want at most 2", rt)
	}
}

func TestReadListsGroupsPastTheExpansionLimit(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	inv, err := c.Invite(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 23 // more than the 20 an expansion holds
	for i := range n {
		emu.AddMember(emu.AddGroup(fmt.Sprintf("%s %d", t.Name(), i)), inv.UserID)
	}
	gs, err := c.ReadGuestState(t.Context(), inv.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs.GroupIDs) != n {
		t.Fatalf("read %d groups, want %d", len(gs.GroupIDs), n)
	}
}

func TestOneGuestsNotFoundDoesNotFailOthersInSharedBatch(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	inv, err := c.Invite(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	go func() { _, err := c.ReadGuestState(t.Context(), inv.UserID); errs <- err }()
	go func() { _, err := c.ReadGuestState(t.Context(), "11111111-2222-4333-8444-555555555555"); errs <- err }()
	var notFound, ok int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case IsNotFound(err):
			notFound++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || notFound != 1 {
		t.Fatalf("ok=%d notFound=%d", ok, notFound)
	}
}

// userGetRequest is the request GetUser sends, for tests that put it in a
// $batch of their own.
func (c *Client) userGetRequest(ctx context.Context, idOrUPN string) (*abstractions.RequestInformation, error) {
	return c.sdk.Users().ByUserId(idOrUPN).ToGetRequestInformation(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: guestFields},
	})
}

// A rename alone sends the name alone: a null userType beside it would be
// refused.
func TestUpdateUserSendsOnlyWhatChanges(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	res, err := c.Invite(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://myapps.microsoft.com", DisplayName: "Pat"})
	if err != nil {
		t.Fatal(err)
	}
	name := "Pat Partner"
	if err := c.UpdateUser(t.Context(), res.UserID, UserPatch{DisplayName: &name}); err != nil {
		t.Fatalf("renaming alone: %v", err)
	}
	if u, _ := emu.User(res.UserID); u.DisplayName != name || u.UserType != "Guest" {
		t.Fatalf("after the rename: %+v", u)
	}
	member := "Member"
	if err := c.UpdateUser(t.Context(), res.UserID, UserPatch{UserType: &member}); err != nil {
		t.Fatalf("changing the type alone: %v", err)
	}
	if u, _ := emu.User(res.UserID); u.DisplayName != name || u.UserType != "Member" {
		t.Fatalf("after the type change: %+v", u)
	}
}

// The profile and the sponsors change in the same $batch as the groups,
// and read back with the guest.
func TestProfileAndSponsorsShareTheMembershipBatch(t *testing.T) {
	c := newTestClient(t)
	inv, err := c.Invite(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com", SponsorIDs: []string{existingGuestID}})
	if err != nil {
		t.Fatal(err)
	}
	title, company, off := "Auditor", "Fabrikam", false
	before := emu.Stats()
	res := c.ApplyMemberships(t.Context(), inv.UserID, MembershipChanges{
		AddGroups: []string{groupA}, AddSponsors: []string{groupB}, RemoveSponsors: []string{existingGuestID},
		Patch: UserPatch{Profile: Profile{JobTitle: &title, CompanyName: &company, AccountEnabled: &off}},
	})
	if len(res.Errors) > 0 || !res.Patched || len(res.AddedSponsors) != 1 || len(res.RemovedSponsors) != 1 {
		t.Fatalf("result %+v", res)
	}
	if rt := emu.Stats().RoundTrips - before.RoundTrips; rt != 1 {
		t.Fatalf("%d round trips, want the one $batch", rt)
	}
	gs, err := c.ReadGuestStateWithSponsors(t.Context(), inv.UserID)
	if err != nil {
		t.Fatal(err)
	}
	p := gs.Guest.Profile
	if p.JobTitle == nil || *p.JobTitle != title || p.CompanyName == nil || *p.CompanyName != company || p.AccountEnabled == nil || *p.AccountEnabled || p.Department != nil {
		t.Fatalf("profile read back: %+v", p)
	}
	if len(gs.SponsorIDs) != 1 || !strings.EqualFold(gs.SponsorIDs[0], groupB) {
		t.Fatalf("sponsors read back: %v", gs.SponsorIDs)
	}
}
