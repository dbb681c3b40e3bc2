package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every test that the resource page's "What happens to the guest when…"
// table names exists, so that the table cannot point at nothing.
func TestDocsGuestTableNamesRealTests(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "templates", "resources", "invitation.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(page), "## What happens to the guest when")
	if start < 0 {
		t.Fatal("the resource page has no \"What happens to the guest when\" table")
	}
	section := string(page)[start:]
	if end := strings.Index(section[3:], "\n## "); end > 0 {
		section = section[:end+3]
	}
	files, _ := filepath.Glob("*_test.go")
	var sources strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources.Write(b)
	}
	names := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(section, -1)
	if len(names) < 8 {
		t.Fatalf("the table names %d tests, fewer than its rows", len(names))
	}
	for _, m := range names {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("the table names %s, which is no test of this package", m[1])
		}
	}
}
