package graphemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Rehearsal controls: what a guide's rehearsal needs to stage that no Graph
// call can, served under /_emulator so that a shell (the graphemu command's
// subcommands) and a test drive them alike. Time passes, people sign in;
// a guest's click on the redeem link is GET /redeem/{token} itself.
//
//	POST /_emulator/clock     {"advance": "720h" | "30d"}  moves the tenant's clock forward
//	GET  /_emulator/clock                                  the tenant's time
//	POST /_emulator/sign-ins  {"user": id|email|UPN, "ago": "10d" | "at": RFC 3339, "non_interactive": bool, "failed": bool}
//
// Answers are JSON; a body the control cannot read is a 400 with the
// reason, and a user it cannot find a 404.

// controlDuration reads "720h" or "30d", as the provider's ages do.
func controlDuration(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 36500 {
			return 0, fmt.Errorf("%q is not a number of days from 0 to 36500", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is neither a duration such as 720h nor days such as 30d", s)
	}
	return d, nil
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg})
}

func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var body struct {
			Advance string `json:"advance"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			controlError(w, http.StatusBadRequest, "the body is not JSON: "+err.Error())
			return
		}
		d, err := controlDuration(body.Advance)
		if err != nil {
			controlError(w, http.StatusBadRequest, "advance: "+err.Error())
			return
		}
		s.AdvanceClock(d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"now": s.now().UTC().Format(time.RFC3339)})
}

func (s *Server) handleRecordSignIn(w http.ResponseWriter, r *http.Request) {
	var body struct {
		User           string `json:"user"`
		Ago            string `json:"ago"`
		At             string `json:"at"`
		NonInteractive bool   `json:"non_interactive"`
		Failed         bool   `json:"failed"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		controlError(w, http.StatusBadRequest, "the body is not JSON: "+err.Error())
		return
	}
	at := s.now()
	switch {
	case body.Ago != "" && body.At != "":
		controlError(w, http.StatusBadRequest, "give ago or at, not both")
		return
	case body.Ago != "":
		d, err := controlDuration(body.Ago)
		if err != nil {
			controlError(w, http.StatusBadRequest, "ago: "+err.Error())
			return
		}
		at = at.Add(-d)
	case body.At != "":
		t, err := time.Parse(time.RFC3339, body.At)
		if err != nil {
			controlError(w, http.StatusBadRequest, "at: not an RFC 3339 time: "+err.Error())
			return
		}
		at = t
	}
	id := s.userKey(body.User)
	if id == "" {
		controlError(w, http.StatusNotFound, fmt.Sprintf("no user has the id, email or user principal name %q", body.User))
		return
	}
	s.RecordSignIn(id, SignIn{At: at, NonInteractive: body.NonInteractive, Failed: body.Failed})
	u, _ := s.User(id)
	writeJSON(w, http.StatusOK, map[string]any{"user_id": id, "mail": u.Mail, "at": at.UTC().Format(time.RFC3339),
		"non_interactive": body.NonInteractive, "failed": body.Failed || !u.AccountEnabled})
}

// userKey finds a user by id, UPN or email (mail or otherMails) and
// returns its id, or "" for none or for an email several users share.
func (s *Server) userKey(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if key == "" {
		return ""
	}
	if u := s.tenant.findUser(key); u != nil {
		return u.ID
	}
	var found string
	for _, u := range s.tenant.users {
		if strings.EqualFold(u.Mail, key) || containsFold(u.OtherMails, key) {
			if found != "" {
				return ""
			}
			found = u.ID
		}
	}
	return found
}
