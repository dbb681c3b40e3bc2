package graphemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// decodeBody reads a JSON request body into v, answering as Graph does to
// a body that is not JSON.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeGraphError(w, r, errBadRequest("Invalid JSON in the request body."))
		return false
	}
	return true
}

// refTarget reads the {"@odata.id": …} body of a $ref POST and returns the
// id it points at, lower case, or writes Graph's 400.
func refTarget(w http.ResponseWriter, r *http.Request) (string, bool) {
	var body struct {
		Ref string `json:"@odata.id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Ref == "" {
		writeGraphError(w, r, errBadRequest("Invalid request body: an @odata.id reference is required."))
		return "", false
	}
	return strings.ToLower(lastSegment(strings.TrimRight(body.Ref, "/"))), true
}

// errReferenceExists is Graph's answer to a $ref that adds what a
// navigation property (members, sponsors) already holds.
func errReferenceExists(property string) *graphError {
	return errBadRequest(fmt.Sprintf("One or more added object references already exist for the following modified properties: '%s'.", property))
}
