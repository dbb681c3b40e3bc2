package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// Offboarding is the most dangerous thing the provider does, so before it
// acts it finds every guest it was named, reads their management marks,
// and refuses the whole run when a guest is managed, when there are more
// guests than max_guests, or when they are every guest of the tenant: a
// filter that matches everyone is a mistake far more often than a plan.
// The plan does this for the names it knows, and lists what each step
// will touch; the run does it again for all of them, before any write.

// defaultMaxGuests is how many guests one run may offboard unless the
// configuration raises it.
const defaultMaxGuests = 10

// offboardCandidate is one named guest, found or not.
type offboardCandidate struct {
	target guestTarget
	guest  graph.Guest
	why    string // why the guest was not found; empty when it was
	// managedBy names what manages the guest: a b2b_invitation of this run,
	// or the management mark.
	managedBy string
}

// findCandidates resolves every target, a few at a time, and reads the
// management marks of the guests found in shared $batch requests.
func (a *guestAction) findCandidates(ctx context.Context, targets []guestTarget) ([]offboardCandidate, error) {
	out := make([]offboardCandidate, len(targets))
	eachAtOnce(len(targets), func(i int) {
		out[i].target = targets[i]
		out[i].guest, out[i].why = a.resolve(ctx, targets[i])
	})
	var ids []string
	for _, c := range out {
		if c.why == "" {
			ids = append(ids, c.guest.ID)
		}
	}
	marks, err := a.client.ReadMarks(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		if c.why != "" {
			continue
		}
		if held, ok := a.managed.heldAt(c.guest.ID, c.guest.Mail, c.target.label); ok {
			c.managedBy = fmt.Sprintf("the b2b_invitation with email = %q", held)
		} else if _, ok := marks[c.guest.ID]; ok && !a.managed.isReleased(c.guest.ID) {
			c.managedBy = "a b2b_invitation (the guest carries its management mark, " + markName + ")"
		}
	}
	return out, nil
}

// markName is the open extension that marks a managed guest, as users see
// it in Graph.
const markName = "com.b2bguests.terraform.invitation"

// blastRadius checks the candidates of one run before anything is written,
// and returns the guests the run will act on, once each: those found,
// unmanaged and invited from outside.
func (a *guestAction) blastRadius(ctx context.Context, cands []offboardCandidate, maxGuests int64, diags *diag.Diagnostics) []offboardCandidate {
	var act []offboardCandidate
	seen := map[string]bool{}
	for _, c := range cands {
		if c.why == "" && c.managedBy == "" && !seen[strings.ToLower(c.guest.ID)] && isInvitedGuest(c.guest) {
			seen[strings.ToLower(c.guest.ID)] = true
			act = append(act, c)
		}
	}
	if int64(len(act)) > maxGuests {
		diags.AddAttributeError(path.Root("max_guests"), fmt.Sprintf("b2b_offboard_guests would offboard %d guests, more than max_guests (%d)", len(act), maxGuests),
			fmt.Sprintf("This run names %d guests to offboard: %s.\n\nOffboarding that many at once is refused unless the configuration says so. "+
				"Check the filter that chose them; if they are meant, set max_guests to at least %d.", len(act), candidateList(act), len(act)))
		return nil
	}
	guests := 0
	for _, c := range act {
		if c.guest.UserType == "Guest" {
			guests++
		}
	}
	if guests > 1 {
		total, err := a.client.CountGuests(ctx)
		if err != nil {
			diags.AddError("Cannot check how many guests the tenant has", errorDetail(ctx, err, "counting the tenant's guests"))
			return nil
		}
		if guests >= total {
			diags.AddAttributeError(path.Root("user_ids"), fmt.Sprintf("b2b_offboard_guests would offboard every guest of the tenant (%d)", total),
				"The guests named are all the guests the tenant has, which is what a filter that matches everyone gives, "+
					"such as an age that is always exceeded or a b2b_guests data source without filters. Offboarding every guest is refused; "+
					"narrow the filter, or offboard them in parts.")
			return nil
		}
	}
	return act
}

// candidateList names the guests, sorted, for a diagnostic.
func candidateList(cands []offboardCandidate) string {
	names := make([]string, 0, len(cands))
	for _, c := range cands {
		name := c.target.label
		if !strings.EqualFold(name, c.guest.ID) {
			name += " (" + c.guest.ID + ")"
		} else if c.guest.Mail != "" {
			name += " (" + c.guest.Mail + ")"
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// path is where the configuration names the target.
func (t guestTarget) path() path.Path {
	if t.byMail {
		return path.Root("emails")
	}
	return path.Root("user_ids")
}

// forEachCandidate runs act on each candidate found, a few at a time, and
// reports each outcome as progress the moment it is known.
func (a *guestAction) forEachCandidate(ctx context.Context, cands []offboardCandidate, progress func(action.InvokeProgressEvent),
	act func(ctx context.Context, c offboardCandidate) guestResult) []guestResult {
	results := make([]guestResult, len(cands))
	report := progressReporter(progress)
	eachAtOnce(len(cands), func(i int) {
		c := cands[i]
		r := guestResult{target: c.target, kind: outcomeFailed, reason: c.why}
		switch {
		case c.why != "":
		case ctx.Err() != nil:
			r.reason = "not attempted: the action was stopped or timed out"
		default:
			r = act(ctx, c)
		}
		results[i] = r
		report(r)
	})
	return results
}
