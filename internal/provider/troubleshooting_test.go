package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// guideQuotes returns, per "## " section of a guide, the text of its
// ```text block.
func guideQuotes(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "guides", file))
	if err != nil {
		t.Fatal(err)
	}
	quotes := map[string]string{}
	var section string
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		switch {
		case strings.HasPrefix(lines[i], "## "):
			section = strings.TrimPrefix(lines[i], "## ")
		case lines[i] == "```text":
			var block []string
			for i++; i < len(lines) && lines[i] != "```"; i++ {
				block = append(block, lines[i])
			}
			quotes[section] = strings.Join(block, "\n")
		}
	}
	return quotes
}

// troubleshootingScenarios make each failure of the guide happen, then
// carry out the guide's advice for it. The first step must print the
// section's quoted text; the steps after it follow the advice, and the last
// of them must leave exactly one guest, invited once. Each runs on the
// emulator g, which the provider block g.provider reaches, so that its
// faults and tenant settings are its own.
var troubleshootingScenarios = map[string]func(t *testing.T, g troubleshootingTenant, email string) []resource.TestStep{
	"The provider is missing settings": func(t *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		secret := os.Getenv("ARM_CLIENT_SECRET")
		t.Setenv("ARM_CLIENT_SECRET", "")
		return []resource.TestStep{
			{Config: invitationConfig(email, nil, nil, "")},
			// The advice: map the secret into the step's environment.
			g.adviceFollowed(email, func() { t.Setenv("ARM_CLIENT_SECRET", secret) }, ""),
		}
	},
	"Signing in fails": func(_ *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		return []resource.TestStep{
			{Config: ownProviderAs(g.e, pipelineClientID, "not-the-secret") + invitationConfig(email, nil, nil, "")},
			// The advice: give the secret's value.
			g.adviceFollowed(email, nil, g.provider),
		}
	},
	"A Graph permission is missing": func(t *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		clientID, secret := "1c000000-0000-4000-8000-0000000000a1", "secret-of-"+t.Name()
		var held []string
		for _, p := range graphemu.DefaultSeed().Apps[0].Permissions {
			if p != "User.Invite.All" && p != "User.ReadWrite.All" {
				held = append(held, p)
			}
		}
		held = append(held, "User.Read.All")
		g.e.AddApp(clientID, secret, held...)
		provider := ownProviderAs(g.e, clientID, secret)
		return []resource.TestStep{
			{Config: provider + invitationConfig(email, nil, nil, "")},
			// The advice: grant the permission the error names, with
			// admin consent.
			g.adviceFollowed(email, func() { g.e.AddApp(clientID, secret, append(held, "User.Invite.All")...) }, provider),
			// The suite's app again, which may delete the guest on destroy.
			{Config: g.provider + invitationConfig(email, nil, nil, "")},
		}
	},
	"B2B invitations are switched off": func(_ *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		return []resource.TestStep{
			{PreConfig: func() { g.e.SetInvitationsDisabled(true) }, Config: g.provider + invitationConfig(email, nil, nil, "")},
			// The advice: an administrator allows invitations again.
			g.adviceFollowed(email, func() { g.e.SetInvitationsDisabled(false) }, g.provider),
		}
	},
	"The guest's domain is blocked": func(t *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		block := func(domains ...string) func() {
			return func() {
				if err := emuClientOn(t, g.e).UpdateInvitationDomains(context.Background(), nil, domains); err != nil {
					t.Fatal(err)
				}
			}
		}
		return []resource.TestStep{
			{PreConfig: block("partner.example"), Config: g.provider + invitationConfig(email, nil, nil, "")},
			// The advice: take the domain off the deny list.
			g.adviceFollowed(email, block(), g.provider),
		}
	},
	"Graph throttles": func(_ *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		return []resource.TestStep{
			{
				PreConfig: func() { g.e.SetFaults(graphemu.Faults{ThrottleRate: 1, RetryAfter: 30 * time.Second}) },
				Config:    g.provider + invitationConfig(email, nil, nil, `timeouts = { create = "3s" }`),
			},
			// The advice: raise the timeout. Graph still throttles a third
			// of the requests, and the longer timeout rides it out.
			g.adviceFollowedWith(email, func() { g.e.SetFaults(graphemu.Faults{ThrottleRate: 0.3, RetryAfter: time.Second}) }, g.provider,
				`timeouts = { create = "5m" }`),
		}
	},
	"A new guest is not visible yet": func(_ *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		return []resource.TestStep{
			{
				// The timeout outlasts the invitation on a busy machine
				// and ends inside the lag, so the wait is what times out.
				PreConfig: func() { g.e.SetFaults(graphemu.Faults{ReplicationLag: 30 * time.Second}) },
				Config:    g.provider + invitationConfig(email, []string{groupEngineering}, nil, `timeouts = { create = "10s" }`),
			},
			// The advice: apply again. It keeps the same user, sends no
			// second invitation, and adds the membership.
			{
				PreConfig:         func() { g.e.SetFaults(graphemu.Faults{}) },
				Config:            g.provider + invitationConfig(email, []string{groupEngineering}, nil, ""),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, g.invitedOnce(email, inGroupsOn(g.e, groupEngineering))}},
			},
		}
	},
	"Something other than Graph answered": func(_ *testing.T, g troubleshootingTenant, email string) []resource.TestStep {
		return []resource.TestStep{
			{
				PreConfig: func() {
					g.e.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "POST", PathContains: "/invitations", Status: 502, RawBody: "<html>Bad Gateway</html>"}}})
				},
				Config: g.provider + invitationConfig(email, nil, nil, ""),
			},
			// The advice: fix the proxy, so that Graph answers.
			g.adviceFollowed(email, func() { g.e.SetFaults(graphemu.Faults{}) }, g.provider),
		}
	},
}

