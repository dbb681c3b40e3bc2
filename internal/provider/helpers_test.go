package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// Objects of the emulator's default seed, named as the seed names them.
var (
	seed             = graphemu.DefaultSeed()
	groupEngineering = seed.GroupID("Engineering Partners")
	groupFinance     = seed.GroupID("Finance Reviewers")
	groupSales       = seed.GroupID("Sales Extranet")
	groupSupport     = seed.GroupID("Support Escalations")
	portalSP         = seed.ServicePrincipalID("Contoso Partner Portal")
	portalReader     = seed.AppRoleID("Contoso Partner Portal", "Portal.Read")
	portalWriter     = seed.AppRoleID("Contoso Partner Portal", "Portal.Write")
	portalAdmin      = seed.AppRoleID("Contoso Partner Portal", "Portal.Admin")
	expensesSP       = seed.ServicePrincipalID("Contoso Expenses")
	existingEmail    = seed.User("Existing Guest").Mail
	existingID       = seed.User("Existing Guest").ID
)

// defaultAccess is Graph's app role id for default access to an
// application that defines no roles.
const defaultAccess = "00000000-0000-0000-0000-000000000000"

// Which acceptance tests run in parallel. Most of their time is spent
// waiting on terraform processes, so `make test` runs them side by side
// (go test -parallel, GNUmakefile). Go starts a parallel test
// (resource.ParallelTest, or t.Parallel() before newExampleRun) only once
// every test that is not parallel has finished, so a serial test never
// overlaps a parallel one of this package, and every second a serial test
// takes is added to the run. A test may run in parallel when it works only
// on guests of its own (testEmail, or users it seeds with fresh ids) and
// reads the shared tenant only through them, or when it works on an
// emulator of its own (ownEmulator): the CLI reaches that through
// exampleRun.against, the provider that resource.Test serves in this
// process through the provider block ownProvider writes. That is how the
// fault tests, apply-time bad input, unfinished creates, the
// troubleshooting guide, the permission tables, the azuread pipelines, the
// examples, the refactor tests that count deletions and the b2b_partner
// lifecycle and bad-input tests run in parallel.
// These still share the suite's emulator and stay serial, because they
// would disturb the others or be disturbed by them:
//
//   - counts of every request or invitation the shared emulator saw
//     (emu.Stats, len(emu.Invitations())): the round-trip, plan-writes-
//     nothing, import-without-writing, crash, destroy=false, refactor into
//     a module (deletes), tenant check and action reference tests, and the
//     plan-time bad-input table (whose cases run in parallel among
//     themselves, inside it, and some of which bring provider blocks of
//     their own);
//   - fault knobs and switches that act on every request (SetFaults,
//     SetInvitationsDisabled): partial failure, replication lag, failed
//     destroy and interrupt;
//   - the process's environment (t.Setenv), which the provider served in
//     this process reads and no parallel test may change: the
//     troubleshooting guide's missing settings;
//   - tenant-wide settings: b2b_collaboration_settings (and the email
//     changes it blocks), b2b_cross_tenant_defaults, the authorization
//     policy, and the remaining b2b_partner tests (automatic redemption,
//     redemption settings, the tenant check);
//   - the seed's shared objects changed in place (the existing guest that
//     TestAccInvitation_adoptsExistingUserAndKeepsItOnDestroy adopts), the
//     tokens the emulator issued (secrets), listings of every guest
//     (b2b_guests' managed flag and filters);
//   - the guides, which run as written with fixed addresses on the shared
//     emulator.
//
// Moving one of these onto an emulator of its own is the way to make it
// parallel; the helpers that read a tenant take one (inGroupsOn,
// hasRolesOn, newGuestLedgerOn, invitationsOn, emuClientOn).

// testEmail is a fresh address per test, so tests never see each other's
// guests in the shared emulator.
func testEmail(t *testing.T) string {
	return fmt.Sprintf("%s.%d@partner.example", strings.ToLower(strings.ReplaceAll(t.Name(), "/", ".")), time.Now().UnixNano()%1_000_000_000)
}

