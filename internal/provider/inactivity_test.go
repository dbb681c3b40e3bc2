package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The action page's example, run as written on the day a guest is invited:
// the new guest has never signed in, but has not been inactive for 90
// days, so it keeps its account, its sessions and its groups; the guest
// idle for 100 days is offboarded, which shows the action ran.
func TestAccInactivity_actionExampleSparesAGuestInvitedToday(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e := ownEmulator(t, graphemu.Options{})
	idle := e.InviteGuest("idle@partner.example", "Idle")
	e.Redeem(idle.ID)
	e.AddMember(groupEngineering, idle.ID)
	e.AdvanceClock(100 * day)
	today := e.InviteGuest("today@partner.example", "Today")
	e.AddMember(groupEngineering, today.ID)

	run := newExampleRun(t, "actions/b2b_offboard_guests")
	run.against(e)
	run.only("actions_b2b_offboard_guests_action.tf")
	out := run.must("apply", "-invoke=action.b2b_offboard_guests.inactive", "-auto-approve", "-input=false", "-no-color")

	v, ok := e.User(today.ID)
	if !ok || !v.AccountEnabled || !v.SessionsRevokedAt.IsZero() || !slices.Contains(v.Groups, groupEngineering) {
		t.Errorf("the guest invited today was touched: exists %v, %+v\n%s", ok, v, out)
	}
	if strings.Contains(out, today.ID) {
		t.Errorf("the action was handed the guest invited today:\n%s", out)
	}
	if v, ok := e.User(idle.ID); !ok || v.AccountEnabled || len(v.Groups) != 0 {
		t.Errorf("the guest idle for 100 days was not offboarded: exists %v, %+v\n%s", ok, v, out)
	}
}
