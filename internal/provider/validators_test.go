package provider

import (
	"strings"
	"testing"
)

func TestCheckInvitationEmail(t *testing.T) {
	good := []string{"pat@partner.example", "pat.partner@partner.example", "pat_partner@sub.partner.example", "p-a-t@x.io", "_pat_@x.io"}
	for _, e := range good {
		if err := checkInvitationEmail(e); err != nil {
			t.Errorf("%s: %v", e, err)
		}
	}
	bad := []string{"", "pat", "@partner.example", "pat@", "pat@partner", ".pat@x.io", "pat.@x.io", "-pat@x.io", "pat-@x.io",
		"pa..t@x.io", "pat@@x.io", "pat@x..io", " pat@x.io", "pat @x.io"}
	for _, c := range forbiddenEmailChars {
		bad = append(bad, "pa"+string(c)+"t@partner.example")
	}
	for _, e := range bad {
		if err := checkInvitationEmail(e); err == nil {
			t.Errorf("%q was accepted", e)
		}
	}
}

// FuzzCheckInvitationEmail: whatever the input, the validator answers
// without panicking, and never accepts a forbidden character.
func FuzzCheckInvitationEmail(f *testing.F) {
	for _, seed := range []string{"pat@partner.example", "", "@", "a@b", "a..b@c.d", "ä@ü.example", "pat#x@y.z", strings.Repeat("a", 300) + "@x.io"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, email string) {
		err := checkInvitationEmail(email)
		if err == nil && strings.ContainsAny(email, forbiddenEmailChars) {
			t.Fatalf("%q accepted with a forbidden character", email)
		}
		if err == nil && strings.Count(email, "@") != 1 {
			t.Fatalf("%q accepted without exactly one @", email)
		}
	})
}
