package fastpath

import "testing"

// Private state is read as the framework reads it: nothing, an empty
// object and the JSON literal null hold no keys and are written back as
// nothing; a key of the framework's own or a value that is not JSON is
// left to the framework. The plan echoes only what the framework would
// write back byte for byte.
func TestPrivateStateIsReadAsTheFrameworkReadsIt(t *testing.T) {
	for _, c := range []struct {
		name           string
		b              string
		parsed, echoed bool
		keys           int
	}{
		{"nothing", "", true, true, 0},
		{"an empty object", "{}", true, false, 0},
		{"null", "null", true, false, 0},
		{"a key", `{"seen":"dHJ1ZQ=="}`, true, true, 1},
		{"a key of the framework's", `{".import_before_read":"dHJ1ZQ=="}`, false, true, 0},
		{"a value that is not JSON", `{"seen":"bm90IGpzb24="}`, false, false, 0},
		{"an older SDK's", `{"schema_version":"0"}`, false, false, 0},
	} {
		keys, ok := ParsePrivateKeys([]byte(c.b))
		if ok != c.parsed || len(keys) != c.keys {
			t.Errorf("%s: parsed %v with %d keys, want %v with %d", c.name, ok, len(keys), c.parsed, c.keys)
		}
		if ok {
			if err := keys.SetKey(t.Context(), "next", []byte("1")); err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if got := frameworkPrivate([]byte(c.b)); got != c.echoed {
			t.Errorf("%s: echoed by the plan %v, want %v", c.name, got, c.echoed)
		}
	}
}
