package graph

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func TestInviteLimiterWindow(t *testing.T) {
	t.Parallel()
	l := &inviteLimiter{limit: inviteLimit}
	start := time.Now()
	for i := range inviteLimit {
		slot, wait := l.tryAcquire(start)
		if slot == nil {
			t.Fatalf("invitation %d had to wait %v inside Graph's budget", i+1, wait)
		}
		// The first answer arrives a second later: its place in the
		// window dates from then.
		if i == 0 {
			l.answered(slot, start.Add(time.Second))
		}
	}
	if _, wait := l.tryAcquire(start.Add(time.Second)); wait != inviteWindow-time.Second {
		t.Fatalf("invitation 151 waits %v, want the rest of the window (%v)", wait, inviteWindow-time.Second)
	}
	if slot, wait := l.tryAcquire(start.Add(inviteWindow)); slot == nil {
		t.Fatalf("after the window, an invitation still waits %v", wait)
	}
	// 149 places expired with the window; the answered one holds on.
	if len(l.sent) != 2 {
		t.Fatalf("%d places in the window, want the late answer and the new one", len(l.sent))
	}
}

func TestInviteLimiterLearnsFrom429(t *testing.T) {
	t.Parallel()
	l := &inviteLimiter{limit: inviteLimit}
	now := time.Now()
	for range 40 {
		l.tryAcquire(now)
	}
	l.throttled(now, 2*time.Second)
	if l.limit != 36 {
		t.Fatalf("limit after a 429 with 40 in the window = %d, want 36", l.limit)
	}
	if _, wait := l.tryAcquire(now.Add(500 * time.Millisecond)); wait != 1500*time.Millisecond {
		t.Fatalf("half a second into a Retry-After of 2 s, an invitation waits %v, want 1.5 s", wait)
	}
	later := now.Add(inviteWindow + time.Second)
	l.tryAcquire(later)
	if l.limit != 36+inviteRecovery {
		t.Fatalf("limit after a quiet second = %d, want %d", l.limit, 36+inviteRecovery)
	}
}

// TestBulkInvitesRunAtGraphsLimitWithoutThrottling invites past Graph's 150
// per 5 s through the emulator's throttle: the limiter must keep every
// invitation inside the budget, so the emulator answers no 429 at all.
func TestBulkInvitesRunAtGraphsLimitWithoutThrottling(t *testing.T) {
	if testing.Short() {
		t.Skip("takes one throttle window")
	}
	emu.SetFaults(graphemu.Faults{InviteThrottle: true})
	defer emu.SetFaults(graphemu.Faults{})
	c := newTestClient(t)
	before := emu.Stats()
	const n = inviteLimit + 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Invite(t.Context(), InviteRequest{Email: fmt.Sprintf("bulk%d.%d@bulk.example", i, time.Now().UnixNano()), RedirectURL: "https://example.com"})
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
	after := emu.Stats()
	if got := after.Invitations - before.Invitations; got != n {
		t.Fatalf("%d invitations created, want %d", got, n)
	}
	if th := after.Throttled - before.Throttled; th != 0 {
		t.Fatalf("the emulator throttled %d invitations; the limiter should have kept them inside 150 per 5 s", th)
	}
}
