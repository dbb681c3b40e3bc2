package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// A budget of Graph's, as the emulator enforces it: at most n per sliding
// window. Sending k units takes at least (⌈k/n⌉−1) windows, the last n
// going out as the window that began with the first ones ends.
type budget struct {
	name string
	n    int
	per  time.Duration
}

func (b budget) floor(k int) time.Duration {
	if k <= b.n {
		return 0
	}
	return time.Duration((k+b.n-1)/b.n-1) * b.per
}

// readBudget is one app's read budget in a tenant of so many users (the
// emulator's package doc, "Budgets").
func readBudget(users int) budget {
	switch {
	case users < 50:
		return budget{"read units (S)", 3500, 10 * time.Second}
	case users <= 500:
		return budget{"read units (M)", 5000, 10 * time.Second}
	default:
		return budget{"read units (L)", 8000, 10 * time.Second}
	}
}

var (
	inviteBudget   = budget{"invitations", 150, 5 * time.Second}
	appWriteBudget = budget{"app writes", 3000, 150 * time.Second}
)

// budgetFloor is the least wall time Graph's budgets allow for what a
// phase sent, and the budget that sets it. The tenant's own write budget
// (18,000 per 5 minutes) is three times the app's, so one app never meets
// it first.
func budgetFloor(st graphemu.Stats, users int) (time.Duration, string) {
	best, by := time.Duration(0), "none"
	for _, c := range []struct {
		b budget
		k int
	}{{inviteBudget, st.Invitations}, {appWriteBudget, st.Writes}, {readBudget(users), st.ReadUnits}} {
		if f := c.b.floor(c.k); f > best {
			best, by = f, c.b.name
		}
	}
	return best, by
}

// printBudgets gives, for each phase, what it spent of Graph's budgets per
// guest, the floor they set for that work, and how far the phase was from
// it.
func printBudgets(w io.Writer, rows []row, n int) {
	fmt.Fprintln(w, "\nGraph's budgets (sliding windows): invitations 150 per 5 s; writes 3,000 per 150 s per app; read units 3,500 / 5,000 / 8,000 per 10 s per app in a tenant of <50 / ≤500 / >500 users")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tinvitations\twrites\twrites/guest\tread units\tunits/guest\tbudget 429s\tfloor s\tset by\twall / floor\t")
	for _, r := range rows {
		floor, by := budgetFloor(r.stats, r.users)
		ratio := "—"
		if floor > 0 {
			ratio = fmt.Sprintf("%.2f×", r.wall.Seconds()/floor.Seconds())
		}
		refused := 0
		for _, v := range r.stats.BudgetRefusals {
			refused += v
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%d\t%.2f\t%d\t%.1f\t%s\t%s\t\n", r.phase, r.stats.Invitations, r.stats.Writes,
			float64(r.stats.Writes)/float64(n), r.stats.ReadUnits, float64(r.stats.ReadUnits)/float64(n), refused, floor.Seconds(), by, ratio)
	}
	_ = tw.Flush()
}
