package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The refactors that a user makes without a moved block fail at plan time,
// before anything is written, and the guest keeps its object id; with the
// moved block the same refactor plans nothing but the move.

// guestLedger remembers a guest's object id and the invitations and
// deletions the emulator has seen, so that a later step can assert that
// nothing was sent or deleted behind the user's back.
type guestLedger struct {
	t       *testing.T
	e       *graphemu.Server
	email   string
	id      string
	invites int
	deletes int
}

func newGuestLedger(t *testing.T, email string) *guestLedger {
	return newGuestLedgerOn(t, emu, email)
}

// newGuestLedgerOn keeps the ledger of a guest of the emulator e.
func newGuestLedgerOn(t *testing.T, e *graphemu.Server, email string) *guestLedger {
	return &guestLedger{t: t, e: e, email: email}
}

func invitationsFor(email string) int { return invitationsOn(emu, email) }

func invitationsOn(e *graphemu.Server, email string) int {
	n := 0
	for _, inv := range e.Invitations() {
		if strings.EqualFold(inv.Email, email) && !inv.ResetRedemption {
			n++
		}
	}
	return n
}

// record notes the guest's one user as it is now.
func (l *guestLedger) record() {
	users := l.e.UsersByEmail(l.email)
	if len(users) != 1 {
		l.t.Fatalf("%d users hold %s, want 1", len(users), l.email)
	}
	l.id = users[0].ID
	l.invites = invitationsOn(l.e, l.email)
	l.deletes = l.e.Stats().Count("DELETE /users/{id} 204")
}

// unchanged checks that the guest is still the one user recorded, that no
// invitation went out and that no user was deleted since record.
func (l *guestLedger) unchanged() error {
	users := l.e.UsersByEmail(l.email)
	if len(users) != 1 || users[0].ID != l.id {
		ids := []string{}
		for _, u := range users {
			ids = append(ids, u.ID)
		}
		return fmt.Errorf("the guest %s is now held by users %v, want only %s", l.email, ids, l.id)
	}
	if n := invitationsOn(l.e, l.email) - l.invites; n != 0 {
		return fmt.Errorf("%d more invitations went to %s", n, l.email)
	}
	if n := l.e.Stats().Count("DELETE /users/{id} 204") - l.deletes; n != 0 {
		return fmt.Errorf("%d users were deleted", n)
	}
	return nil
}

func (l *guestLedger) check(want ...string) func() error {
	return func() error {
		if err := l.unchanged(); err != nil {
			return err
		}
		return inGroupsOn(l.e, want...)(l.id)
	}
}

// refactorBlocked matches the plan-time error, from either side of the pair.
var refactorBlocked = regexp.MustCompile(`(?s)This plan (takes away|destroys|moves).*moved \{`)

// guestsForEach is b2b_invitation.g with one instance per key.
func guestsForEach(keys map[string]string, groups ...string) string {
	var items []string
	for k, v := range keys {
		items = append(items, fmt.Sprintf("%q = %q", k, v))
	}
	var gs []string
	for _, g := range groups {
		gs = append(gs, fmt.Sprintf("%q", g))
	}
	return fmt.Sprintf(`
resource "b2b_invitation" "g" {
  for_each     = { %[1]s }
  email        = each.value
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%[2]s]
}
`, strings.Join(items, ", "), strings.Join(gs, ", "))
}

// guestsCount is b2b_invitation.g with one instance per email, by index.
func guestsCount(emails []string) string {
	var es []string
	for _, e := range emails {
		es = append(es, fmt.Sprintf("%q", e))
	}
	return fmt.Sprintf(`
locals {
  emails = [%[1]s]
}

resource "b2b_invitation" "g" {
  count        = length(local.emails)
  email        = local.emails[count.index]
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%[2]q]
}
`, strings.Join(es, ", "), groupSales)
}

