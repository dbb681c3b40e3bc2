package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// Kind classifies a Graph failure by what the caller can do about it.
type Kind int

// The kinds of Graph errors.
const (
	KindOther Kind = iota
	KindNotFound
	KindAlreadyExists
	KindForbidden
	KindThrottled
	KindBadRequest
	KindUnauthorized
)

func (k Kind) String() string {
	return [...]string{"error", "not found", "already exists", "forbidden", "throttled", "bad request", "unauthorized"}[k]
}

// Error is a failed Graph operation. It keeps Graph's code, message and
// request-id, and never a request header or body.
type Error struct {
	Kind      Kind
	Status    int
	Code      string
	Message   string
	RequestID string
	// Operation is what we were doing, in the provider's words.
	Operation string
	// Permission is the least privileged application permission the
	// operation needs; set on Forbidden.
	Permission string
	// OutOfTime is set when Graph asked for a retry (throttling, replication
	// lag) but the operation's deadline left no time for it.
	OutOfTime bool
	// SignIn is set when Entra ID's token endpoint answered, not Graph: a
	// wrong tenant or credential is fixed in the provider's settings, not in
	// Graph. Code is then OAuth's error code, and Message Entra's AADSTS
	// description.
	SignIn bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.SignIn && e.Status != 0 {
		fmt.Fprintf(&b, "%s: Entra ID's token endpoint refused the sign-in (%d", e.Operation, e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, " %s", e.Code)
		}
		fmt.Fprintf(&b, "): %s", e.Message)
		return b.String()
	}
	if e.Status == 0 {
		return e.Operation + ": " + e.Message
	}
	fmt.Fprintf(&b, "%s: Microsoft Graph answered %d", e.Operation, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id %s)", e.RequestID)
	}
	// A 403 for a missing license is not for a missing permission: the app
	// may hold the permission, and granting it would change nothing.
	if e.Kind == KindForbidden && e.Permission != "" && e.Code != licenseMissingCode {
		fmt.Fprintf(&b, ". The app needs the Microsoft Graph application permission %s, granted with admin consent", e.Permission)
	}
	return b.String()
}

// IsKind reports whether err is a Graph error of kind k.
func IsKind(err error, k Kind) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Kind == k
}

// OutOfTime reports whether err stopped at the operation's deadline while
// Graph was still asking to retry.
func OutOfTime(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.OutOfTime
}

// IsNotFound reports whether err is a Graph 404.
func IsNotFound(err error) bool { return IsKind(err, KindNotFound) }

func kindOf(status int, message string) Kind {
	switch {
	case status == http.StatusNotFound:
		return KindNotFound
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusTooManyRequests:
		return KindThrottled
	case status == http.StatusBadRequest && isAlreadyExists(message), status == http.StatusConflict:
		return KindAlreadyExists
	case status == http.StatusBadRequest:
		return KindBadRequest
	}
	return KindOther
}

// isAlreadyExists matches Graph's duplicate texts for members and app role
// assignments (package doc, "Group members and app role assignments"), with or without quotes around members.
func isAlreadyExists(message string) bool {
	m := strings.ToLower(message)
	return strings.Contains(m, "added object references already exist") ||
		strings.Contains(m, "permission being assigned already exists")
}

// isReplicationLag matches the answers Graph gives while a new user has not
// yet reached every replica (package doc, "Eventual consistency"): worth retrying with backoff.
func isReplicationLag(e *Error) bool {
	if e.Kind == KindNotFound {
		return true
	}
	m := strings.ToLower(e.Message)
	return e.Status == http.StatusBadRequest &&
		(strings.Contains(m, "source resource object or one of the objects being referenced") ||
			strings.Contains(m, "not a valid reference update"))
}