// troubleshootingInSuiteEnvironment are the scenarios that change the
// process's environment, which the provider served in-process reads: they
// run on the suite's emulator, in a test that is not parallel.
var troubleshootingInSuiteEnvironment = map[string]bool{"The provider is missing settings": true}

// troubleshootingTenant is the emulator a scenario runs on, and the
// provider block that reaches it as the suite's app (empty for the
// suite's emulator).
type troubleshootingTenant struct {
	e        *graphemu.Server
	provider string
}

// adviceFollowed is the step after a failure, with fix made first: the same
// guest, under provider, must now apply, and be invited exactly once.
func (g troubleshootingTenant) adviceFollowed(email string, fix func(), provider string) resource.TestStep {
	return g.adviceFollowedWith(email, fix, provider, "")
}

func (g troubleshootingTenant) adviceFollowedWith(email string, fix func(), provider, extra string) resource.TestStep {
	return resource.TestStep{
		PreConfig:         fix,
		Config:            provider + invitationConfig(email, nil, nil, extra),
		ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, g.invitedOnce(email, nil)}},
	}
}

// invitedOnce checks that the guest in state is the only user of email, that
// one invitation went to it, and then more.
func invitedOnce(email string, more func(id string) error) func(id string) error {
	return troubleshootingTenant{e: emu}.invitedOnce(email, more)
}

func (g troubleshootingTenant) invitedOnce(email string, more func(id string) error) func(id string) error {
	return func(id string) error {
		if users := g.e.UsersByEmail(email); len(users) != 1 || users[0].ID != id {
			return fmt.Errorf("%d users hold %s, want only %s", len(users), email, id)
		}
		if n := invitationsOn(g.e, email); n != 1 {
			return fmt.Errorf("%d invitations went to %s, want 1", n, email)
		}
		if more != nil {
			return more(id)
		}
		return nil
	}
}

// TestAccDocsTroubleshootingGuide makes each failure that the guide quotes
// happen, and checks that Terraform prints what the guide says. Each
// scenario has an emulator of its own, so all of them run side by side.
func TestAccDocsTroubleshootingGuide(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	quotes := guideQuotes(t, "troubleshooting.md")
	for section := range quotes {
		if _, ok := troubleshootingScenarios[section]; !ok {
			t.Errorf("the guide quotes an error under %q, but no scenario makes it happen", section)
		}
	}
	for section, steps := range troubleshootingScenarios {
		if troubleshootingInSuiteEnvironment[section] {
			continue
		}
		t.Run(section, func(t *testing.T) {
			e := ownEmulator(t, graphemu.Options{})
			runTroubleshootingScenario(t, quotes, section, steps(t, troubleshootingTenant{e, ownProvider(e)}, testEmail(t)), true)
		})
	}
}

// TestAccDocsTroubleshootingGuide_environment runs the scenarios that
// change the process's environment (t.Setenv), which no parallel test may.
func TestAccDocsTroubleshootingGuide_environment(t *testing.T) {
	requireEmulator(t)
	quotes := guideQuotes(t, "troubleshooting.md")
	for section := range troubleshootingInSuiteEnvironment {
		t.Run(section, func(t *testing.T) {
			runTroubleshootingScenario(t, quotes, section, troubleshootingScenarios[section](t, troubleshootingTenant{e: emu}, testEmail(t)), false)
		})
	}
}

func runTroubleshootingScenario(t *testing.T, quotes map[string]string, section string, s []resource.TestStep, parallel bool) {
	t.Helper()
	quote, ok := quotes[section]
	if !ok {
		t.Fatalf("the guide has no quoted text under %q", section)
	}
	if len(s) < 2 {
		t.Fatalf("the scenario of %q does not carry out the guide's advice", section)
	}
	s[0].ExpectError = regexp.MustCompile(`(?s)` + flexibleSpaces(regexp.QuoteMeta(quote)))
	c := resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: s}
	if parallel {
		resource.ParallelTest(t, c)
		return
	}
	resource.Test(t, c)
}
