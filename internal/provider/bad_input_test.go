package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// TestAccBadInput_planTime: each bad input fails at `terraform plan`, with a
// diagnostic on the attribute's path, before any Graph call.
func TestAccBadInput_planTime(t *testing.T) {
	ok := func(extra string) string { return invitationConfig("pat@partner.example", nil, nil, extra) }
	withEmail := func(email string) string { return invitationConfig(email, nil, nil, "") }
	cases := map[string]struct{ config, want string }{
		"email with ~":            {withEmail("pa~t@partner.example"), `email`},
		"email with !":            {withEmail("pa!t@partner.example"), `email`},
		"email with #":            {withEmail("pa#t@partner.example"), `email`},
		"email with $ % ^ & *":    {withEmail("pa%t@partner.example"), `email`},
		"email with parentheses":  {withEmail("pa(t)@partner.example"), `email`},
		"email with + and =":      {withEmail("pat+b2b@partner.example"), `email`},
		"email with brackets":     {withEmail("pa[t]@partner.example"), `email`},
		"email with a slash":      {withEmail("pa/t@partner.example"), `email`},
		"email with a pipe":       {withEmail("pa|t@partner.example"), `email`},
		"email with ; and :":      {withEmail("pa;t@partner.example"), `email`},
		"email with a quote":      {withEmail(`pa"t@partner.example`), `email`},
		"email with angle":        {withEmail("pa<t>@partner.example"), `email`},
		"email with ? and ,":      {withEmail("pa,t@partner.example"), `email`},
		"email with leading dot":  {withEmail(".pat@partner.example"), `email`},
		"email with trailing -":   {withEmail("pat-@partner.example"), `email`},
		"empty email":             {withEmail(""), `email`},
		"relative redirect URL":   {strings.Replace(ok(""), `"https://myapps.microsoft.com"`, `"welcome.html"`, 1), `redirect_url`},
		"non-UUID group id":       {invitationConfig("pat@partner.example", []string{"Engineering"}, nil, ""), `group_ids`},
		"non-UUID sponsor id":     {ok(`sponsor_ids = ["ada"]`), `sponsor_ids`},
		"non-UUID resource id":    {invitationConfig("pat@partner.example", nil, []role{{"portal", portalReader}}, ""), `app_role_assignments`},
		"non-UUID app role id":    {invitationConfig("pat@partner.example", nil, []role{{portalSP, "Portal.Read"}}, ""), `app_role_assignments`},
		"duplicate app role":      {invitationConfig("pat@partner.example", nil, []role{{portalSP, portalReader}, {strings.ToUpper(portalSP), portalReader}}, ""), `Duplicate app role assignment`},
		"two cc recipients":       {ok(`message = { cc_recipients = ["a@contoso.example", "b@contoso.example"] }`), `cc_recipients`},
		"bad cc recipient":        {ok(`message = { cc_recipients = ["not an email"] }`), `cc_recipients`},
		"bad message language":    {ok(`message = { language = "English please" }`), `message.language`},
		"unknown user type":       {ok(`user_type = "Admin"`), `user_type`},
		"unknown environment":     {`provider "b2b" { environment = "mars" }` + ok(""), `environment`},
		"conflicting credentials": {"provider \"b2b\" {\n  client_secret = \"x\"\n  client_certificate_path = \"/etc/hostname\"\n}\n" + ok(""), `client_secret`},
		"missing certificate file": {`provider "b2b" { client_certificate_path = "/nonexistent/terraform-b2b.pfx" }` + ok(""),
			`Client certificate file not found`},
		"one guest twice":                   {guestBlock("guest", "Twin@Partner.example") + guestBlock("twin", "twin@partner.example"), `Another b2b_invitation holds this guest`},
		"unknown b2b_guests state":          {`data "b2b_guests" "g" { state = "Maybe" }`, `state`},
		"bad invited_before":                {`data "b2b_guests" "g" { invited_before = "last tuesday" }`, `invited_before`},
		"b2b_guests email_domain with an @": {`data "b2b_guests" "g" { email_domain = "@partner.example" }`, `(?s)email_domain.*is not a domain name`},
		// Ages past time.Duration's 292 years used to wrap to negative ones
		// and match every guest; negative spans listed every guest too.
		"pending_longer_than overflowing":  {`data "b2b_guests" "g" { pending_longer_than = "106752d" }`, `(?s)pending_longer_than.*"106752d" is more than 100 years`},
		"not_signed_in_for overflowing":    {`data "b2b_guests" "g" { not_signed_in_for = "2562048h" }`, `(?s)not_signed_in_for.*more than 100 years`},
		"pending_longer_than of zero days": {`data "b2b_guests" "g" { pending_longer_than = "0d" }`, `(?s)pending_longer_than.*must be at least 1 day`},
		"not_signed_in_for negative":       {`data "b2b_guests" "g" { not_signed_in_for = "-5d" }`, `(?s)not_signed_in_for.*"-5d" is negative`},
		"invited_before negative":          {`data "b2b_guests" "g" { invited_before = "-720h" }`, `(?s)invited_before.*"-720h" is negative`},
		"invited_after overflowing":        {`data "b2b_guests" "g" { invited_after = "106752d" }`, `(?s)invited_after.*more than 100 years`},
		"expire_pending_after overflowing": {ok(`expire_pending_after = "106752d"`), `(?s)expire_pending_after.*"106752d" is more than 100 years`},
		"expire_pending_after negative":    {ok(`expire_pending_after = "-720h"`), `(?s)expire_pending_after.*"-720h" is negative`},
		// The redemption order: Graph's reader would take a provider twice
		// and an empty order, so the plan refuses them.
		"redemption: an unknown provider":   {redemptionConfig("defaultConfiguredIdp", "azureActiveDirectory", "google"), `(?s)redemption\.order\[1\].*value must be one of`},
		"redemption: a provider twice":      {redemptionConfig("defaultConfiguredIdp", "azureActiveDirectory", "externalFederation", "azureActiveDirectory"), `(?s)redemption\.order lists "azureActiveDirectory" twice`},
		"redemption: an empty order":        {redemptionConfig("defaultConfiguredIdp"), `(?s)redemption\.order list must contain at least 1`},
		"redemption: an unknown fallback":   {redemptionConfig("google", "azureActiveDirectory"), `(?s)redemption\.fallback.*value must be one of`},
		"guest passcodes: an unknown state": {collaborationConfig(`  guest_email_one_time_passcode = "sometimes"`), `(?s)guest_email_one_time_passcode.*value must be one of`},
		"b2b_guests: unknown redeemed_with": {`data "b2b_guests" "g" { redeemed_with = "MicrosoftAccount" }`, `(?s)redeemed_with.*value must be one of`},
	}
	before := 0
	if emu != nil {
		before = emu.Stats().RoundTrips
	}
	// The cases run side by side within this test, which Go runs alone
	// (it is not parallel), so the count of Graph calls below is theirs.
	// The group returns once every case has finished.
	t.Run("cases", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(flexibleSpaces(tc.want))}},
				})
			})
		}
	})
	if emu != nil && emu.Stats().RoundTrips != before {
		t.Fatalf("plan-time errors made %d Graph calls", emu.Stats().RoundTrips-before)
	}
}

