package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// TestAccGuestsDataSource_filters runs each filter alone and combined over
// a domain of five guests, with the emulator's page size at 2 so every list
// spans pages.
func TestAccGuestsDataSource_filters(t *testing.T) {
	requireEmulator(t)
	domain := fmt.Sprintf("d%d.example", time.Now().UnixNano())
	mail := func(name string) string { return name + "@" + domain }
	ids := map[string]string{}
	for _, name := range []string{"erin", "alice", "dave", "bob", "carol"} {
		ids[name] = emu.InviteGuest(mail(name), strings.ToUpper(name[:1])+name[1:]).ID
	}
	redeem(t, ids["alice"])
	redeem(t, ids["carol"])
	emu.SetCreatedAt(ids["dave"], time.Now().Add(-40*24*time.Hour))
	emu.SetCreatedAt(ids["erin"], time.Now().Add(-40*24*time.Hour))

	emails := func(names ...string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, n := range names {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(mail(n))}))
		}
		return knownvalue.ListExact(checks)
	}
	cases := []struct {
		name, filters string
		want          knownvalue.Check
	}{
		{"domain only, sorted by email", fmt.Sprintf(`email_domain = %q`, domain), emails("alice", "bob", "carol", "dave", "erin")},
		{"accepted", fmt.Sprintf(`email_domain = %q
  state = "Accepted"`, domain), emails("alice", "carol")},
		{"pending", fmt.Sprintf(`email_domain = %q
  state = "PendingAcceptance"`, domain), emails("bob", "dave", "erin")},
		{"emails", fmt.Sprintf(`emails = [%q, %q, "nobody@%s"]`, mail("erin"), strings.ToUpper(mail("bob")), domain), emails("bob", "erin")},
		{"invited before a duration", fmt.Sprintf(`email_domain = %q
  invited_before = "720h"`, domain), emails("dave", "erin")},
		{"invited after a time", fmt.Sprintf(`email_domain = %q
  invited_after = %q`, domain, time.Now().Add(-24*time.Hour).UTC().Format(time.RFC3339)), emails("alice", "bob", "carol")},
		{"combined", fmt.Sprintf(`email_domain = %q
  state = "PendingAcceptance"
  invited_before = "720h"
  emails = [%q, %q]`, domain, mail("dave"), mail("bob")), emails("dave")},
		{"no match is an empty list", fmt.Sprintf(`email_domain = %q
  state = "Accepted"
  invited_before = "720h"`, domain), knownvalue.ListExact([]knownvalue.Check{})},
	}
	// The reads page through every guest of the tenant, and a guest another
	// test deletes meanwhile would shift the pages; so this test is serial,
	// and only its own reads run side by side.
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            fmt.Sprintf("data \"b2b_guests\" \"g\" {\n  %s\n}\n", tc.filters),
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.b2b_guests.g", tfjsonpath.New("guests"), tc.want)},
				}},
			})
		})
	}
}

func TestParseTimeOrDuration(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := map[string]struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		"empty is no bound":   {"", time.Time{}, false},
		"an RFC 3339 time":    {"2026-01-31T08:00:00Z", time.Date(2026, 1, 31, 8, 0, 0, 0, time.UTC), false},
		"a duration back":     {"720h", now.Add(-720 * time.Hour), false},
		"neither":             {"last tuesday", time.Time{}, true},
		"a date without time": {"2026-01-31", time.Time{}, true},
		"days back":           {"30d", now.Add(-30 * 24 * time.Hour), false},
		"negative":            {"-720h", time.Time{}, true},
		"zero":                {"0s", time.Time{}, true},
		"past 100 years":      {"106752d", time.Time{}, true},
		"past time.Duration":  {"2562048h", time.Time{}, true},
	}
	for name, c := range cases {
		got, err := parseTimeOrDuration(c.in, now)
		if (err != nil) != c.wantErr || !got.Equal(c.want) {
			t.Errorf("%s: %v, %v; want %v, error %v", name, got, err, c.want, c.wantErr)
		}
	}
}

func TestGuestFilter(t *testing.T) {
	at := func(s string) *time.Time {
		v, _ := time.Parse(time.RFC3339, s)
		return &v
	}
	noon := *at("2026-11-26T12:00:00Z")
	g := graph.Guest{Mail: "Pat@Partner.example", CreatedAt: at("2026-11-26T12:00:00Z")}
	cases := map[string]struct {
		filter guestFilter
		guest  graph.Guest
		want   bool
	}{
		"no filter":                      {newGuestFilter("", time.Time{}, time.Time{}), g, true},
		"domain in any case":             {newGuestFilter("PARTNER.example", time.Time{}, time.Time{}), g, true},
		"another domain":                 {newGuestFilter("partner.example.org", time.Time{}, time.Time{}), g, false},
		"created at the lower bound":     {newGuestFilter("", noon, time.Time{}), g, true},
		"created at the upper bound":     {newGuestFilter("", time.Time{}, noon), g, false},
		"no creation time, with a bound": {newGuestFilter("", noon, time.Time{}), graph.Guest{Mail: g.Mail}, false},
	}
	for name, c := range cases {
		if got := c.filter.matches(c.guest); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}
