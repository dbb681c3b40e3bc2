package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// TestAccGuestDataSources_documentedLimits checks the "Limits" that the
// b2b_guest and b2b_guests pages state: what an email matches, which users
// are listed, and what a read costs in Graph round trips below and above
// the 15 emails that Graph filters itself. It runs against an emulator of
// its own, with pages of 10 users, so that its counts are its own.
func TestAccGuestDataSources_documentedLimits(t *testing.T) {
	t.Parallel()
	own := ownEmulator(t, graphemu.Options{PageSize: 10})
	const domain = "limits.example"
	var emails []string
	for i := range 25 {
		e := fmt.Sprintf("guest%02d@%s", i, domain)
		own.InviteGuest(e, "")
		emails = append(emails, e)
	}
	member := own.AddUser(graphemu.SeedUser{ID: "90000000-00aa-4000-8000-0000000000aa", DisplayName: "Invited Member",
		Mail: "member@" + domain, OtherMails: []string{"member.alias@elsewhere.example"}, UserType: "Member", ExternalUserState: "Accepted"})

	run := newExampleRun(t)
	run.against(own)
	apply := func(cfg string) (map[string]any, int) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(run.dir, "main.tf"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		before := own.Stats().RoundTrips
		run.must("apply", "-auto-approve", "-input=false", "-no-color")
		trips := own.Stats().RoundTrips - before
		var outs map[string]struct{ Value any }
		if err := json.Unmarshal([]byte(run.stdout("output", "-json")), &outs); err != nil {
			t.Fatal(err)
		}
		values := map[string]any{}
		for k, v := range outs {
			values[k] = v.Value
		}
		return values, trips
	}
	quoted := func(list []string) string { return `["` + strings.Join(list, `", "`) + `"]` }

	t.Run("what an email matches, and who is listed", func(t *testing.T) {
		out, _ := apply(fmt.Sprintf(`
data "b2b_guest" "by_other_mail" {
  email = "member.alias@elsewhere.example"
}
data "b2b_guests" "by_other_mail" {
  emails = ["member.alias@elsewhere.example"]
}
data "b2b_guests" "domain" {
  email_domain = %q
}
output "member_found_by_other_mail" { value = data.b2b_guest.by_other_mail.user_id }
output "guests_by_other_mail"       { value = length(data.b2b_guests.by_other_mail.guests) }
output "guests_in_domain"           { value = [for g in data.b2b_guests.domain.guests : g.email] }
`, domain))
		if out["member_found_by_other_mail"] != member.ID {
			t.Errorf("b2b_guest by otherMails found %v, want the member %s", out["member_found_by_other_mail"], member.ID)
		}
		if out["guests_by_other_mail"] != float64(0) {
			t.Errorf("b2b_guests matched otherMails: %v guests", out["guests_by_other_mail"])
		}
		listed, _ := out["guests_in_domain"].([]any)
		if len(listed) != 25 || strings.Contains(fmt.Sprint(listed), "member@") {
			t.Errorf("b2b_guests listed %d users of the domain, want the 25 guests and not the member: %v", len(listed), listed)
		}
	})

	t.Run("round trips up to and beyond the emails Graph filters", func(t *testing.T) {
		n := graph.MaxServerSideEmails
		cfg := func(list []string) string {
			return fmt.Sprintf("data \"b2b_guests\" \"some\" {\n  emails = %s\n}\noutput \"found\" { value = length(data.b2b_guests.some.guests) }\n", quoted(list))
		}
		// One more round trip reads the management marks of up to 20
		// guests found.
		out, filtered := apply(cfg(emails[:n]))
		if out["found"] != float64(n) || filtered != 3 {
			t.Errorf("%d emails: %v found in %d round trips, want %d in 3 (15 matches, 10 a page, and their marks)", n, out["found"], filtered, n)
		}
		out, unfiltered := apply(cfg(emails[:n+1]))
		guests := len(emails)
		for _, u := range graphemu.DefaultSeed().Users {
			if u.UserType == "Guest" {
				guests++
			}
		}
		if want := (guests+9)/10 + 1; out["found"] != float64(n+1) || unfiltered != want {
			t.Errorf("%d emails: %v found in %d round trips, want %d in %d (every one of %d guests, 10 a page, and the marks of those found)", n+1, out["found"], unfiltered, n+1, want, guests)
		}
		t.Logf("%d emails: %d round trips; %d emails: %d round trips", n, filtered, n+1, unfiltered)
	})
}
