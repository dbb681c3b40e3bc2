package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

const profileDocTail = " Optional: left out, the provider neither sets nor changes it, and state follows what Graph holds. " +
	"Set after the invitation in the same `$batch` as the memberships, and changed in place (PATCH user, needs `User.ReadWrite.All`). " +
	"Removing it from the configuration leaves the value on the guest as it is."

var usageLocationPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// profileSchema adds the profile arguments to the resource's attributes.
func profileSchema(attrs map[string]schema.Attribute) {
	for _, p := range profileStrings {
		var validators []validator.String
		if p.attr == "usage_location" {
			validators = append(validators, stringvalidator.RegexMatches(usageLocationPattern, "must be a two-letter country code in capitals, such as GB"))
		} else {
			validators = append(validators, stringvalidator.LengthAtLeast(1))
		}
		attrs[p.attr] = schema.StringAttribute{
			Optional: true, Computed: true, PlanModifiers: keepState(), Validators: validators,
			MarkdownDescription: p.doc + " Graph's `" + p.graphName + "`." + profileDocTail,
		}
	}
	attrs["account_enabled"] = schema.BoolAttribute{
		Optional: true, Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "Whether the guest may sign in. `false` blocks sign-in, which is how a guest is offboarded without deleting them: " +
			"memberships, app roles and the object id stay. Graph's `accountEnabled`." + profileDocTail,
	}
}

// profilePatch is what of the plan's profile differs from the state's: only
// arguments the configuration sets, and only where they changed.
func profilePatch(plan, state guestProfileModel) graph.Profile {
	var out graph.Profile
	for _, p := range profileStrings {
		want, had := *p.model(&plan), *p.model(&state)
		if !want.IsNull() && !want.IsUnknown() && !want.Equal(had) {
			*p.graph(&out) = want.ValueStringPointer()
		}
	}
	if !plan.AccountEnabled.IsNull() && !plan.AccountEnabled.IsUnknown() && !plan.AccountEnabled.Equal(state.AccountEnabled) {
		out.AccountEnabled = plan.AccountEnabled.ValueBoolPointer()
	}
	return out
}

// settleUnknownProfile gives the profile arguments the configuration left out a
// value after a create, without a read: a new guest has none of the
// strings and can sign in. An adopted user's own values come with the next
// refresh.
func (m *guestProfileModel) settleUnknownProfile() {
	for _, p := range profileStrings {
		if v := p.model(m); v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	if m.AccountEnabled.IsUnknown() {
		m.AccountEnabled = types.BoolValue(true)
	}
}
