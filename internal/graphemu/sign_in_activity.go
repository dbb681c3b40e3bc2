package graphemu

import (
	"net/http"
	"strings"
	"time"
)

// Sign-in activity, as Graph keeps it on a user:
//
//   - signInActivity comes back only when $select names it, and reading it
//     needs AuditLog.Read.All besides a user read permission, and a premium
//     (Entra ID P1 or P2) license in the tenant. A missing permission is
//     Graph's usual 403 Authorization_RequestDenied; a missing license is
//     403 Authentication_RequestFromNonPremiumTenantOrB2CTenant. Graph does
//     not say which it checks first; the emulator checks the permission.
//   - A user who never signed in has signInActivity null.
//   - A list that selects or filters signInActivity is paged at most 120
//     users a page, whatever $top asks.
//   - signInActivity may be filtered (eq, ne, not, ge, le) but not together
//     with any other property. Graph documents the rule, not its error; the
//     emulator answers 400 Request_UnsupportedQuery.
//   - Redeeming an invitation is an interactive, successful sign-in. Later
//     sign-ins are recorded by the RecordSignIn test hook, at a time of the
//     test's choosing. A sign-in to a blocked account is an attempt that
//     fails: it moves lastSignInDateTime but not lastSuccessfulSignInDateTime.
//   - Graph fills these values hours late; the emulator fills them at once.

// signInPageSize is Graph's largest page of users with signInActivity.
const signInPageSize = 120

// permAuditLog is what reading signInActivity needs on top of a user read
// permission.
var permAuditLog = []string{"AuditLog.Read.All"}

// permRevokeSessions may call revokeSignInSessions.
var permRevokeSessions = []string{"User.RevokeSessions.All", "User.ReadWrite.All", "Directory.ReadWrite.All"}

// signIns is a user's sign-in activity; a zero time is "never".
type signIns struct {
	Last, LastSuccessful, LastNonInteractive time.Time
	lastID, successfulID, nonInteractiveID   string
}

// SignIn is one sign-in for RecordSignIn.
type SignIn struct {
	At time.Time
	// NonInteractive marks a sign-in a client made on the user's behalf,
	// with a refresh token.
	NonInteractive bool
	// Failed marks an attempt that did not succeed (a blocked account's
	// always fails).
	Failed bool
}

func (a *signIns) record(in SignIn) {
	id := newID()
	if in.NonInteractive {
		a.LastNonInteractive, a.nonInteractiveID = in.At, id
	} else {
		a.Last, a.lastID = in.At, id
	}
	if !in.Failed {
		a.LastSuccessful, a.successfulID = in.At, id
	}
}

// json is the signInActivity property: null for a user who never signed in.
func (a signIns) json() any {
	if a.Last.IsZero() && a.LastNonInteractive.IsZero() && a.LastSuccessful.IsZero() {
		return nil
	}
	stamp := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format(time.RFC3339)
	}
	return map[string]any{
		"lastSignInDateTime": stamp(a.Last), "lastSignInRequestId": nullIfEmpty(a.lastID),
		"lastNonInteractiveSignInDateTime": stamp(a.LastNonInteractive), "lastNonInteractiveSignInRequestId": nullIfEmpty(a.nonInteractiveID),
		"lastSuccessfulSignInDateTime": stamp(a.LastSuccessful), "lastSuccessfulSignInRequestId": nullIfEmpty(a.successfulID),
	}
}

// filterFields adds the sign-in properties under the paths a $filter names
// them by.
func (a signIns) filterFields(into map[string]any) {
	obj, _ := a.json().(map[string]any)
	for _, name := range []string{"lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime"} {
		var v any
		if obj != nil {
			v = obj[name]
		}
		into["signInActivity/"+name] = v
	}
}

// asksForSignIns reports whether a request selects or filters signInActivity.
func asksForSignIns(r *http.Request) bool {
	q := r.URL.Query()
	for _, s := range strings.Split(q.Get("$select"), ",") {
		if strings.EqualFold(strings.TrimSpace(s), "signInActivity") {
			return true
		}
	}
	return strings.Contains(strings.ToLower(q.Get("$filter")), "signinactivity")
}

// signInsRefused is Graph's answer to a request for signInActivity that the
// caller or the tenant may not make, or nil.
func (s *Server) signInsRefused(r *http.Request) *graphError {
	if !asksForSignIns(r) {
		return nil
	}
	if !holds(r, permAuditLog...) {
		return errDenied()
	}
	noteAlsoAdmitted(r, "signInActivity", permAuditLog)
	s.mu.Lock()
	unlicensed := s.tenant.NoPremiumLicense
	s.mu.Unlock()
	if unlicensed {
		return &graphError{Status: http.StatusForbidden, Code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
			Message: "Neither tenant is B2C or tenant doesn't have premium license"}
	}
	return nil
}

// signInFilterMixed reports whether a $filter puts signInActivity beside
// another property, which Graph refuses.
func signInFilterMixed(f Filter) bool {
	var signIn, other bool
	f.properties(func(name string) {
		if strings.HasPrefix(strings.ToLower(name), "signinactivity/") {
			signIn = true
		} else {
			other = true
		}
	})
	return signIn && other
}

func (s *Server) handleRevokeSignInSessions(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	u := s.pathUser(w, r)
	if u != nil {
		u.SessionsValidFrom = s.now()
	}
	s.mu.Unlock()
	if u == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#Edm.Boolean", "value": true})
}

// RecordSignIn records a sign-in of the user, as Entra would after the
// user (or a client on their behalf) signed in at in.At. A blocked account's
// sign-in is recorded as a failed attempt.
func (s *Server) RecordSignIn(userID string, in SignIn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.tenant.findUser(userID); u != nil {
		if u.AccountDisabled {
			in.Failed = true
		}
		u.SignIns.record(in)
	}
}

// SetPremiumLicense makes the tenant one with (true) or without an Entra ID
// P1 or P2 license, which sign-in activity needs.
func (s *Server) SetPremiumLicense(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant.NoPremiumLicense = !on
}
