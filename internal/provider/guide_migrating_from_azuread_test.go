package provider

import (
	"path/filepath"
	"testing"
)

// TestAccGuideStepsMigratingFromAzureAD runs the "Migrating from azuread"
// guide's rehearsal as written, from the state azuread 3.9 left (the test
// data's, standing for the reader's own) and the example's seed of the
// tenant it describes. Offline, a stand-in that serves azuread's schemas
// takes the registry's place for hashicorp/azuread. On Terraform 1.14+
// it goes on to find and import Mia, made in the portal, with terraform
// query. The tenant the emulator saved then holds the same guests, none
// invited again.
func TestAccGuideStepsMigratingFromAzureAD(t *testing.T) {
	// The query steps run migrate-from-azuread/found/main.tf and
	// migrate-from-azuread/found/guests.tfquery.hcl, from the copy's found/.
	work := runGuide(t, "migrating-from-azuread", "migrate-from-azuread", guideSetup{
		providers: map[string]string{"hashicorp/azuread": azureadStandin.get(t)},
		files:     map[string]string{"terraform.tfstate": filepath.Join("testdata", "azuread-3.9-for-each.tfstate.json")},
		from114:   3,
	})
	users := savedUsers(t, filepath.Join(work, "emu"))
	for mail, id := range map[string]string{
		"guest0000@partner.example": "7c0b74f8-249b-4302-a2ef-beef07f7203d",
		"guest0001@partner.example": "295425f3-4c77-46eb-9dd5-4ca4086a98b5",
		"guest0002@partner.example": "f58a9fa0-3320-4c90-9301-da31daf3abb6",
	} {
		if users[mail].ID != id {
			t.Errorf("%s is %+v after the move, want the user %s the state named", mail, users[mail], id)
		}
	}
	if len(users) != 4 {
		t.Errorf("the tenant holds %d users after the move, want the seed's 4", len(users))
	}
}
