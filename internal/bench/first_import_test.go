package main

import (
	"strings"
	"testing"
)

func TestFirstImportListsEveryGuestWithItsResource(t *testing.T) {
	files := firstImportConfig(10000)
	list := files["guests.tfquery.hcl"]
	for _, want := range []string{`list "b2b_invitation" "all"`, "include_resource = true", "limit            = 10000"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list block lacks %q:\n%s", want, list)
		}
	}
	if !strings.Contains(files["main.tf"], `provider "b2b" {}`) {
		t.Errorf("main.tf:\n%s", files["main.tf"])
	}
}