func TestAccGuestRefactor_renamedForEachKey(t *testing.T) {
	requireEmulator(t)
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	email := testEmail(t)
	guest := newGuestLedgerOn(t, e, email)
	moved := `
moved {
  from = b2b_invitation.g["alice"]
  to   = b2b_invitation.g["alice_smith"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: provider + guestsForEach(map[string]string{"alice": email}, groupFinance)},
			{
				PreConfig:   guest.record,
				Config:      provider + guestsForEach(map[string]string{"alice_smith": email}, groupFinance),
				ExpectError: refactorBlocked,
			},
			{
				// Letter case does not hide the guest.
				Config:      provider + guestsForEach(map[string]string{"alice_smith": strings.ToUpper(email)}, groupFinance),
				ExpectError: refactorBlocked,
			},
			{
				Config: provider + guestsForEach(map[string]string{"alice_smith": email}, groupFinance) + moved,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`b2b_invitation.g["alice_smith"]`, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(guest.check(groupFinance))},
			},
			plainAgain(`b2b_invitation.g["alice_smith"]`, email, guest, provider),
		},
	})
}

// plainAgain moves a for_each instance to a plain resource, which keeps
// the guest too, and leaves a state that the test framework can read at
// its end (it cannot read for_each instances).
func plainAgain(from, email string, guest *guestLedger, provider string) resource.TestStep {
	return resource.TestStep{
		Config: provider + invitationConfig(email, []string{groupFinance}, nil, "") + fmt.Sprintf(`
moved {
  from = %s
  to   = b2b_invitation.guest
}
`, from),
		ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(guest.check(groupFinance))},
	}
}

func TestAccGuestRefactor_renamedResource(t *testing.T) {
	requireEmulator(t)
	e := ownEmulator(t, graphemu.Options{})
	email := testEmail(t)
	guest := newGuestLedgerOn(t, e, email)
	named := func(name string) string {
		return ownProvider(e) + strings.Replace(invitationConfig(email, []string{groupFinance}, nil, ""), `"guest"`, fmt.Sprintf("%q", name), 1)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: named("partner")},
			{
				PreConfig:   guest.record,
				Config:      named("partner_guest"),
				ExpectError: refactorBlocked,
			},
			{
				Config: named("partner_guest") + `
moved {
  from = b2b_invitation.partner
  to   = b2b_invitation.partner_guest
}
`,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(guest.check(groupFinance))},
			},
		},
	})
}

// A count index that shifts (a guest put in front of the list, or one
// removed from its middle) moves users between addresses.
func TestAccGuestRefactor_shiftedCountIndex(t *testing.T) {
	requireEmulator(t)
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	first, second := testEmail(t), "second."+testEmail(t)
	guest := newGuestLedgerOn(t, e, second)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: provider + guestsCount([]string{first, second})},
			{
				// Removing the first guest would give g[0] the second's
				// address and destroy g[1], which holds the second guest.
				PreConfig:   guest.record,
				Config:      provider + guestsCount([]string{second}),
				ExpectError: refactorBlocked,
			},
			{
				// A guest put in front would move the first guest's user to
				// the new address and invite the first guest again.
				Config:      provider + guestsCount([]string{"new." + first, first, second}),
				ExpectError: refactorBlocked,
			},
			{
				Config:            provider + guestsCount([]string{first, second}),
				PlanOnly:          true,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(guest.check(groupSales))},
			},
		},
	})
}

// moduleFixture writes a configuration whose guest is at the root or,
// when var.in_module is true, inside a local module, with or without the
// moved block. The module block is always there, since the test framework
// installs modules only once, and its source is an absolute path, which
// terraform init copies like a remote module, since the test framework
// copies only the files of a configuration directory.
func moduleFixture(t *testing.T, withMoved bool) config.TestStepConfigFunc {
	dir := t.TempDir()
	guest := func(enabled string) string {
		return strings.Replace(guestsForEach(map[string]string{"pat": "EMAIL"}, groupFinance),
			`{ "pat" = "EMAIL" }`, fmt.Sprintf(`%s ? { "pat" = var.email } : {}`, enabled), 1)
	}
	// A configuration directory gets no provider source from the test
	// framework, unlike a configuration string.
	required := "terraform {\n  required_providers {\n    b2b = { source = \"b2b-guests/b2b\" }\n  }\n}\n"
	mod := filepath.Join(t.TempDir(), "partner")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mod, "main.tf"), required+`
variable "email" { type = string }
variable "enabled" { type = bool }
`+guest("var.enabled"))
	main := required + `
variable "email" { type = string }
variable "in_module" { type = bool }

module "partner" {
  source  = "` + mod + `"
  email   = var.email
  enabled = var.in_module
}
` + guest("!var.in_module")
	if withMoved {
		main += `
moved {
  from = b2b_invitation.g["pat"]
  to   = module.partner.b2b_invitation.g["pat"]
}
`
	}
	writeFile(t, filepath.Join(dir, "main.tf"), main)
	return config.StaticDirectory(dir)
}

func TestAccGuestRefactor_movedIntoModule(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	guest := newGuestLedger(t, email)
	at := func(inModule bool) config.Variables {
		return config.Variables{"email": config.StringVariable(email), "in_module": config.BoolVariable(inModule)}
	}
	// Providers given per step make the test framework run terraform init
	// for each step, which installs the module.
	last := plainAgain(`module.partner.b2b_invitation.g["pat"]`, email, guest, "")
	last.ProtoV6ProviderFactories = testAccProtoV6ProviderFactories
	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{ConfigDirectory: moduleFixture(t, false), ConfigVariables: at(false), ProtoV6ProviderFactories: testAccProtoV6ProviderFactories},
			{
				PreConfig:       guest.record,
				ConfigDirectory: moduleFixture(t, false), ConfigVariables: at(true), ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				ExpectError: refactorBlocked,
			},
			{
				ConfigDirectory: moduleFixture(t, true), ConfigVariables: at(true), ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(guest.check(groupFinance))},
			},
			last,
		},
	})
}
