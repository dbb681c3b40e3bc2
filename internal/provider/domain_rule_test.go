package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every attribute that names a domain takes what the others take and
// refuses what they refuse: a domain copied from b2b_tenant or from the
// collaboration settings filters b2b_guests and the b2b_invitation list.
func TestDomainsAreCheckedByOneRule(t *testing.T) {
	ctx := t.Context()
	var guests datasource.SchemaResponse
	(&guestsDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &guests)
	var tenant datasource.SchemaResponse
	(&tenantDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &tenant)
	var listed list.ListResourceSchemaResponse
	(&invitationList{}).ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &listed)
	type stringValidated interface{ StringValidators() []validator.String }
	attrs := map[string]any{
		"b2b_guests.email_domain":          guests.Schema.Attributes["email_domain"],
		"b2b_tenant.domain_name":           tenant.Schema.Attributes["domain_name"],
		"list b2b_invitation.email_domain": listed.Schema.Attributes["email_domain"],
	}
	for name, a := range attrs {
		v, ok := a.(stringValidated)
		if !ok {
			t.Fatalf("%s: not a string attribute with validators", name)
		}
		for value, wantOK := range map[string]bool{"partner.example": true, "Sub.Partner-1.example": true,
			"@partner.example": false, "partner": false, "https://partner.example": false, "-partner.example": false} {
			var errs int
			for _, check := range v.StringValidators() {
				var resp validator.StringResponse
				check.ValidateString(ctx, validator.StringRequest{Path: path.Root("d"), ConfigValue: types.StringValue(value)}, &resp)
				errs += resp.Diagnostics.ErrorsCount()
			}
			if (errs == 0) != wantOK {
				t.Errorf("%s = %q: %d errors, want it taken = %v", name, value, errs, wantOK)
			}
		}
	}
}
