package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// importDefaults are what an import records of the arguments that Graph
// does not keep, both for `terraform import` and for the blocks that the
// list resource generates, which must plan no change against an import:
// the guest counts as adopted, the invitation as sent to My Apps with an
// email, and destroy keeps the user.
func importDefaults() map[string]attr.Value {
	return map[string]attr.Value{
		"adopted":                        types.BoolValue(true),
		"redirect_url":                   types.StringValue(myAppsRedirectURL),
		"send_invitation_message":        types.BoolValue(true),
		"delete_user_on_destroy":         types.BoolValue(true),
		"delete_adopted_user_on_destroy": types.BoolValue(false),
		"resend_when_accepted":           types.BoolValue(false),
	}
}

// myAppsRedirectURL is the My Apps portal, where Microsoft's own
// invitations send guests. It fills redirect_url on import and in the list
// resource's generated blocks, since Graph does not keep the URL an
// invitation was sent with, and it is the actions' default.
const myAppsRedirectURL = "https://myapps.microsoft.com"
