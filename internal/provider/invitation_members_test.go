package provider

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

func roleModel(resource, appRole string) appRoleModel {
	return appRoleModel{ID: types.StringNull(), ResourceID: types.StringValue(resource), AppRoleID: types.StringValue(appRole)}
}

func roleKeys(roles []appRoleModel) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, appRoleKey(r))
	}
	slices.Sort(out)
	return out
}

func assignmentKeys(roles []graph.AppRoleAssignment) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, r.Key())
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

const (
	gA, gB, gC = "a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0002-4000-8000-00000000e002", "a1b2c3d4-0003-4000-8000-00000000e003"
	sp, r1, r2 = "5e000000-0001-4000-8000-0000000005a1", "7a000000-0001-4000-8000-000000000001", "7a000000-0002-4000-8000-000000000002"
)

func TestMembershipDiff(t *testing.T) {
	cases := map[string]struct {
		planGroups, stateGroups      []string
		planRoles, stateRoles        []appRoleModel
		addG, removeG, addR, removeR []string
	}{
		"nothing to do": {planGroups: []string{gA}, stateGroups: []string{gA}},
		"add and remove": {planGroups: []string{gA, gB}, stateGroups: []string{gB, gC},
			addG: []string{gA}, removeG: []string{gC}},
		"a change of letter case is no change": {planGroups: []string{strings.ToUpper(gA)}, stateGroups: []string{gA}},
		"roles by resource and role": {planRoles: []appRoleModel{roleModel(sp, r1)}, stateRoles: []appRoleModel{roleModel(sp, r2)},
			addR: []string{roleModel(sp, r1).assignment().Key()}, removeR: []string{roleModel(sp, r2).assignment().Key()}},
		"a role in other case is the same role": {planRoles: []appRoleModel{roleModel(strings.ToUpper(sp), r1)}, stateRoles: []appRoleModel{roleModel(sp, r1)}},
		"everything from nothing": {planGroups: []string{gA}, planRoles: []appRoleModel{roleModel(sp, r1)},
			addG: []string{gA}, addR: []string{roleModel(sp, r1).assignment().Key()}},
	}
	for name, c := range cases {
		ch := membershipDiff(c.planGroups, c.stateGroups, c.planRoles, c.stateRoles)
		if !slices.Equal(sorted(ch.AddGroups), sorted(c.addG)) || !slices.Equal(sorted(ch.RemoveGroups), sorted(c.removeG)) {
			t.Errorf("%s: groups +%v -%v, want +%v -%v", name, ch.AddGroups, ch.RemoveGroups, c.addG, c.removeG)
		}
		if !slices.Equal(assignmentKeys(ch.AddRoles), sorted(c.addR)) || !slices.Equal(assignmentKeys(ch.RemoveRoles), sorted(c.removeR)) {
			t.Errorf("%s: roles +%v -%v, want +%v -%v", name, ch.AddRoles, ch.RemoveRoles, c.addR, c.removeR)
		}
	}
}

// A change that failed keeps its prior standing, so the next plan retries it.
func TestMergeMembershipResult(t *testing.T) {
	cases := map[string]struct {
		stateGroups []string
		stateRoles  []appRoleModel
		result      graph.MembershipResult
		groups      []string
		roles       []string
	}{
		"all succeeded": {stateGroups: []string{gA, gB}, stateRoles: []appRoleModel{roleModel(sp, r1)},
			result: graph.MembershipResult{AddedGroups: []string{gC}, RemovedGroups: []string{gB},
				AddedRoles: []graph.AppRoleAssignment{{ID: "x", ResourceID: sp, AppRoleID: r2}}, RemovedRoles: []graph.AppRoleAssignment{{ResourceID: sp, AppRoleID: r1}}},
			groups: []string{gA, gC}, roles: []string{roleModel(sp, r2).assignment().Key()}},
		"a failed add is not recorded, a failed remove stays": {stateGroups: []string{gA, gB},
			result: graph.MembershipResult{Errors: []error{errors.New("add C"), errors.New("remove B")}},
			groups: []string{gA, gB}},
		"a removal in other case removes": {stateGroups: []string{strings.ToUpper(gA)},
			result: graph.MembershipResult{RemovedGroups: []string{gA}}},
		"an add already recorded is not doubled": {stateGroups: []string{gA}, stateRoles: []appRoleModel{roleModel(sp, r1)},
			result: graph.MembershipResult{AddedGroups: []string{strings.ToUpper(gA)}, AddedRoles: []graph.AppRoleAssignment{{ResourceID: sp, AppRoleID: r1}}},
			groups: []string{gA}, roles: []string{roleModel(sp, r1).assignment().Key()}},
	}
	for name, c := range cases {
		groups, roles := mergeMembershipResult(c.stateGroups, c.stateRoles, c.result)
		if !slices.Equal(sorted(groups), sorted(c.groups)) {
			t.Errorf("%s: groups %v, want %v", name, groups, c.groups)
		}
		if !slices.Equal(roleKeys(roles), sorted(c.roles)) {
			t.Errorf("%s: roles %v, want %v", name, roleKeys(roles), c.roles)
		}
	}
}

func TestRefreshRoles(t *testing.T) {
	state := []appRoleModel{roleModel(strings.ToUpper(sp), r1), roleModel(sp, r2)}
	actual := []graph.AppRoleAssignment{{ID: "new-id", ResourceID: sp, AppRoleID: r1}, {ID: "other", ResourceID: sp, AppRoleID: "7a000000-0003-4000-8000-000000000003"}}
	got := refreshRoles(state, actual)
	if len(got) != 1 || got[0].ID.ValueString() != "new-id" || got[0].ResourceID.ValueString() != strings.ToUpper(sp) {
		t.Fatalf("refreshRoles = %+v: want only the first role, with Graph's id and the state's spelling", got)
	}
}
