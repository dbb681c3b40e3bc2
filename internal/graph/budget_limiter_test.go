package graph

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func TestBudgetLimiterSlidesItsWindow(t *testing.T) {
	t.Parallel()
	l := newBudgetLimiter("test", 10, time.Second)
	start := time.Now()
	first, _ := l.tryAcquire(start, 4)
	if sp, wait := l.tryAcquire(start.Add(100*time.Millisecond), 6); sp == nil {
		t.Fatalf("the budget's last 6 units waited %v", wait)
	}
	// The first answer came late: its place in the window dates from then.
	l.answered(first, start.Add(300*time.Millisecond))
	if _, wait := l.tryAcquire(start.Add(200*time.Millisecond), 1); wait != l.window-100*time.Millisecond {
		t.Fatalf("a unit past the budget waits %v, want until the earliest spend leaves the window (%v)", wait, l.window-100*time.Millisecond)
	}
	if sp, _ := l.tryAcquire(start.Add(100*time.Millisecond+l.window), 6); sp == nil {
		t.Fatal("the room the second spend left is not given back")
	}
	if sp, _ := l.tryAcquire(start.Add(100*time.Millisecond+l.window), 1); sp != nil {
		t.Fatal("the late answer left the window with the first spend's date")
	}
}

func TestRequestCostIsGraphsTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, url   string
		units, writes int
	}{
		{"GET", "https://graph.microsoft.com/v1.0/users?$filter=x", 2, 0},
		{"GET", "/users/u1?$select=id,mail&$expand=memberOf($select=id)", 1, 0},
		{"GET", "/users/u1/appRoleAssignments", 1, 0},
		{"GET", "/users/u1/memberOf/microsoft.graph.group?$top=5", 1, 0},
		{"GET", "/groups/g/members", 3, 0},
		{"POST", "/users/u1/checkMemberGroups", 4, 0},
		{"POST", "/groups/g/members/$ref", 1, 1},
		{"PATCH", "/users/u1", 1, 1},
		{"DELETE", "/users/u1/extensions/x", 1, 1},
		{"POST", "https://graph.microsoft.com/v1.0/invitations", 0, 0},
	} {
		if u, w := requestCost(tc.method, tc.url); u != tc.units || w != tc.writes {
			t.Errorf("%s %s costs %d units and %d writes, want %d and %d", tc.method, tc.url, u, w, tc.units, tc.writes)
		}
	}
	u, w := batchCost([]byte(`{"requests":[{"id":"1","method":"PATCH","url":"/users/a"},{"id":"2","method":"GET","url":"/users"},{"id":"3","method":"POST","url":"/invitations"}]}`))
	if u != 3 || w != 1 {
		t.Errorf("a $batch costs %d units and %d writes, want 3 and 1", u, w)
	}
}

// budgetEmulator is an emulator of its own, in a tenant of its own, whose
// write and read budgets are small enough to be spent in a test, with the
// client's limiters set to the same numbers.
func budgetEmulator(t *testing.T, writes, units graphemu.Limit) (*graphemu.Server, *Client) {
	t.Helper()
	return budgetEmulatorFor(t, "b0d9e700-0040-4000-8000-000000000040", writes, units)
}

