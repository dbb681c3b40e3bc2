package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

const csvHeader = "Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],invitedToGroups,invitedToApplications\n"

func TestParseBulkInviteCSV_goodRows(t *testing.T) {
	text := "version:v1.0\n" + csvHeader +
		"Example: name@example.com,https://myapps.microsoft.com,true,Hello,,\n" +
		"Ana@Fabrikam.example,https://myapps.microsoft.com,true,\"Welcome, Ana\",a1b2c3d4-0001-4000-8000-00000000e001;A1B2C3D4-0002-4000-8000-00000000E002,ae000000-0001-4000-8000-0000000000a1\n" +
		"ben@northwind.example,https://portal.contoso.example/start,false,,\"a1b2c3d4-0003-4000-8000-00000000e003, a1b2c3d4-0005-4000-8000-00000000e005\",\n" +
		",,,,,\n"
	got, err := parseBulkInviteCSV(text)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bulkInvite{
		"ana@fabrikam.example": {Email: "Ana@Fabrikam.example", RedirectURL: "https://myapps.microsoft.com", SendInvitationMessage: true, MessageBody: "Welcome, Ana",
			GroupIDs: []string{"a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0002-4000-8000-00000000e002"}, ApplicationIDs: []string{"ae000000-0001-4000-8000-0000000000a1"}},
		"ben@northwind.example": {Email: "ben@northwind.example", RedirectURL: "https://portal.contoso.example/start", SendInvitationMessage: false,
			GroupIDs: []string{"a1b2c3d4-0003-4000-8000-00000000e003", "a1b2c3d4-0005-4000-8000-00000000e005"}, ApplicationIDs: []string{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseBulkInviteCSV_withoutVersionRowOrLegacyColumns(t *testing.T) {
	text := "Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required\npat@partner.example,https://myapps.microsoft.com\n"
	got, err := parseBulkInviteCSV(text)
	if err != nil {
		t.Fatal(err)
	}
	if g := got["pat@partner.example"]; !g.SendInvitationMessage || len(g.GroupIDs) != 0 {
		t.Fatalf("got %+v", got)
	}
}

func TestParseBulkInviteCSV_malformed(t *testing.T) {
	row := func(fields string) string { return "version:v1.0\n" + csvHeader + fields + "\n" }
	cases := map[string]struct{ text, want string }{
		"bad email":          {row("pat#x@partner.example,https://myapps.microsoft.com,,,,"), "line 3, column inviteeEmail"},
		"empty email":        {row(",https://myapps.microsoft.com,,,,"), "line 3, column inviteeEmail"},
		"relative redirect":  {row("pat@partner.example,/start,,,,"), "line 3, column inviteRedirectURL"},
		"bad send flag":      {row("pat@partner.example,https://myapps.microsoft.com,maybe,,,"), "line 3, column sendEmail"},
		"bad group id":       {row("pat@partner.example,https://myapps.microsoft.com,,,engineering,"), "line 3, column invitedToGroups"},
		"bad application id": {row("pat@partner.example,https://myapps.microsoft.com,,,,portal"), "line 3, column invitedToApplications"},
		"duplicate email":    {row("pat@partner.example,https://myapps.microsoft.com,,,,\nPAT@partner.example,https://myapps.microsoft.com,,,,"), "line 4, column inviteeEmail: PAT@partner.example is the guest of line 3 too (pat@partner.example)"},
		"no email column":    {"version:v1.0\nRedirection url [inviteRedirectURL] Required\nhttps://x.example\n", "no [inviteeEmail] column"},
		"unbalanced quote":   {row("pat@partner.example,\"https://myapps.microsoft.com,,,,"), "line 3"},
		"empty file":         {"", "line 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := parseBulkInviteCSV(tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestAccFunction_parseBulkInviteCSV(t *testing.T) {
	csv := "version:v1.0\n" + csvHeader + "pat@partner.example,https://myapps.microsoft.com,false,Hi,a1b2c3d4-0001-4000-8000-00000000e001,\n"
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf("output \"rows\" {\n  value = provider::b2b::parse_bulk_invite_csv(%q)\n}\n", csv),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("rows", knownvalue.MapExact(map[string]knownvalue.Check{
					"pat@partner.example": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"email": knownvalue.StringExact("pat@partner.example"), "redirect_url": knownvalue.StringExact("https://myapps.microsoft.com"),
						"send_invitation_message": knownvalue.Bool(false), "message_body": knownvalue.StringExact("Hi"),
						"group_ids":       knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("a1b2c3d4-0001-4000-8000-00000000e001")}),
						"application_ids": knownvalue.ListExact([]knownvalue.Check{}),
					}),
				}))},
			},
			{
				Config:      fmt.Sprintf("output \"rows\" {\n  value = provider::b2b::parse_bulk_invite_csv(%q)\n}\n", "version:v1.0\n"+csvHeader+"bad@@x,https://x.example,,,,\n"),
				ExpectError: regexp.MustCompile(`line 3, column inviteeEmail`),
			},
			{
				// One guest on two rows, in two letter cases.
				Config: fmt.Sprintf("output \"rows\" {\n  value = provider::b2b::parse_bulk_invite_csv(%q)\n}\n", "version:v1.0\n"+csvHeader+
					"pat@partner.example,https://myapps.microsoft.com,,,,\nsam@partner.example,https://myapps.microsoft.com,,,,\nPat@Partner.example,https://myapps.microsoft.com,,,,\n"),
				ExpectError: regexp.MustCompile(flexibleSpaces(`line 5, column inviteeEmail: Pat@Partner.example is the guest of line 3 too`)),
			},
		},
	})
}
