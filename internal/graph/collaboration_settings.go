package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// CollaborationSettings is what the authorization policy says of guests
// (package doc, "Collaboration settings"). Writes send the fields that are
// set.
type CollaborationSettings struct {
	AllowInvitesFrom          *string `json:"allowInvitesFrom,omitempty"`
	GuestUserRoleID           *string `json:"guestUserRoleId,omitempty"`
	EmailVerifiedUsersCanJoin *bool   `json:"allowEmailVerifiedUsersToJoinOrganization,omitempty"`
}

// InvitationDomains is the domain list for invitations: an allow list
// (only these domains may be invited) or a deny list. Allowed is nil when
// the list is a deny list.
type InvitationDomains struct {
	Allowed []string
	Blocked []string
	// policyID is the B2B management policy that holds them.
	policyID string
	// otherPolicies are the definition's other members (PreviewPolicy,
	// AutoRedeemPolicy, …): a PATCH of the definition replaces it whole,
	// so an update sends them back as read.
	otherPolicies map[string]json.RawMessage
}

// GetCollaborationSettings reads the authorization policy.
func (c *Client) GetCollaborationSettings(ctx context.Context) (CollaborationSettings, error) {
	var s CollaborationSettings
	if err := c.getJSON(ctx, c.rawRequest(abstractions.GET, "/policies/authorizationPolicy", nil, nil), &s); err != nil {
		return CollaborationSettings{}, wrap(err, "reading the authorization policy", PermReadPolicy)
	}
	return s, nil
}

// UpdateCollaborationSettings changes the fields of s that are set.
func (c *Client) UpdateCollaborationSettings(ctx context.Context, s CollaborationSettings) error {
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := c.adapter.SendNoContent(ctx, c.rawRequest(abstractions.PATCH, "/policies/authorizationPolicy", nil, body), odataErrors); err != nil {
		return wrap(err, "updating the authorization policy", PermWriteAuthorization)
	}
	return nil
}

// betaRequest is rawRequest against Graph's beta version, for what v1.0
// does not serve. The adapter puts its own (v1.0) base into every URL
// template, so the URL is expanded here and set whole.
func (c *Client) betaRequest(method abstractions.HttpMethod, path string, params map[string]string, body []byte) *abstractions.RequestInformation {
	ri := c.rawRequest(method, path, params, body)
	if u, err := ri.GetUri(); err == nil {
		u.Path = strings.Replace(u.Path, "/v1.0/", "/beta/", 1)
		ri.SetUri(*u)
	}
	return ri
}

type b2bManagementPolicy struct {
	ID         string   `json:"id"`
	Definition []string `json:"definition"`
}

type domainLists struct {
	AllowedDomains []string `json:"AllowedDomains,omitempty"`
	BlockedDomains []string `json:"BlockedDomains,omitempty"`
}

// domainsKey is the definition's member that holds the domain lists.
const domainsKey = "InvitationsAllowedAndBlockedDomainsPolicy"

type policyDefinition struct {
	B2BManagementPolicy map[string]json.RawMessage `json:"B2BManagementPolicy"`
}

// GetInvitationDomains reads the domain list from the B2B management policy
// (beta only).
func (c *Client) GetInvitationDomains(ctx context.Context) (InvitationDomains, error) {
	var page collection[b2bManagementPolicy]
	op := "reading the invitation domain list (beta b2bManagementPolicies)"
	if err := c.getJSON(ctx, c.betaRequest(abstractions.GET, "/policies/b2bManagementPolicies", nil, nil), &page); err != nil {
		return InvitationDomains{}, wrap(err, op, PermReadB2BManagement)
	}
	if len(page.Value) == 0 || len(page.Value[0].Definition) == 0 {
		return InvitationDomains{}, fmt.Errorf("%s: Graph answered no policy", op)
	}
	var d policyDefinition
	var lists domainLists
	if err := json.Unmarshal([]byte(page.Value[0].Definition[0]), &d); err != nil {
		return InvitationDomains{}, fmt.Errorf("%s: %s%w", op, unreadableAnswer, err)
	}
	if raw, ok := d.B2BManagementPolicy[domainsKey]; ok {
		if err := json.Unmarshal(raw, &lists); err != nil {
			return InvitationDomains{}, fmt.Errorf("%s: %s%w", op, unreadableAnswer, err)
		}
	}
	delete(d.B2BManagementPolicy, domainsKey)
	return InvitationDomains{Allowed: lists.AllowedDomains, Blocked: lists.BlockedDomains, policyID: page.Value[0].ID,
		otherPolicies: d.B2BManagementPolicy}, nil
}

// UpdateInvitationDomains writes the domain list: an allow list when
// allowed is not nil, else a deny list (empty: any domain may be invited).
func (c *Client) UpdateInvitationDomains(ctx context.Context, allowed, blocked []string) error {
	current, err := c.GetInvitationDomains(ctx)
	if err != nil {
		return err
	}
	var lists domainLists
	if allowed != nil {
		lists.AllowedDomains = allowed
	} else {
		lists.BlockedDomains = append([]string{}, blocked...)
	}
	policy := map[string]json.RawMessage{}
	maps.Copy(policy, current.otherPolicies)
	policy[domainsKey], _ = json.Marshal(lists)
	def, _ := json.Marshal(policyDefinition{B2BManagementPolicy: policy})
	body, _ := json.Marshal(map[string]any{"definition": []string{string(def)}})
	req := c.betaRequest(abstractions.PATCH, "/policies/b2bManagementPolicies/{id}", map[string]string{"id": current.policyID}, body)
	if err := c.adapter.SendNoContent(ctx, req, odataErrors); err != nil {
		return wrap(err, "updating the invitation domain list (beta b2bManagementPolicies)", PermWriteB2BManagement)
	}
	return nil
}