// budgetEmulatorFor is budgetEmulator in a tenant of the test's own, whose
// budgets no other test spends.
func budgetEmulatorFor(t *testing.T, tenantID string, writes, units graphemu.Limit) (*graphemu.Server, *Client) {
	t.Helper()
	s := graphemu.DefaultSeed()
	s.TenantID = tenantID
	e, err := graphemu.Start(graphemu.Options{Seed: &s, Faults: graphemu.Faults{
		AppWriteBudget: true, ReadBudget: true, AppWriteLimit: writes, ReadUnitLimit: units}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	key := budgetKey(s.TenantID, clientID)
	for _, b := range []struct {
		p   *perTenant[budgetLimiter]
		lim graphemu.Limit
	}{{&writeBudgets, writes}, {&readBudgets, units}} {
		b.p.get(key)
		b.p.mu.Lock()
		b.p.items[key] = newBudgetLimiter(fmt.Sprintf("%d per %s", b.lim.N, b.lim.Per), b.lim.N, b.lim.Per)
		b.p.mu.Unlock()
	}
	c, err := New(context.Background(), Config{
		TenantID: s.TenantID, ClientID: clientID, Auth: Auth{ClientSecret: clientSecret},
		GraphEndpoint: e.GraphEndpoint(), AuthorityHost: e.URL(), CACertFile: e.CAPath(), ProviderVersion: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, c
}

// TestWritesPastTheBudgetArePacedNotThrottled sends three budgets' worth
// of writes and reads at once, from concurrent resources as an apply does:
// the limiters hold them to the emulator's budgets, so every one succeeds
// and the emulator refuses none, and the waits are logged at info.
func TestWritesPastTheBudgetArePacedNotThrottled(t *testing.T) {
	t.Parallel()
	const window = 2 * time.Second
	e, c := budgetEmulator(t, graphemu.Limit{N: 30, Per: window}, graphemu.Limit{N: 40, Per: window})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	const guests, writesEach = 30, 3
	ids := make([]string, guests)
	for i := range ids {
		ids[i] = e.InviteGuest(fmt.Sprintf("paced%d@budget.example", i), "").ID
	}
	e.ResetStats()
	var wg sync.WaitGroup
	errs := make(chan error, guests*(writesEach+1))
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range writesEach {
				title := fmt.Sprintf("Partner %d", i)
				errs <- c.UpdateUser(ctx, id, UserPatch{Profile: Profile{JobTitle: &title}})
			}
			_, err := c.ReadGuestState(ctx, id)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st := e.Stats()
	if st.Writes != guests*writesEach || st.Throttled != 0 || len(st.BudgetRefusals) != 0 {
		t.Fatalf("the emulator counted %d writes, %d throttled, refusals %v: want %d writes and no 429 %v", st.Writes, st.Throttled, st.BudgetRefusals, guests*writesEach, st.ByRoute)
	}
	if st.ReadUnits <= 40 {
		t.Fatalf("the reads spent %d units, within one budget: the test does not reach the read budget", st.ReadUnits)
	}
	for _, id := range ids {
		if u, _ := e.User(id); u.Profile["jobTitle"] != fmt.Sprintf("Partner %d", writesEach-1) {
			t.Fatalf("guest %s holds %q", id, u.Profile["jobTitle"])
		}
	}
	for _, want := range []string{`"@level":"info"`, `"@message":"Waiting for Graph's budget"`, `"budget":"30 per 2s"`, `"budget":"40 per 2s"`} {
		if !strings.Contains(logs.String(), want) {
			t.Fatalf("the log holds no %s:\n%s", want, logs.String())
		}
	}
}

// A large request waiting for room is served before the small ones that
// came after it, which would otherwise take each unit as it frees.
func TestBudgetLimiterServesWaitersInOrder(t *testing.T) {
	t.Parallel()
	l := newBudgetLimiter("test", 10, 200*time.Millisecond)
	ctx := context.Background()
	for range 10 {
		done, _ := l.acquire(ctx, 1)
		done()
		time.Sleep(10 * time.Millisecond) // so that the units free one by one
	}
	order := make(chan string, 6)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		done, err := l.acquire(ctx, 10)
		if err == nil {
			done()
		}
		order <- "batch"
	}()
	for len(l.gate) == 0 {
		time.Sleep(time.Millisecond) // the batch is waiting
	}
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done, err := l.acquire(ctx, 1)
			if err == nil {
				done()
			}
			order <- "single"
		}()
	}
	wg.Wait()
	close(order)
	if first := <-order; first != "batch" {
		t.Fatalf("a single write took the room before the batch that waited first")
	}
}

// TestBudgetSpreadsItsSpendsOnceTheWindowHasBeenFull: the first window's
// budget goes at once, but once the window has refused a spend, the room
// that frees as the first spends leave it is handed out at the budget's
// rate, not in one burst again.
func TestBudgetSpreadsItsSpendsOnceTheWindowHasBeenFull(t *testing.T) {
	t.Parallel()
	l := newBudgetLimiter("test", 10, 10*time.Second)
	start := time.Now()
	for i := range 10 {
		if sp, wait := l.tryAcquire(start.Add(time.Duration(i)*time.Millisecond), 1); sp == nil {
			t.Fatalf("spend %d of the first window waited %v", i, wait)
		}
	}
	if sp, _ := l.tryAcquire(start.Add(time.Second), 1); sp != nil {
		t.Fatal("an eleventh spend fitted in a window of ten")
	}
	// Every first spend has left the window: ten units of room, but at one
	// unit per 1.01 s (the window and its margin over ten), only what
	// steadyAhead allows goes now.
	freed := start.Add(l.window + 20*time.Millisecond)
	got := 0
	var wait time.Duration
	for range 10 {
		sp, w := l.tryAcquire(freed, 1)
		if sp == nil {
			wait = w
			break
		}
		got++
	}
	if got < 1 || got > 2 {
		t.Fatalf("%d spends went at once when the window emptied, want the rate's one or two", got)
	}
	if wait <= 0 || wait > l.window/10 {
		t.Fatalf("the next spend waits %v, want under one unit's share of the window (%v)", wait, l.window/10)
	}
}
