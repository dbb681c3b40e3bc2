package graphemu

import (
	"net/http"
	"strings"
	"time"
)

type inviteBody struct {
	Email           string `json:"invitedUserEmailAddress"`
	RedirectURL     string `json:"inviteRedirectUrl"`
	DisplayName     string `json:"invitedUserDisplayName"`
	UserType        string `json:"invitedUserType"`
	SendMessage     bool   `json:"sendInvitationMessage"`
	ResetRedemption bool   `json:"resetRedemption"`
	MessageInfo     *struct {
		CCRecipients []struct {
			EmailAddress struct {
				Address string `json:"address"`
			} `json:"emailAddress"`
		} `json:"ccRecipients"`
		Body     string `json:"customizedMessageBody"`
		Language string `json:"messageLanguage"`
	} `json:"invitedUserMessageInfo"`
	InvitedUser *struct {
		ID string `json:"id"`
	} `json:"invitedUser"`
	Sponsors []struct {
		ID string `json:"id"`
	} `json:"invitedUserSponsors"`
}

// forbiddenEmailChars are the characters Graph refuses in
// invitedUserEmailAddress (internal/graph's package doc, "Invitations").
const forbiddenEmailChars = "~!#$%^&*()+=[]{}\\/|;:\"<>?,"

// SentInvitation records one accepted POST /invitations, for tests.
type SentInvitation struct {
	Email, RedirectURL, UserID, MessageBody, Language string
	SendMessage, ResetRedemption                      bool
	// Emailed is whether an invitation email went out: one was asked for,
	// and the invitation made a new user or reset a redemption. Graph
	// sends none to a user that already exists.
	Emailed                  bool
	CCRecipients, SponsorIDs []string
	At                       time.Time
}

