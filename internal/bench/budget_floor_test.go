package main

import (
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func TestBudgetFloorIsTheBindingBudgetsWindows(t *testing.T) {
	for _, tc := range []struct {
		st    graphemu.Stats
		users int
		want  time.Duration
		by    string
	}{
		{graphemu.Stats{Invitations: 200, Writes: 1400, ReadUnits: 1000}, 210, 5 * time.Second, "invitations"},
		// 7,000 writes: 3,000 at once, 3,000 a window later, the rest a window after.
		{graphemu.Stats{Invitations: 1000, Writes: 7000, ReadUnits: 4000}, 1010, 300 * time.Second, "app writes"},
		{graphemu.Stats{Writes: 3000}, 10, 0, "none"},
		{graphemu.Stats{ReadUnits: 20000}, 10010, 20 * time.Second, "read units (L)"},
		{graphemu.Stats{ReadUnits: 20000}, 40, 50 * time.Second, "read units (S)"},
	} {
		if got, by := budgetFloor(tc.st, tc.users); got != tc.want || by != tc.by {
			t.Errorf("%+v in a tenant of %d: floor %v set by %s, want %v by %s", tc.st, tc.users, got, by, tc.want, tc.by)
		}
	}
}
