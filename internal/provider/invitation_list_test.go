package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

var queryDomains = []string{"partner.example", "tailspin.example", "northwind.example"}

const queryGuests = 150

// seedQueryTenant invites 150 guests over three domains, every other one
// accepted, created one a day back from now.
func seedQueryTenant(t *testing.T) (*graphemu.Server, time.Time) {
	t.Helper()
	e := ownEmulator(t, graphemu.Options{})
	now := time.Now().UTC().Truncate(time.Second)
	for i := range queryGuests {
		u := e.InviteGuest(fmt.Sprintf("guest%03d@%s", i, queryDomains[i%3]), fmt.Sprintf("Guest %03d", i))
		if i%2 == 0 {
			e.Redeem(u.ID)
		}
		e.SetCreatedAt(u.ID, now.Add(-time.Duration(i)*24*time.Hour))
	}
	return e, now
}

// queryTotals runs `terraform query -json` and returns each list block's
// total and the results' display names.
func queryTotals(t *testing.T, run *exampleRun) (map[string]int, map[string][]string) {
	t.Helper()
	totals, names := map[string]int{}, map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(run.must("query", "-json", "-no-color")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Type  string `json:"type"`
			Found struct {
				Address     string `json:"address"`
				DisplayName string `json:"display_name"`
			} `json:"list_resource_found"`
			Complete struct {
				Address string `json:"address"`
				Total   int    `json:"total"`
			} `json:"list_complete"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		switch line.Type {
		case "list_resource_found":
			names[line.Found.Address] = append(names[line.Found.Address], line.Found.DisplayName)
		case "list_complete":
			totals[line.Complete.Address] = line.Complete.Total
		}
	}
	return totals, names
}

// queryRun is a working directory with the provider example and one list
// example, against a tenant of 150 guests of its own.
func queryRun(t *testing.T, listExample string) (*exampleRun, *graphemu.Server, time.Time) {
	t.Helper()
	requireTerraform114(t)
	run := newExampleRun(t, "provider", "list-resources/b2b_invitation")
	e, now := seedQueryTenant(t)
	run.against(e)
	run.only("provider_provider.tf", "list-resources_b2b_invitation_"+listExample)
	return run, e, now
}

func TestAccInvitationList_filters(t *testing.T) {
	run, e, now := queryRun(t, "list-resource.tfquery.hcl")
	writeFile(t, filepath.Join(run.dir, "filters.tfquery.hcl"), fmt.Sprintf(`
list "b2b_invitation" "accepted_tailspin" {
  provider = b2b
  config {
    external_user_state = "Accepted"
    email_domain        = "TAILSPIN.example"
  }
}
list "b2b_invitation" "last_ten_days" {
  provider = b2b
  config {
    email_domain  = "partner.example"
    created_after = %q
  }
}
list "b2b_invitation" "older_pending" {
  provider = b2b
  config {
    external_user_state = "PendingAcceptance"
    created_before      = %q
  }
}
list "b2b_invitation" "first_five" {
  provider = b2b
  limit    = 5
}
list "b2b_invitation" "members" {
  provider = b2b
  config {
    user_type = "Member"
  }
}
`, now.Add(-9*24*time.Hour-time.Minute).Format(time.RFC3339), now.Add(-100*24*time.Hour+time.Minute).Format(time.RFC3339)))

	e.ResetStats()
	totals, names := queryTotals(t, run)
	// Guests 0..149: i%3 picks the domain, even i accepted, created i days ago.
	want := map[string]int{
		"list.b2b_invitation.pending_partner":   25, // odd i with i%3 == 0
		"list.b2b_invitation.accepted_tailspin": 25, // even i with i%3 == 1
		"list.b2b_invitation.last_ten_days":     4,  // i <= 9 with i%3 == 0
		"list.b2b_invitation.older_pending":     25, // odd i >= 100
		"list.b2b_invitation.first_five":        5,
		"list.b2b_invitation.members":           0,
	}
	for addr, n := range want {
		if totals[addr] != n {
			t.Errorf("%s found %d guests, want %d", addr, totals[addr], n)
		}
	}
	for _, name := range names["list.b2b_invitation.accepted_tailspin"] {
		if !strings.HasSuffix(name, "@tailspin.example>") {
			t.Errorf("accepted_tailspin found %q", name)
		}
	}
	st := e.Stats()
	pages := st.ByRoute["GET /users 200"]
	t.Logf("6 list blocks over %d guests: %d GET /users pages, %d round trips in all", queryGuests+1, pages, st.RoundTrips)
	// Graph filters state and type itself: 151 guests at 100 a page is 2
	// pages for a listing by domain or time alone, 1 for one by state, and
	// the limited one stops after its first page.
	if pages > 1+1+2+1+1+1 {
		t.Errorf("the queries fetched %d pages of users", pages)
	}
}

// TestAccInvitationList_generateConfigThenImport is the query route of a
// migration: `terraform query -generate-config-out` writes a resource and
// an identity import block per guest, and the plan of that configuration
// imports every guest and changes nothing.
func TestAccInvitationList_generateConfigThenImport(t *testing.T) {
	run, e, _ := queryRun(t, "list-resource-generate.tfquery.hcl")
	wantImports := queryGuests + 1 // and the seed's one guest
	groupsBefore := map[string][]string{}
	for _, g := range []string{groupEngineering, groupFinance} {
		groupsBefore[g] = e.GroupMembers(g)
	}

	run.must("query", "-generate-config-out=guests.tf", "-no-color")
	generated := mustRead(t, filepath.Join(run.dir, "guests.tf"))
	if n := strings.Count(generated, "\nimport {"); n != wantImports {
		t.Fatalf("the generated configuration has %d import blocks, want %d", n, wantImports)
	}

	e.ResetStats()
	run.must("plan", "-out=import.tfplan", "-input=false", "-no-color")
	var plan struct {
		ResourceChanges []struct {
			Change struct {
				Actions   []string `json:"actions"`
				Importing any      `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(run.must("show", "-json", "import.tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	imports := 0
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing != nil {
			imports++
		}
		if strings.Join(rc.Change.Actions, ",") != "no-op" {
			t.Errorf("the import plan has a %v", rc.Change.Actions)
		}
	}
	if imports != wantImports {
		t.Errorf("the plan imports %d guests, want %d", imports, wantImports)
	}
	out := run.must("apply", "-input=false", "-no-color", "import.tfplan")
	if !strings.Contains(out, fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", wantImports)) {
		t.Errorf("apply did not import every guest:\n%s", out[max(0, len(out)-400):])
	}
	st := e.Stats()
	if st.Invitations != 0 {
		t.Errorf("importing sent %d invitations", st.Invitations)
	}
	for route, n := range graphWrites(st) {
		t.Errorf("importing wrote to Graph: %s answered %d times", route, n)
	}
	for g, before := range groupsBefore {
		if after := e.GroupMembers(g); strings.Join(after, ",") != strings.Join(before, ",") {
			t.Errorf("group %s changed from %v to %v", g, before, after)
		}
	}
	t.Logf("imported %d guests: %d invitations sent, %d round trips", imports, st.Invitations, st.RoundTrips)
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
	// Imported guests are kept on destroy, each with a warning.
	out = run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	if n := strings.Count(out, "Warning: Kept guest"); n != wantImports {
		t.Errorf("destroy warned about %d kept guests, want %d", n, wantImports)
	}
	if got := e.UserCount(); got < wantImports {
		t.Errorf("destroy deleted imported users: %d left", got)
	}
}

// The page and the migration guide say where list blocks go; both halves of
// what they say hold on the CLI: a .tf file refuses the block with the
// quoted error, and the same block in a .tfquery.hcl file lists guests.
func TestAccInvitationList_queryFileAsDocumented(t *testing.T) {
	run, _, _ := queryRun(t, "list-resource.tfquery.hcl")
	for _, page := range []string{"list-resources/invitation.md", "guides/migrating-from-azuread.md"} {
		text := strings.Join(strings.Fields(mustRead(t, filepath.Join("..", "..", "docs", page))), " ")
		for _, want := range []string{"`" + queryFileSuffix + "`", listInTFError} {
			if !strings.Contains(text, want) {
				t.Errorf("docs/%s does not say %q", page, want)
			}
		}
	}
	listed := filepath.Join(run.dir, "list-resources_b2b_invitation_list-resource.tfquery.hcl")
	block := mustRead(t, listed)
	if err := os.Remove(listed); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(run.dir, "guests.tf"), block)
	out, code := run.terraform("query", "-no-color")
	if flat := strings.Join(strings.Fields(out), " "); code == 0 || !strings.Contains(flat, listInTFError) {
		t.Errorf("a list block in a .tf file: exit %d, want the documented error %q:\n%s", code, listInTFError, out)
	}
	if err := os.Remove(filepath.Join(run.dir, "guests.tf")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(run.dir, "guests"+queryFileSuffix), block)
	if totals, _ := queryTotals(t, run); totals["list.b2b_invitation.pending_partner"] != 25 {
		t.Errorf("the block in guests%s listed %v", queryFileSuffix, totals)
	}
}
