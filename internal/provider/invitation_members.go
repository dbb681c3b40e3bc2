package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// membershipDiff turns the planned and prior sets into Graph changes. Ids are
// compared without regard to case, as Graph does.
func membershipDiff(planGroups, stateGroups []string, planRoles, stateRoles []appRoleModel) graph.MembershipChanges {
	var ch graph.MembershipChanges
	ch.AddGroups, ch.RemoveGroups = idsDiff(planGroups, stateGroups)
	stateByKey := map[string]appRoleModel{}
	for _, r := range stateRoles {
		stateByKey[appRoleKey(r)] = r
	}
	planByKey := map[string]bool{}
	for _, r := range planRoles {
		planByKey[appRoleKey(r)] = true
		if _, ok := stateByKey[appRoleKey(r)]; !ok {
			ch.AddRoles = append(ch.AddRoles, r.assignment())
		}
	}
	for _, r := range stateRoles {
		if !planByKey[appRoleKey(r)] {
			ch.RemoveRoles = append(ch.RemoveRoles, r.assignment())
		}
	}
	return ch
}

// mergeMembershipResult computes what the state must hold after a partial or
// full success: the prior memberships, plus what was added, minus what was
// removed. A membership whose change failed keeps its prior standing, so
// that the next plan retries it.
func mergeMembershipResult(stateGroups []string, stateRoles []appRoleModel, res graph.MembershipResult) ([]string, []appRoleModel) {
	groups := idsMerge(stateGroups, res.AddedGroups, res.RemovedGroups)
	removedRoles := map[string]bool{}
	for _, r := range res.RemovedRoles {
		removedRoles[r.Key()] = true
	}
	var roles []appRoleModel
	have := map[string]bool{}
	for _, r := range stateRoles {
		if !removedRoles[appRoleKey(r)] {
			roles = append(roles, r)
			have[appRoleKey(r)] = true
		}
	}
	for _, a := range res.AddedRoles {
		if have[a.Key()] {
			continue
		}
		have[a.Key()] = true
		roles = append(roles, appRoleModel{ID: types.StringValue(a.ID), ResourceID: types.StringValue(a.ResourceID), AppRoleID: types.StringValue(a.AppRoleID)})
	}
	return groups, roles
}

func membershipErrors(ctx context.Context, res graph.MembershipResult, diags *diag.Diagnostics, userID string) {
	for _, err := range res.Errors {
		hint := ""
		if ctx.Err() != nil || graph.OutOfTime(err) {
			hint = "\n\nThe operation did not finish before the timeout; Graph may be slow or still replicating the new guest. Raise the timeouts block if this recurs."
		}
		diags.AddError(fmt.Sprintf("Guest %s: a change to its groups, app roles, sponsors or profile failed", userID),
			err.Error()+hint+"\n\nThe guest and every change that succeeded are saved in state; the next apply retries the rest.")
	}
}
