package graphemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// graphError is a Graph OData error, shaped as internal/graph's package doc shows under "Errors, throttling and $batch".
type graphError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration
}

func (e *graphError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// graphTime is Graph's 19-character UTC date with no zone, as in innerError.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeGraphError(w http.ResponseWriter, r *http.Request, e *graphError) {
	requestID := w.Header().Get("request-id")
	inner := map[string]any{
		"date":              graphTime(time.Now()),
		"request-id":        requestID,
		"client-request-id": r.Header.Get("client-request-id"),
	}
	if e.Status == http.StatusTooManyRequests {
		inner["code"] = "429"
		inner["message"] = "Please retry after"
		inner["status"] = "429"
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatFloat(e.RetryAfter.Seconds(), 'f', 3, 64))
	}
	writeJSON(w, e.Status, map[string]any{"error": map[string]any{
		"code": e.Code, "message": e.Message, "innerError": inner,
	}})
}

func errNotFound(id string) *graphError {
	return &graphError{Status: 404, Code: "Request_ResourceNotFound",
		Message: fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", id)}
}

func errBadRequest(msg string) *graphError {
	return &graphError{Status: 400, Code: "Request_BadRequest", Message: msg}
}

func errDenied() *graphError {
	return &graphError{Status: 403, Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."}
}

func errThrottled(after time.Duration) *graphError {
	return &graphError{Status: 429, Code: "TooManyRequests", Message: "Please retry again later.", RetryAfter: after}
}

var errUnsupportedQuery = &graphError{Status: 400, Code: "Request_UnsupportedQuery", Message: "Unsupported Query."}

// writeAADError answers a token request the way Entra ID does: an AADSTS code
// in error_description and a numeric list in error_codes.
func writeAADError(w http.ResponseWriter, status int, errCode string, aadsts int, desc string) {
	writeJSON(w, status, map[string]any{
		"error":             errCode,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s", aadsts, desc, newID(), newID(), time.Now().UTC().Format("2006-01-02 15:04:05Z")),
		"error_codes":       []int{aadsts},
		"timestamp":         time.Now().UTC().Format("2006-01-02 15:04:05Z"),
		"trace_id":          newID(),
		"correlation_id":    newID(),
	})
}
