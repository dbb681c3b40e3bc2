package provider

import (
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

// troubleshootingScenarios make each failure of the guide happen. The
// step that fails must print the section's quoted text; a later step with
// the cause removed lets the test's destroy run.
var troubleshootingScenarios = map[string]func(t *testing.T, email string) []resource.TestStep{
	"The provider is missing settings": func(t *testing.T, email string) []resource.TestStep {
		t.Setenv("ARM_CLIENT_SECRET", "")
		return []resource.TestStep{{Config: invitationConfig(email, nil, nil, "")}}
	},
	"Signing in fails": func(_ *testing.T, email string) []resource.TestStep {
		return []resource.TestStep{{Config: "provider \"b2b\" {\n  client_secret = \"not-the-secret\"\n}\n" + invitationConfig(email, nil, nil, "")}}
	},
	"A Graph permission is missing": func(_ *testing.T, email string) []resource.TestStep {
		return []resource.TestStep{{Config: appAs("1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite") + invitationConfig(email, nil, nil, "")}}
	},
	"B2B invitations are switched off": func(_ *testing.T, email string) []resource.TestStep {
		return []resource.TestStep{{PreConfig: func() { emu.SetInvitationsDisabled(true) }, Config: invitationConfig(email, nil, nil, "")}}
	},
	"Graph throttles": func(_ *testing.T, email string) []resource.TestStep {
		return []resource.TestStep{{
			PreConfig: func() { emu.SetFaults(graphemu.Faults{ThrottleRate: 1, RetryAfter: 30 * time.Second}) },
			Config:    invitationConfig(email, nil, nil, `timeouts = { create = "3s" }`),
		}}
	},
	"A new guest is not visible yet": func(_ *testing.T, email string) []resource.TestStep {
		// The guide's advice, apply again, keeps the same user and sends
		// no second invitation.
		return []resource.TestStep{
			{
				PreConfig: func() { emu.SetFaults(graphemu.Faults{ReplicationLag: 6 * time.Second}) },
				Config:    invitationConfig(email, []string{groupEngineering}, nil, `timeouts = { create = "3s" }`),
			},
			{
				PreConfig: func() { emu.SetFaults(graphemu.Faults{}) },
				Config:    invitationConfig(email, []string{groupEngineering}, nil, ""),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
					if users := emu.UsersByEmail(email); len(users) != 1 || users[0].ID != id {
						return fmt.Errorf("%d users hold %s after applying again, want only %s", len(users), email, id)
					}
					if n := invitationsFor(email); n != 1 {
						return fmt.Errorf("%d invitations went to %s, want 1", n, email)
					}
					return inGroups(groupEngineering)(id)
				}}},
			},
		}
	},
	"Something other than Graph answered": func(_ *testing.T, email string) []resource.TestStep {
		return []resource.TestStep{{
			PreConfig: func() {
				emu.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "POST", PathContains: "/invitations", Status: 502, RawBody: "<html>Bad Gateway</html>"}}})
			},
			Config: invitationConfig(email, nil, nil, ""),
		}}
	},
}

// TestAccDocsTroubleshootingGuide makes each failure that the guide quotes
// happen, and checks that Terraform prints what the guide says.
func TestAccDocsTroubleshootingGuide(t *testing.T) {
	requireEmulator(t)
	quotes := guideQuotes(t, "troubleshooting.md")
	for section := range quotes {
		if _, ok := troubleshootingScenarios[section]; !ok {
			t.Errorf("the guide quotes an error under %q, but no scenario makes it happen", section)
		}
	}
	for section, steps := range troubleshootingScenarios {
		t.Run(section, func(t *testing.T) {
			quote, ok := quotes[section]
			if !ok {
				t.Fatalf("the guide has no quoted text under %q", section)
			}
			resetFaultsAfter(t)
			s := steps(t, testEmail(t))
			s[0].ExpectError = regexp.MustCompile(`(?s)` + flexibleSpaces(regexp.QuoteMeta(quote)))
			if len(s) == 1 {
				// Nothing was created; the next step only clears the cause.
				s = append(s, resource.TestStep{PreConfig: func() {
					emu.SetFaults(graphemu.Faults{})
					emu.SetInvitationsDisabled(false)
				}, Config: "# nothing\n"})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: s})
		})
	}
}