// wrap turns an SDK or transport error into an *Error for op.
func wrap(err error, op, permission string) error {
	if err == nil {
		return nil
	}
	var oe *odataerrors.ODataError
	if errors.As(err, &oe) {
		e := &Error{Status: oe.ResponseStatusCode, Operation: op, Permission: permission}
		if main := oe.GetErrorEscaped(); main != nil {
			e.Code, e.Message = deref(main.GetCode()), deref(main.GetMessage())
			if inner := main.GetInnerError(); inner != nil {
				e.RequestID = deref(inner.GetRequestId())
			}
		}
		e.Kind = kindOf(e.Status, e.Message)
		return e
	}
	var ae *abstractions.ApiError
	if errors.As(err, &ae) {
		e := &Error{Status: ae.ResponseStatusCode, Operation: op, Permission: permission, Message: ae.Message}
		if ae.ResponseStatusCode != 0 && strings.Contains(ae.Message, "no error factory") {
			e.Message = "the answer was not a Graph error body"
		}
		e.Kind = kindOf(e.Status, e.Message)
		return e
	}
	var af *azidentity.AuthenticationFailedError
	if errors.As(err, &af) {
		e := &Error{Kind: KindUnauthorized, Operation: op, SignIn: true}
		e.Code, e.Message = aadstsAnswer(af)
		if af.RawResponse != nil {
			e.Status = af.RawResponse.StatusCode
		} else {
			e.Message = "signing in to Microsoft Entra ID failed: " + e.Message
		}
		return e
	}
	if strings.Contains(err.Error(), "does not have a factory registered to be parsed") {
		// kiota found no JSON to read an error from: a proxy or gateway
		// answered in Graph's place.
		return &Error{Operation: op, Message: unreadableAnswer + err.Error()}
	}
	if strings.Contains(err.Error(), "Client.Timeout exceeded") || strings.Contains(err.Error(), "context deadline exceeded") {
		return fmt.Errorf("%s: no answer in time (check that the authority host and Graph endpoint are reachable): %w", op, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// aadstsAnswer extracts the token endpoint's OAuth error code and Entra's
// description (AADSTS code and text), which name the problem without
// echoing any credential.
func aadstsAnswer(af *azidentity.AuthenticationFailedError) (code, description string) {
	var body struct {
		Description string `json:"error_description"`
		Code        string `json:"error"`
	}
	if af.RawResponse != nil && af.RawResponse.Body != nil {
		_ = json.NewDecoder(af.RawResponse.Body).Decode(&body)
	}
	if body.Description != "" {
		if i := strings.Index(body.Description, " Trace ID:"); i > 0 {
			body.Description = body.Description[:i]
		}
		return body.Code, body.Description
	}
	if af.RawResponse != nil {
		return body.Code, "no AADSTS description in the answer"
	}
	return "", "no answer from the token endpoint"
}

var aadstsCode = regexp.MustCompile(`^AADSTS\d+`)

// SignInCode is the AADSTS code with which Entra ID's token endpoint
// refused a sign-in, such as "AADSTS90002", or "" for any other error.
func SignInCode(err error) string {
	var ge *Error
	if !errors.As(err, &ge) || !ge.SignIn {
		return ""
	}
	return aadstsCode.FindString(ge.Message)
}

// batchError builds an *Error from a $batch item's status and JSON body.
func batchError(status int, body []byte, op, permission string) *Error {
	var parsed struct {
		Error struct {
			Code       string `json:"code"`
			Message    string `json:"message"`
			InnerError struct {
				RequestID string `json:"request-id"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &parsed); err != nil || parsed.Error.Code == "" {
		return &Error{Status: status, Operation: op, Permission: permission, Kind: kindOf(status, ""),
			Message: "the answer is not a Graph error body (not JSON): " + snippet(body)}
	}
	e := &Error{Status: status, Code: parsed.Error.Code, Message: parsed.Error.Message,
		RequestID: parsed.Error.InnerError.RequestID, Operation: op, Permission: permission}
	e.Kind = kindOf(status, e.Message)
	return e
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// unreadableAnswer opens the error for an answer that is not Graph's JSON:
// a proxy or gateway answered in its place, or the connection broke.
const unreadableAnswer = "the answer could not be read (it is not JSON: a proxy or gateway may have answered, or the connection failed): "

// snippet shows the start of an unexpected answer, for the error text.
func snippet(body []byte) string {
	var s string
	if json.Unmarshal(body, &s) != nil {
		s = string(body)
	}
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
