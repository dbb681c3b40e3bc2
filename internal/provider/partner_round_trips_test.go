package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// Fifty partners refresh with one Graph round trip each, counted by the
// emulator: a plan reads each partner configuration once, and nothing more.
func TestAccPartner_fiftyPartnersRefreshInOneRoundTripEach(t *testing.T) {
	t.Parallel()
	const partners = 50
	seed := graphemu.DefaultSeed()
	var ids []string
	for i := range partners {
		id := fmt.Sprintf("7e100000-%04d-4000-8000-000000000000", i)
		ids = append(ids, fmt.Sprintf("%q", id))
		seed.ExternalTenants = append(seed.ExternalTenants, graphemu.ExternalTenant{TenantID: id, DisplayName: fmt.Sprintf("Partner %d", i),
			DefaultDomain: fmt.Sprintf("partner%d.example", i), Domains: []string{fmt.Sprintf("partner%d.example", i)}})
	}
	e := ownEmulator(t, graphemu.Options{Seed: &seed})
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), fmt.Sprintf(`
resource "b2b_partner" "each" {
  for_each  = toset([%s])
  tenant_id = each.key
  automatic_redemption = {
    inbound  = true
    outbound = false
  }
}
`, strings.Join(ids, ", ")))
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	e.ResetStats()
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after apply is not empty (exit %d):\n%s", code, out)
	}
	st := e.Stats()
	reads := st.Count("GET /policies/crossTenantAccessPolicy/partners/{tenantId} 200")
	if reads != partners || st.RoundTrips != partners {
		t.Errorf("refreshing %d partners took %d round trips, %d of them partner reads; want %d and %d (%v)", partners, st.RoundTrips, reads, partners, partners, st.ByRoute)
	}
	t.Logf("%d partners refreshed in %d Graph round trips", partners, st.RoundTrips)
}
