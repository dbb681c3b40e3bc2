package graph

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// The provider sends plain bodies, but kiota's default middleware gzips
// them, and users may point other SDK clients at the emulator: a gzipped
// invitation must work as on Graph, and a broken one must be a 400.
func TestEmulatorTakesGzippedBodies(t *testing.T) {
	t.Parallel()
	token := accessToken(t)
	hc := &http.Client{Transport: mustTransport(t)}
	post := func(body []byte) (int, string) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, emu.GraphEndpoint()+"/v1.0/invitations", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(answer)
	}

	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	fmt.Fprintf(zw, `{"invitedUserEmailAddress":%q,"inviteRedirectUrl":"https://example.com","sendInvitationMessage":false}`, uniqueEmail(t))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if status, answer := post(zipped.Bytes()); status != http.StatusCreated {
		t.Fatalf("gzipped invitation: %d %s", status, answer)
	}
	if status, answer := post([]byte(`{"not":"gzip"}`)); status != http.StatusBadRequest {
		t.Fatalf("a body that is not gzip: %d %s, want 400", status, answer)
	}
}
