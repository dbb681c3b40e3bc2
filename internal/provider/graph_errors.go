package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// errorDetail turns a Graph error into text a user can act on.
func errorDetail(ctx context.Context, err error, what string) string {
	tflog.Debug(ctx, "Graph error", map[string]any{"error": err.Error()})
	switch {
	case graph.IsKind(err, graph.KindThrottled):
		return err.Error() + "\n\nGraph kept throttling until the timeout; raise the timeouts block or lower -parallelism."
	case graph.IsKind(err, graph.KindUnauthorized):
		return err.Error() + "\n\nCheck tenant_id, client_id and the credential."
	case ctx.Err() != nil:
		return fmt.Sprintf("%s did not finish before the timeout: %v. Raise the timeouts block if Graph is slow.", what, err)
	}
	return err.Error()
}

// addInviteError reports a failed invitation on the argument it concerns
// where Graph's answer tells: a 404 that names one of the sponsors is about
// sponsor_ids, not about the guest.
func addInviteError(ctx context.Context, diags *diag.Diagnostics, summary, what string, err error, req graph.InviteRequest) {
	detail := errorDetail(ctx, err, what)
	if missing := graph.MissingObject(err); missing != "" {
		for _, id := range req.SponsorIDs {
			if strings.EqualFold(missing, id) {
				diags.AddAttributeError(path.Root("sponsor_ids"), summary,
					fmt.Sprintf("sponsor_ids names %s, which is no user or group of this tenant, so Graph refused the invitation. "+
						"Remove it from sponsor_ids, or give the object id of an existing user or group.\n\n%s", id, detail))
				return
			}
		}
	}
	diags.AddError(summary, detail)
}
