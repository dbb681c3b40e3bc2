package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// graphemu -h names every field a seed may hold, so that a field added to
// the seed cannot go unlisted.
func TestSeedUsageNamesEveryField(t *testing.T) {
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if !strings.Contains(seedUsage, "  "+name+" ") && !strings.Contains(seedUsage, " "+name+",") {
				t.Errorf("graphemu -h does not name the seed field %s", name)
			}
		}
	}
	walk(reflect.TypeOf(graphemu.Seed{}))
}
