package graph

import (
	"context"
	"fmt"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipals"
)

// ServicePrincipal is an enterprise application and the roles it offers.
type ServicePrincipal struct {
	ObjectID    string
	AppID       string
	DisplayName string
	AppRoles    []AppRole
}

// AppRole is one role of a service principal.
type AppRole struct {
	ID    string
	Value string
}

var spFields = []string{"id", "appId", "displayName", "appRoles"}

func spFromModel(sp models.ServicePrincipalable) ServicePrincipal {
	out := ServicePrincipal{ObjectID: deref(sp.GetId()), DisplayName: deref(sp.GetDisplayName())}
	if a := sp.GetAppId(); a != nil {
		out.AppID = *a
	}
	for _, r := range sp.GetAppRoles() {
		role := AppRole{Value: deref(r.GetValue())}
		if id := r.GetId(); id != nil {
			role.ID = id.String()
		}
		out.AppRoles = append(out.AppRoles, role)
	}
	return out
}

// GetServicePrincipal reads a service principal by object id.
func (c *Client) GetServicePrincipal(ctx context.Context, objectID string) (ServicePrincipal, error) {
	sp, err := c.sdk.ServicePrincipals().ByServicePrincipalId(objectID).Get(ctx, &serviceprincipals.ServicePrincipalItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipals.ServicePrincipalItemRequestBuilderGetQueryParameters{Select: spFields},
	})
	if err != nil {
		return ServicePrincipal{}, wrap(err, "reading service principal "+objectID, PermReadApps)
	}
	return spFromModel(sp), nil
}

// FindServicePrincipalByAppID finds the service principal of an application
// (client) id. It answers a NotFound error when the tenant has none.
func (c *Client) FindServicePrincipalByAppID(ctx context.Context, appID string) (ServicePrincipal, error) {
	filter := "appId eq " + odataQuote(appID)
	op := "looking up the service principal of application " + appID
	resp, err := c.sdk.ServicePrincipals().Get(ctx, &serviceprincipals.ServicePrincipalsRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipals.ServicePrincipalsRequestBuilderGetQueryParameters{Filter: &filter, Select: spFields},
	})
	if err != nil {
		return ServicePrincipal{}, wrap(err, op, PermReadApps)
	}
	list := resp.GetValue()
	if len(list) == 0 {
		return ServicePrincipal{}, &Error{Kind: KindNotFound, Status: 404, Operation: op,
			Message: fmt.Sprintf("no service principal has appId %s in this tenant; an admin may need to add the application (enterprise app) first", appID)}
	}
	return spFromModel(list[0]), nil
}
