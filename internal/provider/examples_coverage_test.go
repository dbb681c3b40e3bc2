package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// exampleTests names, for every file under examples/, the acceptance test
// that runs it as written (validate, plan, and apply, invoke or query, as
// the file is meant to be used), on every CLI that .ci/run runs the suite
// on where the file's features exist there.
var exampleTests = map[string][]string{
	"actions/b2b_resend_invitation/action-trigger.tf":                  {"TestAccResendInvitationAction_fromActionTrigger"},
	"actions/b2b_resend_invitation/action.tf":                          {"TestAccExamples_resendReminder"},
	"actions/b2b_reset_redemption/action.tf":                           {"TestAccActionReferences_resetExamples"},
	"actions/b2b_reset_redemption/new-email.tf":                        {"TestAccActionReferences_resetExamples"},
	"bulk-invite/guests.csv":                                           {"TestAccExamples_bulkInvite", "TestAccExamples_parseBulkInviteCSVFunction"},
	"bulk-invite/main.tf":                                              {"TestAccExamples_bulkInvite"},
	"data-sources/b2b_guest/data-source.tf":                            {"TestAccExamples_providerResourceAndDataSources"},
	"data-sources/b2b_guests/data-source.tf":                           {"TestAccExamples_providerResourceAndDataSources"},
	"data-sources/b2b_service_principal/data-source.tf":                {"TestAccExamples_servicePrincipal"},
	"data-sources/b2b_tenant/data-source.tf":                           {"TestAccExamples_tenant"},
	"functions/parse_bulk_invite_csv/function.tf":                      {"TestAccExamples_parseBulkInviteCSVFunction"},
	"import-for-each/main.tf":                                          {"TestAccExamples_importForEach"},
	"list-resources/b2b_invitation/list-resource-generate.tfquery.hcl": {"TestAccInvitationList_generateConfigThenImport"},
	"list-resources/b2b_invitation/list-resource.tfquery.hcl":          {"TestAccInvitationList_filters", "TestAccInvitationList_queryFileAsDocumented"},
	"migrate-from-azuread/main.tf":                                     {"TestAccMigrateFromAzureAD", "TestAccGuideStepsMigratingFromAzureAD"},
	"migrate-from-azuread/seed.json":                                   {"TestAccGuideStepsMigratingFromAzureAD"},
	"migrate-from-azuread/rehearsal.tfvars":                            {"TestAccGuideStepsMigratingFromAzureAD"},
	"migrate-from-azuread/found/main.tf":                               {"TestAccGuideStepsMigratingFromAzureAD"},
	"migrate-from-azuread/found/guests.tfquery.hcl":                    {"TestAccGuideStepsMigratingFromAzureAD"},
	"onboard-partner/main.tf":                                          {"TestAccGuideOnboardPartner", "TestAccGuideStepsOnboardPartner"},
	"onboard-partner/seed.json":                                        {"TestAccGuideStepsOnboardPartner"},
	"keep-guests-tidy/main.tf":                                         {"TestAccGuideKeepGuestsTidy", "TestAccGuideStepsKeepGuestsTidy"},
	"keep-guests-tidy/seed.json":                                       {"TestAccGuideStepsKeepGuestsTidy"},
	"large-tenants/guests.csv":                                         {"TestAccGuideLargeTenants", "TestAccGuideStepsLargeTenants"},
	"large-tenants/guests/main.tf":                                     {"TestAccGuideLargeTenants", "TestAccGuideStepsLargeTenants"},
	"large-tenants/main.tf":                                            {"TestAccGuideLargeTenants", "TestAccGuideStepsLargeTenants"},
	"large-tenants/seed.json":                                          {"TestAccGuideStepsLargeTenants"},
	"actions/b2b_offboard_guests/action.tf":                            {"TestAccOffboardGuestsAction_example"},
	"actions/b2b_offboard_guests/after-destroy.tf":                     {"TestAccOffboardGuestsAction_afterDestroy"},
	"provider/provider.tf":                                             {"TestAccExamples_providerResourceAndDataSources"},
	"quickstart/main.tf":                                               {"TestAccExamples_quickstart"},
	"rehearsal/backend_override.tf":                                    {"TestAccRehearsal"},
	"rehearsal/main.tf":                                                {"TestAccRehearsal", "TestAccGuideStepsRehearseWithoutATenant"},
	"rehearsal/seed.json":                                              {"TestAccRehearsal", "TestAccGuideStepsRehearseWithoutATenant"},
	"resources/b2b_invitation/import-by-block.tf":                      {"TestAccExamples_importByBlock"},
	"resources/b2b_invitation/import.sh":                               {"TestAccExamples_importScript"},
	"resources/b2b_invitation/profile.tf":                              {"TestAccExamples_profile"},
	"resources/b2b_invitation/resource.tf":                             {"TestAccExamples_providerResourceAndDataSources", "TestAccActionReferences_resetExamples"},
	"resources/b2b_collaboration_settings/resource.tf":                 {"TestAccExamples_collaborationSettings"},
	"resources/b2b_collaboration_settings/import.sh":                   {"TestAccExamples_collaborationSettings"},
	"resources/b2b_cross_tenant_defaults/resource.tf":                  {"TestAccExamples_crossTenantDefaults"},
	"resources/b2b_cross_tenant_defaults/import.sh":                    {"TestAccExamples_crossTenantDefaults"},
	"resources/b2b_partner/resource.tf":                                {"TestAccExamples_partner"},
	"resources/b2b_partner/import.sh":                                  {"TestAccExamples_partner"},
}

// TestExamplesEachRunByANamedTest keeps exampleTests true: every example
// file is listed, every listed test exists, and each one's body (or a
// helper it names the file through) refers to the file it is said to run.
func TestExamplesEachRunByANamedTest(t *testing.T) {
	bodies := testBodies(t)
	var files []string
	err := filepath.WalkDir(filepath.Join("..", "..", "examples"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Join("..", "..", "examples"), p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		tests, ok := exampleTests[f]
		if !ok {
			t.Errorf("examples/%s is run by no test named in exampleTests", f)
			continue
		}
		dir, base := filepath.ToSlash(filepath.Dir(f)), filepath.Base(f)
		for _, name := range tests {
			body, ok := bodies[name]
			if !ok {
				t.Errorf("examples/%s: no test %s", f, name)
				continue
			}
			mentions := strings.Contains(body, f) || strings.Contains(body, `"`+dir+`"`) ||
				strings.Contains(body, strings.ReplaceAll(dir, "/", "_")+"_"+base) || strings.Contains(body, `"`+base+`"`)
			if !mentions {
				t.Errorf("%s is said to run examples/%s, but does not name it", name, f)
			}
		}
	}
	for f := range exampleTests {
		if !slices.Contains(files, f) {
			t.Errorf("exampleTests lists examples/%s, which does not exist", f)
		}
	}
}

// testBodies maps each function of the package's tests to its source,
// with the source of the helpers it calls that take an example by name.
func testBodies(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	matches, _ := filepath.Glob("*_test.go")
	for _, file := range matches {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil {
				out[fn.Name.Name] = string(src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset])
			}
		}
	}
	// queryRun copies the list examples' directory for the tests that
	// name one of its files.
	for name, body := range out {
		if strings.Contains(body, "queryRun(") {
			out[name] = body + out["queryRun"]
		}
	}
	return out
}
