package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateKeys is a resource's private state held outside the framework, in
// the framework's own format, for an RPC answered without it: a JSON
// object whose values are JSON documents, each encoded as base64. It keeps
// the framework's rules: a key starting with "." is the framework's, and
// every value must be UTF-8 JSON.
type privateKeys map[string][]byte

// parsePrivateKeys reads private state as the framework stores it, and
// reports false for anything the framework would treat otherwise: keys of
// its own, or state it would discard or refuse.
func parsePrivateKeys(b []byte) (privateKeys, bool) {
	keys := privateKeys{}
	if len(b) == 0 {
		return keys, true
	}
	if json.Unmarshal(b, (*map[string][]byte)(&keys)) != nil {
		return nil, false
	}
	if keys == nil {
		// The JSON literal null, which the framework reads as empty.
		keys = privateKeys{}
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

func (p privateKeys) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	if strings.HasPrefix(key, ".") {
		return nil, reservedKey(key)
	}
	return p[key], nil
}

func (p privateKeys) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
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

// bytes is the private state to hand back: nothing when it holds nothing.
func (p privateKeys) bytes() ([]byte, error) {
	if len(p) == 0 {
		return nil, nil
	}
	return json.Marshal(map[string][]byte(p))
}

func reservedKey(key string) diag.Diagnostics {
	return diag.Diagnostics{diag.NewErrorDiagnostic("Reserved private state key",
		fmt.Sprintf("Private state keys starting with a period are the framework's; %q is one. This is a bug in the provider.", key))}
}
