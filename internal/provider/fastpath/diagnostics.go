package fastpath

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Diagnostics turns diagnostics into what the protocol carries, as the
// framework does for the RPCs it answers: every step of a path, element
// keys included, and, for a path that does not convert, the framework's
// error before the diagnostic without it.
func Diagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: severity(d.Severity()), Summary: d.Summary(), Detail: d.Detail()}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			var bad diag.Diagnostics
			pd.Attribute, bad = attributePath(ctx, withPath.Path())
			out = append(out, Diagnostics(ctx, bad)...)
		}
		out = append(out, pd)
	}
	return out
}

func severity(s diag.Severity) tfprotov6.DiagnosticSeverity {
	switch s {
	case diag.SeverityError:
		return tfprotov6.DiagnosticSeverityError
	case diag.SeverityWarning:
		return tfprotov6.DiagnosticSeverityWarning
	}
	return tfprotov6.DiagnosticSeverityInvalid
}

func attributePath(ctx context.Context, p path.Path) (*tftypes.AttributePath, diag.Diagnostics) {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(s)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(s)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(s)))
		case path.PathStepElementKeyValue:
			v, err := s.ToTerraformValue(ctx)
			if err != nil {
				return nil, unconvertedPath(p, fmt.Sprintf("unable to convert attr.Value (%s) to tftypes.Value: %s", s.Value.String(), err))
			}
			steps = append(steps, tftypes.ElementKeyValue(v))
		default:
			return nil, unconvertedPath(p, fmt.Sprintf("unknown path.PathStep: %#v", step))
		}
	}
	return tftypes.NewAttributePathWithSteps(steps), nil
}

// unconvertedPath is the framework's own error, in its words.
func unconvertedPath(p path.Path, reason string) diag.Diagnostics {
	return diag.Diagnostics{diag.NewErrorDiagnostic("Unable to Convert Attribute Path",
		"An unexpected error occurred while trying to convert an attribute path. "+
			"This is either an error in terraform-plugin-framework or a custom attribute type used by the provider. "+
			"Please report the following to the provider developers.\n\n"+
			"Attribute Path: "+p.String()+"\n"+
			"Original Error: "+reason)}
}
