package provider

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The provider's own code speaks the framework's types; the protocol's
// stay in internal/server and the fastpath package, so that what answers
// without the framework is in one place.
func TestProviderLeavesTheProtocolToFastpath(t *testing.T) {
	sources, _ := filepath.Glob("*.go")
	for _, src := range sources {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), src, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/hashicorp/terraform-plugin-go/tfprotov") {
				t.Errorf("%s imports %s; answers in the protocol's types belong in internal/provider/fastpath", src, p)
			}
		}
	}
}
