package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// pendingTooLong warns, on every plan, of a guest still pending longer
// than the configured limit allows, given the guest's state, its time and
// who it is. It only warns: deleting a guest stays an explicit removal of
// the resource or an explicit action.
func (r *invitationResource) pendingTooLong(limit, state, changedAt, email, id string) diag.Diagnostics {
	if state != "PendingAcceptance" {
		return nil
	}
	invited, err := time.Parse(time.RFC3339, changedAt)
	if err != nil {
		return nil // Graph gave no time to count from
	}
	allowed, err := parseAge(limit)
	if err != nil {
		return nil // the validator has said so
	}
	now := time.Now()
	if r.client != nil {
		now = r.client.Now()
	}
	if now.Sub(invited) <= allowed {
		return nil
	}
	days := wholeDays(invited, now)
	var diags diag.Diagnostics
	diags.AddAttributeWarning(path.Root("expire_pending_after"),
		fmt.Sprintf("Guest %s still pending after %d days", email, days),
		fmt.Sprintf("The guest %s (user %s) was invited %s and has not accepted after %d days, longer than expire_pending_after = %q. "+
			"Nothing is deleted on its own. To remind the guest, change resend_triggers or run the b2b_resend_invitation action. "+
			"To let the guest go, remove this resource: destroy deletes a guest it created (delete_user_on_destroy), "+
			"and one it adopted only with delete_adopted_user_on_destroy = true.",
			email, id, invited.UTC().Format(time.RFC3339), days, limit))
	return diags
}
