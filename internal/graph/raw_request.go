package graph

import abstractions "github.com/microsoft/kiota-abstractions-go"

// rawRequest builds a request the SDK has no builder for (the $ref forms of
// sponsors) or whose body it would serialize with nulls. The path is a URL
// template whose {name} parameters are percent-encoded as the SDK's own
// builders encode them: a guest's user principal name holds '#', which
// would otherwise end the path (package doc, "Users").
func (c *Client) rawRequest(method abstractions.HttpMethod, path string, params map[string]string, body []byte) *abstractions.RequestInformation {
	ri := abstractions.NewRequestInformation()
	ri.Method = method
	ri.UrlTemplate = "{+baseurl}" + path
	ri.PathParameters = map[string]string{"baseurl": c.graphBase}
	for k, v := range params {
		ri.PathParameters[k] = v
	}
	ri.Headers.TryAdd("Accept", "application/json")
	if body != nil {
		ri.SetStreamContentAndContentType(body, "application/json")
	}
	return ri
}
