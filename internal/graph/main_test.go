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

// Objects of the emulator's default seed, named as the seed names them.
var (
	seed            = graphemu.DefaultSeed()
	clientID        = seed.App("terraform-b2b").ClientID
	clientSecret    = seed.App("terraform-b2b").Secrets[0]
	groupA          = seed.GroupID("Engineering Partners")
	groupB          = seed.GroupID("Finance Reviewers")
	groupC          = seed.GroupID("Sales Extranet")
	portalSP        = seed.ServicePrincipalID("Contoso Partner Portal")
	portalReader    = seed.AppRoleID("Contoso Partner Portal", "Portal.Read")
	portalWriter    = seed.AppRoleID("Contoso Partner Portal", "Portal.Write")
	expensesSP      = seed.ServicePrincipalID("Contoso Expenses")
	existingGuest   = seed.User("Existing Guest").Mail
	existingGuestID = seed.User("Existing Guest").ID
)

// defaultAccess is Graph's app role id for default access to an
// application that defines no roles.
const defaultAccess = "00000000-0000-0000-0000-000000000000"

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
