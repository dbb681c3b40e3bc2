package graphemu

import (
	"bytes"
	"net/http"
	"testing"
	"time"
)

func controlRequest(t *testing.T, f *routeFixture, method, path, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, f.s.URL()+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// The rehearsal controls join the route checks, each with what it
// promises.
func init() {
	routeChecks["GET /_emulator/clock"] = func(t *testing.T, f *routeFixture) {
		status, body := f.c.fetch(controlRequest(t, f, "GET", "/_emulator/clock", ""))
		expect(t, "clock", status, 200, body)
		now, _ := body["now"].(string)
		if _, err := time.Parse(time.RFC3339, now); err != nil {
			t.Fatalf("now: %v", body)
		}
	}
	routeChecks["POST /_emulator/clock"] = func(t *testing.T, _ *routeFixture) {
		// Moving the clock expires the shared fixture's token: this check
		// has a tenant of its own.
		s := startEmulator(t, Options{})
		f := &routeFixture{s: s, c: &rawClient{t: t, s: s, hc: tlsClient(s)}}
		before := f.s.Now()
		status, body := f.c.fetch(controlRequest(t, f, "POST", "/_emulator/clock", `{"advance": "2d"}`))
		expect(t, "advance", status, 200, body)
		if moved := f.s.Now().Sub(before); moved < 48*time.Hour || moved > 49*time.Hour {
			t.Fatalf("the clock moved %s, want 48h", moved)
		}
		status, body = f.c.fetch(controlRequest(t, f, "POST", "/_emulator/clock", `{"advance": "-5d"}`))
		expect(t, "a negative advance", status, 400, body)
	}
	routeChecks["POST /_emulator/sign-ins"] = func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		u, _ := f.s.User(id)
		status, body := f.c.fetch(controlRequest(t, f, "POST", "/_emulator/sign-ins", `{"user": "`+u.Mail+`", "ago": "10d", "non_interactive": true}`))
		expect(t, "sign-in", status, 200, body)
		after, _ := f.s.User(id)
		want := f.s.Now().Add(-10 * 24 * time.Hour)
		if !after.LastSignIn.IsZero() || after.LastSuccessfulSignIn.Sub(want).Abs() > time.Minute {
			t.Fatalf("recorded interactive %v and successful %v, want only a non-interactive one about %v", after.LastSignIn, after.LastSuccessfulSignIn, want)
		}
		status, body = f.c.fetch(controlRequest(t, f, "POST", "/_emulator/sign-ins", `{"user": "nobody@routes.example"}`))
		expect(t, "an unknown user", status, 404, body)
	}
}
