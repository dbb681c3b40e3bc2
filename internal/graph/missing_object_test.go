package graph

import (
	"fmt"
	"testing"
)

func TestMissingObject(t *testing.T) {
	t.Parallel()
	notFound := func(msg string) error {
		return fmt.Errorf("wrapped: %w", &Error{Kind: KindNotFound, Status: 404, Message: msg})
	}
	cases := map[string]struct {
		err  error
		want string
	}{
		"Graph's 404 names the object": {notFound("Resource 'dead-beef' does not exist or one of its queried reference-property objects are not present."), "dead-beef"},
		"a 404 that names nothing":     {notFound("Not Found"), ""},
		"not a 404":                    {&Error{Kind: KindBadRequest, Message: "Resource 'x' does not exist"}, ""},
		"not a Graph error":            {fmt.Errorf("Resource 'x' does not exist"), ""},
	}
	for name, tc := range cases {
		if got := MissingObject(tc.err); got != tc.want {
			t.Errorf("%s: MissingObject = %q, want %q", name, got, tc.want)
		}
	}
}
