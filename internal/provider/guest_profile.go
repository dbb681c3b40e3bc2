package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// guestProfileModel is the guest's profile as b2b_invitation and b2b_guest
// both hold it, under the same attribute names.
type guestProfileModel struct {
	GivenName      types.String `tfsdk:"given_name"`
	Surname        types.String `tfsdk:"surname"`
	JobTitle       types.String `tfsdk:"job_title"`
	Department     types.String `tfsdk:"department"`
	CompanyName    types.String `tfsdk:"company_name"`
	UsageLocation  types.String `tfsdk:"usage_location"`
	EmployeeType   types.String `tfsdk:"employee_type"`
	AccountEnabled types.Bool   `tfsdk:"account_enabled"`
}

// profileString is one string property of the guest's profile: its
// argument, Graph's name for it, and where it lives on each side.
type profileString struct {
	attr, graphName, doc string
	model                func(*guestProfileModel) *types.String
	graph                func(*graph.Profile) **string
}

var profileStrings = []profileString{
	{"given_name", "givenName", "The guest's first name.", func(m *guestProfileModel) *types.String { return &m.GivenName }, func(p *graph.Profile) **string { return &p.GivenName }},
	{"surname", "surname", "The guest's last name.", func(m *guestProfileModel) *types.String { return &m.Surname }, func(p *graph.Profile) **string { return &p.Surname }},
	{"job_title", "jobTitle", "The guest's job title.", func(m *guestProfileModel) *types.String { return &m.JobTitle }, func(p *graph.Profile) **string { return &p.JobTitle }},
	{"department", "department", "The guest's department.", func(m *guestProfileModel) *types.String { return &m.Department }, func(p *graph.Profile) **string { return &p.Department }},
	{"company_name", "companyName", "The guest's company, which Entra shows in the user list.", func(m *guestProfileModel) *types.String { return &m.CompanyName }, func(p *graph.Profile) **string { return &p.CompanyName }},
	{"usage_location", "usageLocation", "Two-letter country code (ISO 3166-1 alpha-2, such as `GB`), which licenses assigned to the guest require.", func(m *guestProfileModel) *types.String { return &m.UsageLocation }, func(p *graph.Profile) **string { return &p.UsageLocation }},
	{"employee_type", "employeeType", "What kind of worker the guest is, such as `Contractor` or `Vendor`.", func(m *guestProfileModel) *types.String { return &m.EmployeeType }, func(p *graph.Profile) **string { return &p.EmployeeType }},
}

// setProfile takes Graph's profile into the model.
func (m *guestProfileModel) setProfile(p graph.Profile) {
	for _, ps := range profileStrings {
		*ps.model(m) = types.StringPointerValue(*ps.graph(&p))
	}
	m.AccountEnabled = types.BoolPointerValue(p.AccountEnabled)
}
