package graph

import (
	"context"
	"encoding/json"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// Profile is the part of a user an inviter may set after the invitation.
// A nil field is one Graph holds no value for, or, in a patch, one to leave
// as it is.
type Profile struct {
	GivenName      *string `json:"givenName,omitempty"`
	Surname        *string `json:"surname,omitempty"`
	JobTitle       *string `json:"jobTitle,omitempty"`
	Department     *string `json:"department,omitempty"`
	CompanyName    *string `json:"companyName,omitempty"`
	UsageLocation  *string `json:"usageLocation,omitempty"`
	EmployeeType   *string `json:"employeeType,omitempty"`
	AccountEnabled *bool   `json:"accountEnabled,omitempty"`
}

// profileFields are the properties Profile reads; most come back only when
// $select names them (package doc, "Users").
var profileFields = []string{"givenName", "surname", "jobTitle", "department", "companyName", "usageLocation", "employeeType", "accountEnabled"}

// Empty reports whether the profile sets nothing.
func (p Profile) Empty() bool { return p == Profile{} }

// userPatchRequest is a PATCH /users/{id} of exactly the non-nil fields:
// a property sent as null would clear it, so nothing else is sent.
func (c *Client) userPatchRequest(userID string, body any) (*abstractions.RequestInformation, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return c.rawRequest(abstractions.PATCH, "/users/{id}", map[string]string{"id": userID}, data), nil
}

// sponsorRefRequest adds (POST) or removes (DELETE) one sponsor of a user.
func (c *Client) sponsorRefRequest(userID, sponsorID string, add bool) *abstractions.RequestInformation {
	params := map[string]string{"id": userID, "sid": sponsorID}
	if add {
		body, _ := json.Marshal(map[string]string{"@odata.id": c.graphBase + "/directoryObjects/" + sponsorID})
		return c.rawRequest(abstractions.POST, "/users/{id}/sponsors/$ref", params, body)
	}
	return c.rawRequest(abstractions.DELETE, "/users/{id}/sponsors/{sid}/$ref", params, nil)
}

// sponsorsRequest lists the ids of a user's sponsors.
func (c *Client) sponsorsRequest(userID string) *abstractions.RequestInformation {
	return c.rawRequest(abstractions.GET, "/users/{id}/sponsors?$select=id", map[string]string{"id": userID}, nil)
}

// ReadSponsors lists the object ids of a user's sponsors.
func (c *Client) ReadSponsors(ctx context.Context, userID string) ([]string, error) {
	var out []string
	err := eachJSON(ctx, c, c.sponsorsRequest(userID), func(o directoryObjectJSON) bool {
		out = append(out, o.ID)
		return true
	})
	return out, wrap(err, "listing the sponsors of user "+userID, PermReadUsers)
}
