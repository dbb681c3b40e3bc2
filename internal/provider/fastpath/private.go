package fastpath

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// PrivateKeys is a resource's private state held outside the framework, in
// the framework's own format, for an RPC answered without it: a JSON
// object whose values are JSON documents, each encoded as base64. It keeps
// the framework's rules: a key starting with "." is the framework's, and
// every value must be UTF-8 JSON.
type PrivateKeys map[string][]byte

// ParsePrivateKeys reads private state as the framework stores it, and
// reports false for anything the framework would treat otherwise: keys of
// its own, or state it would discard or refuse.
func ParsePrivateKeys(b []byte) (PrivateKeys, bool) {
	keys := PrivateKeys{}
	if len(b) == 0 {
		return keys, true
	}
	if json.Unmarshal(b, (*map[string][]byte)(&keys)) != nil {
		return nil, false
	}
	if keys == nil {
		// The JSON literal null, which the framework reads as empty.
		keys = PrivateKeys{}
	}
	for k, v := range keys {
		if strings.HasPrefix(k, ".") || !utf8.Valid(v) || !json.Valid(v) {
			return nil, false
		}
		if len(v) == 0 {
			delete(keys, k) // the framework writes no empty value back
		}
	}
	return keys, true
}

func (p PrivateKeys) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	if strings.HasPrefix(key, ".") {
		return nil, reservedKey(key)
	}
	return p[key], nil
}

func (p PrivateKeys) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	switch {
	case strings.HasPrefix(key, "."):
		return reservedKey(key)
	case len(value) == 0:
		delete(p, key)
	case !utf8.Valid(value) || !json.Valid(value):
		return diag.Diagnostics{diag.NewErrorDiagnostic("Invalid private state value",
			fmt.Sprintf("The value for private state key %q is not UTF-8 JSON. This is a bug in the provider.", key))}
	default:
		p[key] = value
	}
	return nil
}

// Bytes is the private state to hand back: nothing when it holds nothing.
func (p PrivateKeys) Bytes() ([]byte, error) {
	if len(p) == 0 {
		return nil, nil
	}
	return json.Marshal(map[string][]byte(p))
}

func reservedKey(key string) diag.Diagnostics {
	return diag.Diagnostics{diag.NewErrorDiagnostic("Reserved private state key",
		fmt.Sprintf("Private state keys starting with a period are the framework's; %q is one. This is a bug in the provider.", key))}
}

// frameworkPrivate reports whether b is private state as the framework
// writes it, which it would read and write back unchanged: nothing, or a
// JSON object of base64 JSON values. It answers false for anything else:
// the private state of an older SDK, which the framework drops, and an
// empty object or the JSON literal null, which it writes back as nothing.
func frameworkPrivate(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	var keys map[string][]byte
	if json.Unmarshal(b, &keys) != nil || len(keys) == 0 {
		return false
	}
	for _, v := range keys {
		if len(v) == 0 || !utf8.Valid(v) || !json.Valid(v) {
			return false
		}
	}
	return true
}
