package graphemu

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// A request held on its way in never takes effect once its client is gone;
// one held on its way out has taken effect, though its client never hears.
func TestHoldsDropWhatAKilledClientLeaves(t *testing.T) {
	t.Parallel()
	for _, after := range []bool{false, true} {
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		email := "held@partner.example"
		hold := s.HoldNext("POST", "/invitations", after)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			body, _ := json.Marshal(map[string]any{"invitedUserEmailAddress": email, "inviteRedirectUrl": "https://myapps.microsoft.com"})
			req, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/v1.0/invitations", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.hc.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		select {
		case <-hold.Arrived():
		case <-time.After(10 * time.Second):
			t.Fatal("the request never reached the hold")
		}
		cancel()
		if err := <-done; err == nil {
			t.Fatalf("after=%v: the canceled client got an answer", after)
		}
		hold.Release()
		// The server notices the gone client and finishes with the request.
		deadline := time.Now().Add(5 * time.Second)
		for after && len(s.UsersByEmail(email)) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := len(s.UsersByEmail(email)); (n == 1) != after {
			t.Fatalf("after=%v: %d users exist", after, n)
		}
	}
}
