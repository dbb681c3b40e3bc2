package graph

import (
	"errors"
	"regexp"
	"strings"
)

// Graph's 404 for an object that does not exist names it in its message:
// "Resource '<id>' does not exist or one of its queried reference-property
// objects are not present." (package doc, "Errors, throttling and $batch").
// The id is read here, once, and callers compare ids rather than text.
var missingResource = regexp.MustCompile(`Resource '([^']+)' does not exist`)

// MissingObject is the object id a Graph 404 names, or "".
func MissingObject(err error) string {
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNotFound {
		return ""
	}
	if m := missingResource.FindStringSubmatch(e.Message); m != nil {
		return m[1]
	}
	return ""
}

// namesObject reports whether a Graph 404 is about the object id.
func namesObject(e *Error, id string) bool {
	return strings.EqualFold(MissingObject(e), id)
}

// namesOtherObject reports whether a 404 names an object other than the
// user: that one is missing for good and not a replication delay.
func namesOtherObject(e *Error, userID string) bool {
	missing := MissingObject(e)
	return missing != "" && !strings.EqualFold(missing, userID)
}
