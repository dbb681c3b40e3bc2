package graph

import (
	"context"
	"encoding/json"
	"fmt"

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
	return c.rawRequest(abstractions.PATCH, "/users/"+userID, data), nil
}

// rawRequest builds a request the SDK has no builder for (the $ref forms of
// sponsors) or whose body it would serialize with nulls.
func (c *Client) rawRequest(method abstractions.HttpMethod, path string, body []byte) *abstractions.RequestInformation {
	ri := abstractions.NewRequestInformation()
	ri.Method = method
	ri.UrlTemplate = "{+baseurl}" + path
	ri.PathParameters = map[string]string{"baseurl": c.graphBase}
	ri.Headers.TryAdd("Accept", "application/json")
	if body != nil {
		ri.SetStreamContentAndContentType(body, "application/json")
	}
	return ri
}

// sponsorRefRequest adds (POST) or removes (DELETE) one sponsor of a user.
func (c *Client) sponsorRefRequest(userID, sponsorID string, add bool) *abstractions.RequestInformation {
	if add {
		body, _ := json.Marshal(map[string]string{"@odata.id": c.graphBase + "/directoryObjects/" + sponsorID})
		return c.rawRequest(abstractions.POST, "/users/"+userID+"/sponsors/$ref", body)
	}
	return c.rawRequest(abstractions.DELETE, fmt.Sprintf("/users/%s/sponsors/%s/$ref", userID, sponsorID), nil)
}

// ReadSponsors lists the object ids of a user's sponsors.
func (c *Client) ReadSponsors(ctx context.Context, userID string) ([]string, error) {
	var out []string
	err := eachJSON(ctx, c, c.rawRequest(abstractions.GET, "/users/"+userID+"/sponsors?$select=id", nil), func(o directoryObjectJSON) bool {
		out = append(out, o.ID)
		return true
	})
	return out, wrap(err, "listing the sponsors of user "+userID, PermReadUsers)
}