func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request) {
	var in inviteBody
	if !decodeBody(w, r, &in) {
		return
	}
	if !allowed(r, permInvite...) {
		writeGraphError(w, r, errDenied())
		return
	}
	if in.ResetRedemption && !allowed(r, permReset...) {
		writeGraphError(w, r, errDenied())
		return
	}
	if ge := validateInvite(in); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	if wait := s.inviteThrottle(); wait > 0 {
		writeGraphError(w, r, errThrottled(wait))
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenant
	if t.collaboration.AllowInvitesFrom == "none" {
		writeGraphError(w, r, &graphError{Status: 403, Code: "Authorization_RequestDenied",
			Message: "Guest invitations not allowed for your company. Contact your company administrator for more details."})
		return
	}
	// A redemption reset is an invitation too, and the guest would redeem
	// it at a domain the tenant refuses: the lists apply to it alike.
	if t.collaboration.domainRefused(in.Email) {
		writeGraphError(w, r, &graphError{Status: 400, Code: "BadRequest",
			Message: "The invitation to " + in.Email + " is not allowed by the collaboration restrictions of this organization."})
		return
	}
	for _, sp := range in.Sponsors {
		if t.users[strings.ToLower(sp.ID)] == nil && t.groups[strings.ToLower(sp.ID)] == nil {
			writeGraphError(w, r, errNotFound(sp.ID))
			return
		}
	}
	now := s.now()
	var u *user
	created := false
	status := "PendingAcceptance"
	if in.ResetRedemption {
		if in.InvitedUser == nil || in.InvitedUser.ID == "" {
			writeGraphError(w, r, errBadRequest("InvitedUser.Id is required when ResetRedemption is true."))
			return
		}
		u = t.users[strings.ToLower(in.InvitedUser.ID)]
		if u == nil {
			writeGraphError(w, r, errNotFound(in.InvitedUser.ID))
			return
		}
		if !strings.EqualFold(u.Mail, in.Email) && !containsFold(u.OtherMails, in.Email) {
			writeGraphError(w, r, errBadRequest("The invited user email address must match the mail or otherMails of the user being reset."))
			return
		}
		u.ExternalUserState, u.StateChangedAt = "PendingAcceptance", now
		u.redeemToken = newID()
		u.Identities = withoutFederated(u.Identities)
	} else if u = t.userByEmail(in.Email); u != nil {
		if u.ExternalUserState == "Accepted" || u.UserType != "Guest" {
			status = "Completed"
		}
		if u.redeemToken == "" || in.SendMessage {
			u.redeemToken = newID()
		}
	} else {
		u = t.addGuest(in.Email, in.DisplayName, orDefault(in.UserType, "Guest"), now, now.Add(s.faults.ReplicationLag))
		created = true
		for _, sp := range in.Sponsors {
			u.Sponsors = append(u.Sponsors, strings.ToLower(sp.ID))
		}
	}
	sent := SentInvitation{Email: in.Email, RedirectURL: in.RedirectURL, UserID: u.ID, SendMessage: in.SendMessage,
		ResetRedemption: in.ResetRedemption, At: now, Emailed: in.SendMessage && (created || in.ResetRedemption)}
	ccOut := []map[string]any{{"emailAddress": map[string]any{"name": nil, "address": nil}}}
	msgOut := map[string]any{"messageLanguage": nil, "customizedMessageBody": nil, "ccRecipients": ccOut}
	if mi := in.MessageInfo; mi != nil {
		sent.MessageBody, sent.Language = mi.Body, mi.Language
		ccOut = nil
		for _, cc := range mi.CCRecipients {
			sent.CCRecipients = append(sent.CCRecipients, cc.EmailAddress.Address)
			ccOut = append(ccOut, map[string]any{"emailAddress": map[string]any{"name": nil, "address": cc.EmailAddress.Address}})
		}
		msgOut = map[string]any{"messageLanguage": nullIfEmpty(mi.Language), "customizedMessageBody": nullIfEmpty(mi.Body), "ccRecipients": ccOut}
	}
	for _, sp := range in.Sponsors {
		sent.SponsorIDs = append(sent.SponsorIDs, sp.ID)
	}
	s.sent = append(s.sent, sent)

	writeJSON(w, http.StatusCreated, map[string]any{
		"@odata.context":          s.baseURL + "/v1.0/$metadata#invitations/$entity",
		"id":                      newID(),
		"inviteRedeemUrl":         s.baseURL + "/redeem/" + u.redeemToken,
		"invitedUserDisplayName":  nullIfEmpty(in.DisplayName),
		"invitedUserType":         orDefault(in.UserType, "Guest"),
		"invitedUserEmailAddress": in.Email,
		"sendInvitationMessage":   in.SendMessage,
		"resetRedemption":         in.ResetRedemption,
		"inviteRedirectUrl":       in.RedirectURL,
		"status":                  status,
		"invitedUserMessageInfo":  msgOut,
		"invitedUser":             map[string]any{"id": u.ID, "userPrincipalName": u.UPN},
	})
}

func validateInvite(in inviteBody) *graphError {
	if in.Email == "" {
		return errBadRequest("Invalid value specified for property 'invitedUserEmailAddress' of resource 'Invitation'.")
	}
	local, domain, ok := strings.Cut(in.Email, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(in.Email, forbiddenEmailChars) ||
		strings.ContainsAny(local[:1]+local[len(local)-1:], ".-") {
		return errBadRequest("The specified email address is invalid: '" + in.Email + "'.")
	}
	if in.RedirectURL == "" {
		return errBadRequest("Invalid value specified for property 'inviteRedirectUrl' of resource 'Invitation'.")
	}
	if in.UserType != "" && in.UserType != "Guest" && in.UserType != "Member" {
		return errBadRequest("Invalid value specified for property 'invitedUserType' of resource 'Invitation'.")
	}
	if mi := in.MessageInfo; mi != nil {
		if len(mi.CCRecipients) > 1 {
			return errBadRequest("Currently only one additional recipient is supported.")
		}
	}
	return nil
}

// handleRedeem is what a guest clicking the invitation link does: the user
// becomes Accepted.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func nullIfEmpty(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// addGuest creates the user an invitation creates: pending, with a #EXT#
// UPN, invisible to reads until visibleAt.
func (t *tenant) addGuest(email, displayName, userType string, now, visibleAt time.Time) *user {
	u := &user{
		ID: newID(), DisplayName: displayName, Mail: email, UPN: guestUPN(email, t.Domain),
		UserType: userType, CreationType: "Invitation",
		ExternalUserState: "PendingAcceptance", StateChangedAt: now, CreatedAt: now,
		Identities:  []identity{{SignInType: "userPrincipalName", Issuer: t.Domain, IssuerAssignedID: guestUPN(email, t.Domain)}},
		visibleAt:   visibleAt,
		redeemToken: newID(),
	}
	if u.DisplayName == "" {
		u.DisplayName = strings.Split(email, "@")[0]
	}
	t.users[u.ID] = u
	return u
}