// guestCheck hands the guest's object id from state to a check of the
// emulator's tenant.
type guestCheck struct {
	addr string
	fn   func(id string) error
}

func (c guestCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if emu == nil {
		resp.Error = errNoEmulator
		return
	}
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.addr {
			id, _ := r.AttributeValues["id"].(string)
			resp.Error = c.fn(id)
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in state", c.addr)
}

// inGroups checks the guest is a member of exactly these of the seeded
// groups.
func inGroups(want ...string) func(string) error { return inGroupsOn(emu, want...) }

// inGroupsOn is inGroups in the tenant of the emulator e.
func inGroupsOn(e *graphemu.Server, want ...string) func(string) error {
	return func(id string) error {
		u, ok := e.User(id)
		if !ok {
			return fmt.Errorf("user %s does not exist in the emulator", id)
		}
		got := append([]string(nil), u.Groups...)
		slices.Sort(got)
		w := append([]string(nil), want...)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			return fmt.Errorf("user %s is in groups %v, want %v", id, got, w)
		}
		return nil
	}
}

// hasRoles checks the guest's app role ids in the emulator.
func hasRoles(want ...string) func(string) error { return hasRolesOn(emu, want...) }

// hasRolesOn is hasRoles in the tenant of the emulator e.
func hasRolesOn(e *graphemu.Server, want ...string) func(string) error {
	return func(id string) error {
		var got []string
		for _, a := range e.Assignments(id) {
			got = append(got, a.AppRoleID)
		}
		slices.Sort(got)
		w := append([]string(nil), want...)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			return fmt.Errorf("user %s has app roles %v, want %v", id, got, w)
		}
		return nil
	}
}

func allOf(fns ...func(string) error) func(string) error {
	return func(id string) error {
		for _, f := range fns {
			if err := f(id); err != nil {
				return err
			}
		}
		return nil
	}
}

// resetFaultsAfter clears the emulator's fault knobs when the test ends,
// passed or failed, so no fault leaks into the next test.
func resetFaultsAfter(t *testing.T) {
	t.Cleanup(func() {
		if emu != nil {
			emu.SetFaults(graphemu.Faults{})
			emu.SetInvitationsDisabled(false)
		}
	})
}

// cliVersion is the name (Terraform or OpenTofu) and version of the CLI the
// acceptance tests run; it skips outside acceptance runs.
func cliVersion(t *testing.T) (name string, major, minor int) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the CLI runs only in acceptance runs")
	}
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	first := strings.Fields(strings.SplitN(string(out), "\n", 2)[0])
	if len(first) < 2 {
		t.Fatalf("cannot read the CLI's version from %q", out)
	}
	if _, err := fmt.Sscanf(strings.TrimPrefix(first[1], "v"), "%d.%d", &major, &minor); err != nil {
		t.Fatalf("cannot read the CLI's version from %q", first[1])
	}
	return first[0], major, minor
}

// flexibleSpaces lets a pattern's spaces match Terraform's line wrapping.
func flexibleSpaces(pattern string) string { return strings.ReplaceAll(pattern, " ", `\s+`) }

// requireTerraform114 skips a test on CLIs without what Terraform 1.14
// brought: list resources with `terraform query`, and actions. OpenTofu has
// neither yet.
func requireTerraform114(t *testing.T) {
	t.Helper()
	name, major, minor := cliVersion(t)
	if name != "Terraform" || major < 1 || (major == 1 && minor < 14) {
		t.Skipf("list resources, `terraform query` and actions need Terraform 1.14+; this CLI is %s %d.%d", name, major, minor)
	}
}

