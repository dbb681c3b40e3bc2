package provider

import (
	"crypto/sha256"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configDigest stands for a resource's configuration where only whether two
// configurations are equal matters: a plan records one per guest, and the
// values themselves would keep tens of MB alive over thousands of guests.
// Two configurations have the same digest when tftypes.Value.Equal holds,
// which compares a set's elements in any order.
func configDigest(v tftypes.Value) [sha256.Size]byte {
	var b strings.Builder
	writeCanonical(&b, v)
	return sha256.Sum256([]byte(b.String()))
}

// writeCanonical writes v as tftypes.Value.String does, except that a
// set's elements come in sorted order.
func writeCanonical(b *strings.Builder, v tftypes.Value) {
	typ := v.Type()
	if typ == nil || v.IsNull() || !v.IsKnown() {
		b.WriteString(v.String())
		return
	}
	switch {
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			b.WriteString(v.String())
			return
		}
		parts := make([]string, len(elems))
		for i, el := range elems {
			var eb strings.Builder
			writeCanonical(&eb, el)
			parts[i] = eb.String()
		}
		if typ.Is(tftypes.Set{}) {
			sort.Strings(parts)
		}
		b.WriteString(typ.String() + "<" + strings.Join(parts, ", ") + ">")
	case typ.Is(tftypes.Map{}), typ.Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			b.WriteString(v.String())
			return
		}
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(typ.String() + "<")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`"` + k + `":`)
			writeCanonical(b, attrs[k])
		}
		b.WriteString(">")
	default:
		b.WriteString(v.String())
	}
}