// appAs renders a provider block that signs in as one of the seed's apps
// with a missing permission.
func appAs(clientID, secret string) string {
	return fmt.Sprintf("provider \"b2b\" {\n  client_id = %q\n  client_secret = %q\n}\n", clientID, secret)
}

// TestAccBadInput_applyTime: inputs only Graph can judge fail at apply with
// an error that names the object and what to do, and the next apply with the
// cause fixed converges. Each case runs on an emulator of its own, whose
// switches and faults no other test sees.
func TestAccBadInput_applyTime(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	const unknownGroup = "deadbeef-0000-4000-8000-0000000000aa"
	const unknownSP = "deadbeef-0000-4000-8000-0000000000bb"
	const unknownRole = "deadbeef-0000-4000-8000-0000000000cc"
	cases := []struct {
		name    string
		bad     func(g *graphemu.Server, email string) string
		setup   func(g *graphemu.Server)
		want    string
		noGuest bool // the failure is at the invitation itself
	}{
		{name: "unknown group", bad: func(g *graphemu.Server, e string) string {
			return ownProvider(g) + invitationConfig(e, []string{groupEngineering, unknownGroup}, nil, "")
		},
			want: `(?s)group ` + unknownGroup + ` does not exist.*check group_ids`},
		{name: "unknown service principal", bad: func(g *graphemu.Server, e string) string {
			return ownProvider(g) + invitationConfig(e, nil, []role{{unknownSP, defaultAccess}}, "")
		},
			want: `(?s)service principal ` + unknownSP + ` does not exist.*resource_id`},
		{name: "unknown app role", bad: func(g *graphemu.Server, e string) string {
			return ownProvider(g) + invitationConfig(e, nil, []role{{portalSP, unknownRole}}, "")
		},
			want: `(?s)app role ` + unknownRole + ` is not defined.*app_role_id`},
		{name: "without User.Invite.All", bad: func(g *graphemu.Server, e string) string {
			return ownProviderAs(g, "1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite") + invitationConfig(e, nil, nil, "")
		}, want: `(?s)Cannot invite .*User\.Invite\.All`, noGuest: true},
		{name: "without GroupMember.ReadWrite.All", bad: func(g *graphemu.Server, e string) string {
			return ownProviderAs(g, "1a000000-0000-4000-8000-000000000002", "emulator-secret-without-groupmember") + invitationConfig(e, []string{groupSales}, nil, "")
		}, want: `(?s)group ` + groupSales + `.*GroupMember\.ReadWrite\.All`},
		{name: "without AppRoleAssignment.ReadWrite.All", bad: func(g *graphemu.Server, e string) string {
			return ownProviderAs(g, "1a000000-0000-4000-8000-000000000003", "emulator-secret-without-approle") + invitationConfig(e, nil, []role{{portalSP, portalReader}}, "")
		}, want: `(?s)app role ` + portalReader + `.*AppRoleAssignment\.ReadWrite\.All`},
		{name: "without User.Read.All", bad: func(g *graphemu.Server, e string) string {
			return ownProviderAs(g, "1a000000-0000-4000-8000-000000000004", "emulator-secret-without-userread") + invitationConfig(e, nil, nil, "")
		}, want: `(?s)Cannot read guest .*User\.Read\.All`},
		{name: "B2B invitations off", bad: func(g *graphemu.Server, e string) string { return ownProvider(g) + invitationConfig(e, nil, nil, "") },
			setup: func(g *graphemu.Server) { g.SetInvitationsDisabled(true) }, want: `(?s)Cannot invite .*Guest invitations not allowed`, noGuest: true},
		{name: "Graph answer that is not JSON", bad: func(g *graphemu.Server, e string) string { return ownProvider(g) + invitationConfig(e, nil, nil, "") },
			setup: func(g *graphemu.Server) {
				g.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "POST", PathContains: "/invitations", Status: 502, RawBody: "<html><body>Bad Gateway</body></html>"}}})
			}, want: `(?s)Cannot invite .*not JSON.*text/html`, noGuest: true},
		{name: "unknown sponsor", bad: func(g *graphemu.Server, e string) string {
			return ownProvider(g) + invitationConfig(e, nil, nil, `sponsor_ids = ["deadbeef-0000-4000-8000-0000000000dd"]`)
		}, want: `(?s)sponsor_ids names deadbeef-0000-4000-8000-0000000000dd, which is no user or group`, noGuest: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			email := testEmail(t)
			g := ownEmulator(t, graphemu.Options{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							if tc.setup != nil {
								tc.setup(g)
							}
						},
						Config:      tc.bad(g, email),
						ExpectError: regexp.MustCompile(flexibleSpaces(tc.want)),
					},
					{
						// With the cause fixed, the next apply converges from
						// whatever the failure left, with one guest.
						PreConfig: func() {
							if n := len(g.UsersByEmail(email)); tc.noGuest && n != 0 {
								t.Errorf("a failed invitation left %d users", n)
							}
							g.SetFaults(graphemu.Faults{})
							g.SetInvitationsDisabled(false)
						},
						Config: ownProvider(g) + invitationConfig(email, []string{groupEngineering}, []role{{portalSP, portalReader}}, ""),
						ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
							if n := len(g.UsersByEmail(email)); n != 1 {
								return fmt.Errorf("%d users hold %s", n, email)
							}
							return allOf(inGroupsOn(g, groupEngineering), hasRolesOn(g, portalReader))(id)
						}}},
					},
				},
			})
		})
	}
}
