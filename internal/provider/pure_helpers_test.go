package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// profilePatch sends what the plan sets and state lacks, and nothing that a
// left-out argument or an unchanged one would overwrite.
func TestProfilePatch(t *testing.T) {
	state := guestProfileModel{JobTitle: types.StringValue("Engineer"), Department: types.StringValue("R&D"), AccountEnabled: types.BoolValue(true)}
	plan := state
	plan.JobTitle = types.StringValue("Lead Engineer")
	plan.Department = types.StringNull() // left out: not managed
	plan.Surname = types.StringUnknown() // not known yet: not sent
	plan.AccountEnabled = types.BoolValue(false)
	p := profilePatch(plan, state)
	if p.JobTitle == nil || *p.JobTitle != "Lead Engineer" {
		t.Errorf("jobTitle %v, want Lead Engineer", p.JobTitle)
	}
	if p.Department != nil || p.Surname != nil || p.GivenName != nil {
		t.Errorf("a left-out, unknown or unchanged argument was sent: %+v", p)
	}
	if p.AccountEnabled == nil || *p.AccountEnabled {
		t.Errorf("accountEnabled %v, want false", p.AccountEnabled)
	}
	if empty := profilePatch(state, state); empty != (graph.Profile{}) {
		t.Errorf("no change sent %+v", empty)
	}
}

func TestIsMoveSourceProvider(t *testing.T) {
	for addr, want := range map[string]bool{
		"registry.terraform.io/hashicorp/azuread":   true,
		"registry.opentofu.org/hashicorp/azuread":   true,
		"hashicorp/azuread":                         true,
		"azuread":                                   true,
		" Registry.Terraform.io/HashiCorp/AzureAD ": true,
		"registry.opentofu.org/b2b-guests/b2b":      true, // OpenTofu 1.12 names the target
		"registry.terraform.io/hashicorp/azurerm":   false,
		"registry.terraform.io/someone/azuread":     false,
		"":                                          false,
	} {
		if got := isMoveSourceProvider(addr); got != want {
			t.Errorf("isMoveSourceProvider(%q) = %v, want %v", addr, got, want)
		}
	}
}

// An invitation that Graph refuses because a sponsor does not exist is an
// error on sponsor_ids that names it; any other refusal is the plain error.
func TestAddInviteError(t *testing.T) {
	const sponsor = "deadbeef-0000-4000-8000-0000000000ab"
	req := graph.InviteRequest{Email: "pat@partner.example", SponsorIDs: []string{strings.ToUpper(sponsor)}}
	missing := &graph.Error{Kind: graph.KindNotFound, Status: 404, Operation: "inviting pat@partner.example",
		Message: "Resource '" + sponsor + "' does not exist or one of its queried reference-property objects are not present."}
	var diags diag.Diagnostics
	addInviteError(context.Background(), &diags, "Cannot invite pat@partner.example", "the invitation", missing, req)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics", len(diags))
	}
	d, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !d.Path().Equal(path.Root("sponsor_ids")) || !strings.Contains(d.Detail(), strings.ToUpper(sponsor)) {
		t.Errorf("a missing sponsor gave %v", diags[0])
	}

	other := &graph.Error{Kind: graph.KindForbidden, Status: 403, Operation: "inviting pat@partner.example", Message: "Insufficient privileges", Permission: graph.PermInvite}
	diags = nil
	addInviteError(context.Background(), &diags, "Cannot invite pat@partner.example", "the invitation", other, req)
	if _, withPath := diags[0].(diag.DiagnosticWithPath); len(diags) != 1 || withPath || !strings.Contains(diags[0].Detail(), graph.PermInvite) {
		t.Errorf("a refusal for a missing permission gave %v", diags)
	}
}