// requireTerraform116 skips a test of what only Terraform 1.16 does here,
// such as an action triggered after a destroy.
func requireTerraform116(t *testing.T) {
	t.Helper()
	name, major, minor := cliVersion(t)
	if name != "Terraform" || major < 1 || (major == 1 && minor < 16) {
		t.Skipf("this needs Terraform 1.16+ (after_destroy action triggers); this CLI is %s %d.%d", name, major, minor)
	}
}

// ownEmulator starts an emulator for one test, closed when the test ends:
// for counts, clocks, faults and tenant settings that the suite's must not
// share. The CLI reaches it through exampleRun.against; the provider that
// resource.Test serves in this process, through ownProvider.
func ownEmulator(t *testing.T, opts graphemu.Options) *graphemu.Server {
	t.Helper()
	e, err := graphemu.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	if err := trustCA(e.CAPEM()); err != nil {
		t.Fatal(err)
	}
	return e
}

// trustedCAs is the bundle that SSL_CERT_FILE names for the test process.
// The provider served in-process reads that variable at each Configure,
// and a parallel test may not change the environment (t.Setenv), so each
// emulator's CA joins the one bundle instead.
var trustedCAs struct {
	sync.Mutex
	path string
	pem  []byte
}

// startTrustedCAs writes the bundle with the suite's CA and points
// SSL_CERT_FILE at it; TestMain calls it before any test runs.
func startTrustedCAs(path string, suiteCA []byte) error {
	trustedCAs.path = path
	if err := trustCA(suiteCA); err != nil {
		return err
	}
	return os.Setenv("SSL_CERT_FILE", path)
}

// trustCA adds a CA to the bundle. The new bundle replaces the old by a
// rename, so a provider configuring at that moment reads one or the other
// whole.
func trustCA(pem []byte) error {
	trustedCAs.Lock()
	defer trustedCAs.Unlock()
	if trustedCAs.path == "" {
		return nil
	}
	trustedCAs.pem = append(append(trustedCAs.pem, pem...), '\n')
	tmp := trustedCAs.path + ".new"
	if err := os.WriteFile(tmp, trustedCAs.pem, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, trustedCAs.path)
}

// ownProvider is a provider block that sends the provider which
// resource.Test serves in this process to e, as the suite's app; the block
// wins over the suite's environment.
func ownProvider(e *graphemu.Server) string {
	env := e.Env()
	return ownProviderAs(e, env["ARM_CLIENT_ID"], env["ARM_CLIENT_SECRET"])
}

// ownProviderAs is ownProvider signed in as another app of e.
func ownProviderAs(e *graphemu.Server, clientID, secret string) string {
	env := e.Env()
	return fmt.Sprintf("provider \"b2b\" {\n  tenant_id      = %q\n  client_id      = %q\n  client_secret  = %q\n  graph_endpoint = %q\n  authority_host = %q\n}\n",
		env["ARM_TENANT_ID"], clientID, secret, env["B2B_GRAPH_ENDPOINT"], env["B2B_AUTHORITY_HOST"])
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	writeFile(t, path, mustJSON(t, v))
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// emuClient is a Graph client of the suite's app against the emulator, for
// a test that makes a change as another tool would.
func emuClient(t *testing.T) *graph.Client {
	t.Helper()
	requireEmulator(t)
	return emuClientOn(t, emu)
}

// emuClientOn is emuClient for the emulator e.
func emuClientOn(t *testing.T, e *graphemu.Server) *graph.Client {
	t.Helper()
	app := seed.App("terraform-b2b")
	c, err := graph.New(t.Context(), graph.Config{TenantID: e.TenantID(), ClientID: app.ClientID, Auth: graph.Auth{ClientSecret: app.Secrets[0]},
		GraphEndpoint: e.GraphEndpoint(), AuthorityHost: e.URL(), CACertFile: e.CAPath(), ProviderVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// emuHTTPClient trusts the emulator's certificate, as a guest's browser
// trusts Microsoft's.
func emuHTTPClient(t *testing.T) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(emu.CAPEM()) {
		t.Fatal("the emulator's CA is not PEM")
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}
