package graph

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// emu is the emulator every test in this package talks to, through
// msgraph-sdk-go and azidentity, over TLS.
var emu *graphemu.Server

func TestMain(m *testing.M) {
	var err error
	emu, err = graphemu.Start(graphemu.Options{PageSize: 3})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = emu.Close()
	os.Exit(code)
}

const (
	clientID        = "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e"
	clientSecret    = "emulator-secret-do-not-use-in-production"
	groupA          = "a1b2c3d4-0001-4000-8000-00000000e001"
	groupB          = "a1b2c3d4-0002-4000-8000-00000000e002"
	groupC          = "a1b2c3d4-0003-4000-8000-00000000e003"
	portalSP        = "5e000000-0001-4000-8000-0000000005a1"
	portalReader    = "7a000000-0001-4000-8000-000000000001"
	portalWriter    = "7a000000-0002-4000-8000-000000000002"
	expensesSP      = "5e000000-0002-4000-8000-0000000005a2"
	defaultAccess   = "00000000-0000-0000-0000-000000000000"
	existingGuest   = "existing.guest@fabrikam.example"
	existingGuestID = "90000000-0002-4000-8000-000000000002"
)

func emulatorConfig(auth Auth, client string) Config {
	return Config{
		TenantID: emu.TenantID(), ClientID: client, Auth: auth,
		GraphEndpoint: emu.GraphEndpoint(), AuthorityHost: emu.URL(), CACertFile: emu.CAPath(),
		ProviderVersion: "test",
	}
}

func newTestClient(t *testing.T) *Client {
	t.Helper()
	return newClientAs(t, clientID, clientSecret)
}

func newClientAs(t *testing.T, client, secret string) *Client {
	t.Helper()
	c, err := New(context.Background(), emulatorConfig(Auth{ClientSecret: secret}, client))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}
