package graphemu

import (
	"strings"
	"testing"
)

// PATCH of an open extension, and the documented 2 KB of data, on POST and
// PATCH alike.
func init() {
	routeChecks["PATCH /users/{id}/extensions/{name}"] = func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("PATCH", "/users/"+id+"/extensions/com.example.one", map[string]any{"color": "red"})
		expect(t, "patch a missing extension", status, 404, body)
		f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.one", "color": "blue", "size": 1})
		status, body = f.c.do("PATCH", "/users/"+id+"/extensions/com.example.one", map[string]any{"color": "red"})
		expect(t, "patch", status, 204, body)
		status, body = f.c.do("GET", "/users/"+id+"/extensions/com.example.one", nil)
		expect(t, "get after patch", status, 200, body)
		if body["color"] != "red" || body["size"] != float64(1) {
			t.Fatalf("after the patch the extension is %v", body)
		}
		big := strings.Repeat("x", 2100)
		status, body = f.c.do("PATCH", "/users/"+id+"/extensions/com.example.one", map[string]any{"note": big})
		expect(t, "patch past 2 KB", status, 400, body)
		status, body = f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.big", "note": big})
		expect(t, "add past 2 KB", status, 400, body)
	}
}

// A user read with $expand=extensions carries its open extensions.
func TestUserExpandsExtensions(t *testing.T) {
	s := startEmulator(t, Options{})
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	id := s.InviteGuest("expand.extensions@routes.example", "").ID
	status, body := c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.one", "color": "blue"})
	expect(t, "add extension", status, 201, body)
	status, body = c.do("GET", "/users/"+id+"?$select=id&$expand=extensions", nil)
	expect(t, "expand extensions", status, 200, body)
	exts, _ := body["extensions"].([]any)
	if len(exts) != 1 {
		t.Fatalf("extensions: %v", body)
	}
	if ext, _ := exts[0].(map[string]any); ext["extensionName"] != "com.example.one" || ext["color"] != "blue" {
		t.Fatalf("extension: %v", exts[0])
	}
}
