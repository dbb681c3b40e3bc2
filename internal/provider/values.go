package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions between Go values and the framework's, shared by every
// resource, data source, list resource and action.

// nullableString is null for "", as Graph's absent strings are.
func nullableString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// timeString is an RFC 3339 time in UTC, or null.
func timeString(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// stringSet reads a set of strings; null and unknown read as empty.
//
// It runs for every guest's groups and sponsors on every read and plan, so
// it takes known strings as they are, instead of through ElementsAs, whose
// reflection cost more than the rest of a read; anything else goes to
// ElementsAs, which says what is wrong with it.
func stringSet(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	elems := s.Elements()
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		str, ok := e.(types.String)
		if !ok || str.IsNull() || str.IsUnknown() {
			out = nil
			diags.Append(s.ElementsAs(ctx, &out, false)...)
			return out
		}
		out = append(out, str.ValueString())
	}
	return out
}

// stringSetValue is a set of strings: object ids of groups and sponsors,
// domains, application ids.
func stringSetValue(ids []string) types.Set {
	vals := make([]attr.Value, 0, len(ids))
	for _, id := range ids {
		vals = append(vals, types.StringValue(id))
	}
	return types.SetValueMust(types.StringType, vals)
}
