package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// b2b_guests shows which guests a b2b_invitation manages, from the mark
// on each guest, and managed = false leaves them out: the list to feed to
// b2b_offboard_guests.
func TestAccGuestsDataSource_managed(t *testing.T) {
	requireEmulator(t)
	domain := fmt.Sprintf("m%d.managed.example", time.Now().UnixNano()%1_000_000_000)
	other := emu.InviteGuest("other@"+domain, "Other")
	t.Cleanup(func() { emu.DeleteUser(other.ID) })
	cfg := fmt.Sprintf(`
resource "b2b_invitation" "kept" {
  email        = "kept@%[1]s"
  redirect_url = "https://myapps.microsoft.com"
}

data "b2b_guests" "all" {
  email_domain = %[1]q
  depends_on   = [b2b_invitation.kept]
}

data "b2b_guests" "unmanaged" {
  email_domain = %[1]q
  managed      = false
  depends_on   = [b2b_invitation.kept]
}
`, domain)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.b2b_guests.all", tfjsonpath.New("guests"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("kept@" + domain), "managed": knownvalue.Bool(true)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("other@" + domain), "managed": knownvalue.Bool(false)}),
				})),
				statecheck.ExpectKnownValue("data.b2b_guests.unmanaged", tfjsonpath.New("guests"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"user_id": knownvalue.StringExact(other.ID), "managed": knownvalue.Bool(false)}),
				})),
			},
		}},
	})
}

// The list resource names each managed user ", managed", and managed =
// false lists only the users left to import.
func TestAccInvitationList_managed(t *testing.T) {
	run, e, _ := queryRun(t, "list-resource.tfquery.hcl")
	writeFile(t, filepath.Join(run.dir, "kept.tf"), `
resource "b2b_invitation" "kept" {
  email        = "guest000@partner.example"
  redirect_url = "https://myapps.microsoft.com"
}
`)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if users := e.UsersByEmail("guest000@partner.example"); len(users) != 1 || len(users[0].Extensions) != 1 {
		t.Fatalf("the adopted guest is not marked: %+v", users)
	}
	writeFile(t, filepath.Join(run.dir, "managed.tfquery.hcl"), `
list "b2b_invitation" "managed" {
  provider = b2b
  config {
    email_domain = "partner.example"
    managed      = true
  }
}
list "b2b_invitation" "unmanaged" {
  provider = b2b
  config {
    email_domain = "partner.example"
    managed      = false
  }
}
`)
	totals, names := queryTotals(t, run)
	if totals["list.b2b_invitation.managed"] != 1 || len(names["list.b2b_invitation.managed"]) != 1 ||
		!strings.HasSuffix(names["list.b2b_invitation.managed"][0], ", managed") || !strings.Contains(names["list.b2b_invitation.managed"][0], "guest000@partner.example") {
		t.Errorf("managed = true found %d: %v", totals["list.b2b_invitation.managed"], names["list.b2b_invitation.managed"])
	}
	if n := totals["list.b2b_invitation.unmanaged"]; n != 49 {
		t.Errorf("managed = false found %d users at partner.example, want the 49 not managed", n)
	}
	for _, name := range names["list.b2b_invitation.unmanaged"] {
		if strings.Contains(name, "guest000@") || strings.HasSuffix(name, ", managed") {
			t.Errorf("managed = false found %q", name)
		}
	}
}
