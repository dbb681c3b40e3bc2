package provider

import (
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// refuseUnknownSettings fails the configuration of a provider whose
// settings are not all known yet, such as a client_secret that another
// resource of the same run creates. Treating such a setting as unset would
// let the plan fall back, without a word, to whatever ARM_* variables the
// environment holds, which may name another tenant or app.
func refuseUnknownSettings(config tftypes.Value, diags *diag.Diagnostics) bool {
	var attrs map[string]tftypes.Value
	if config.As(&attrs) != nil {
		return false
	}
	var unknown []string
	for name, v := range attrs {
		if !v.IsFullyKnown() {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		diags.AddAttributeError(path.Root(name), "Provider setting not known until apply",
			fmt.Sprintf("The b2b provider's %s depends on a value that Terraform knows only after apply, but the provider must sign in to plan. "+
				"It does not fall back to the environment's ARM_* variables in its place. "+
				"Set %s to a value known at plan time (a variable, or a data source that can be read during plan), "+
				"or apply the resource it comes from first, with -target.", name, name))
	}
	return len(unknown) > 0
}
