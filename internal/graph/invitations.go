package graph

import (
	"context"
	"fmt"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// InviteRequest is one POST /invitations.
type InviteRequest struct {
	Email           string
	RedirectURL     string
	DisplayName     string
	UserType        string
	SendMessage     bool
	MessageBody     string
	MessageLanguage string
	CCRecipients    []string
	SponsorIDs      []string
	// ResetRedemption re-invites the existing user UserID so that they can
	// redeem again; it needs User.ReadWrite.All.
	ResetRedemption bool
	UserID          string
}

// Invitation is what Graph answers. Graph has no GET for invitations, so
// this is all there ever is of one.
type Invitation struct {
	UserID            string
	UserPrincipalName string
	RedeemURL         string
	Status            string
}

func (r InviteRequest) model() models.Invitationable {
	inv := models.NewInvitation()
	inv.SetInvitedUserEmailAddress(&r.Email)
	inv.SetInviteRedirectUrl(&r.RedirectURL)
	if r.DisplayName != "" {
		inv.SetInvitedUserDisplayName(&r.DisplayName)
	}
	if r.UserType != "" {
		inv.SetInvitedUserType(&r.UserType)
	}
	send := r.SendMessage
	inv.SetSendInvitationMessage(&send)
	if r.MessageBody != "" || r.MessageLanguage != "" || len(r.CCRecipients) > 0 {
		info := models.NewInvitedUserMessageInfo()
		if r.MessageBody != "" {
			info.SetCustomizedMessageBody(&r.MessageBody)
		}
		if r.MessageLanguage != "" {
			info.SetMessageLanguage(&r.MessageLanguage)
		}
		var ccs []models.Recipientable
		for _, addr := range r.CCRecipients {
			a := addr
			email := models.NewEmailAddress()
			email.SetAddress(&a)
			rcpt := models.NewRecipient()
			rcpt.SetEmailAddress(email)
			ccs = append(ccs, rcpt)
		}
		if len(ccs) > 0 {
			info.SetCcRecipients(ccs)
		}
		inv.SetInvitedUserMessageInfo(info)
	}
	if len(r.SponsorIDs) > 0 {
		// The typed sponsor setter serialises whole directory objects; Graph
		// wants bare {"id": …} references (package doc, "Invitations").
		refs := make([]map[string]any, 0, len(r.SponsorIDs))
		for _, id := range r.SponsorIDs {
			refs = append(refs, map[string]any{"id": id})
		}
		inv.SetAdditionalData(map[string]any{"invitedUserSponsors": refs})
	}
	if r.ResetRedemption {
		reset := true
		inv.SetResetRedemption(&reset)
		u := models.NewUser()
		id := r.UserID
		u.SetId(&id)
		inv.SetInvitedUser(u)
	}
	return inv
}

func (r InviteRequest) operation() (string, string) {
	if r.ResetRedemption {
		return fmt.Sprintf("resetting the redemption of guest %s (%s)", r.UserID, r.Email), PermWriteUsers
	}
	return fmt.Sprintf("inviting %s", r.Email), PermInvite
}

func invitationFromModel(inv models.Invitationable) Invitation {
	out := Invitation{RedeemURL: deref(inv.GetInviteRedeemUrl()), Status: deref(inv.GetStatus())}
	if u := inv.GetInvitedUser(); u != nil {
		out.UserID = deref(u.GetId())
		out.UserPrincipalName = deref(u.GetUserPrincipalName())
	}
	return out
}

// Invite sends one invitation. Inviting an email that already has a user
// answers with that user: Graph never makes a second one.
func (c *Client) Invite(ctx context.Context, r InviteRequest) (Invitation, error) {
	op, perm := r.operation()
	inv, err := c.sdk.Invitations().Post(ctx, r.model(), nil)
	if err != nil {
		return Invitation{}, wrap(err, op, perm)
	}
	out := invitationFromModel(inv)
	if out.UserID == "" {
		return Invitation{}, &Error{Operation: op, Status: 201, Message: "the answer holds no invitedUser.id"}
	}
	return out, nil
}
