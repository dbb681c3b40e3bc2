package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// appWritableUserProperties are the properties that the reference's page
// for updating a user (https://learn.microsoft.com/graph/api/user-update)
// lets an app set; every other property of the model is read-only, a
// relationship, or served by a route of its own (mailboxSettings).
var appWritableUserProperties = []string{
	"aboutMe", "accountEnabled", "ageGroup", "authorizationInfo", "birthday", "businessPhones", "city", "companyName",
	"consentProvidedForMinor", "country", "customSecurityAttributes", "department", "displayName", "employeeHireDate",
	"employeeId", "employeeLeaveDateTime", "employeeOrgData", "employeeType", "faxNumber", "givenName", "hireDate",
	"identities", "interests", "jobTitle", "mail", "mailNickname", "mobilePhone", "mySite", "officeLocation",
	"onPremisesExtensionAttributes", "onPremisesImmutableId", "otherMails", "passwordPolicies", "passwordProfile",
	"pastProjects", "postalCode", "preferredDataLocation", "preferredLanguage", "preferredName", "responsibilities",
	"schools", "showInAddressList", "skills", "state", "streetAddress", "surname", "usageLocation",
	"userPrincipalName", "userType",
}

// singleUserProperties are returned only when one user is read
// (https://learn.microsoft.com/graph/api/user-list, optional query parameters).
var singleUserProperties = []string{"aboutMe", "birthday", "hireDate", "interests", "mailboxSettings", "mySite",
	"pastProjects", "preferredName", "responsibilities", "schools", "skills"}

// writeOnlyUserProperties are never read back (the password).
var writeOnlyUserProperties = []string{"passwordProfile"}

// userModelProperties reads msgraph-sdk-go's user model: its properties,
// and which of them are relationships (their value is an entity).
func userModelProperties(t *testing.T) (properties, relationships []string) {
	t.Helper()
	getters := modelGetters(models.NewUser())
	entity := reflect.TypeFor[models.Entityable]()
	for name := range models.NewUser().GetFieldDeserializers() {
		if name == "@odata.type" {
			continue
		}
		g, ok := getters[normalize(name)]
		if !ok {
			t.Fatalf("no getter for %s", name)
		}
		out := g.Type().Out(0)
		if out.Kind() == reflect.Slice {
			out = out.Elem()
		}
		if out.Implements(entity) {
			relationships = append(relationships, name)
		} else {
			properties = append(properties, name)
		}
	}
	sort.Strings(properties)
	sort.Strings(relationships)
	if len(properties) < 80 || len(relationships) < 20 {
		t.Fatalf("the model reads as %d properties and %d relationships", len(properties), len(relationships))
	}
	return properties, relationships
}

// sampleUserValue is a value of the property's type that Graph takes.
func sampleUserValue(name string, typ reflect.Type) any {
	switch name {
	case "ageGroup":
		return "Adult"
	case "consentProvidedForMinor":
		return "Granted"
	case "usageLocation":
		return "NL"
	case "userType":
		return "Guest"
	case "userPrincipalName":
		return fmt.Sprintf("renamed.%d@contoso.example", time.Now().UnixNano())
	case "identities":
		return []any{map[string]any{"signInType": "federated", "issuer": "fabrikam.example", "issuerAssignedId": "pat"}}
	case "passwordProfile":
		return map[string]any{"password": "xWwvJ]6NMw+bWH-d", "forceChangePasswordNextSignIn": true}
	case "employeeOrgData":
		return map[string]any{"division": "Sales", "costCenter": "42"}
	case "authorizationInfo":
		return map[string]any{"certificateUserIds": []string{"X509:<PN>pat@fabrikam.example"}}
	case "onPremisesExtensionAttributes":
		return map[string]any{"extensionAttribute1": "one"}
	case "customSecurityAttributes":
		return map[string]any{}
	}
	if typ.Kind() == reflect.Slice {
		return []any{sampleUserValue("", typ.Elem())}
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ.Kind() == reflect.String:
		return "sample"
	case typ.Kind() == reflect.Bool:
		return true
	case typ == reflect.TypeFor[time.Time]():
		return "2026-01-02T03:04:05Z"
	case typ.Kind() == reflect.Int32 || typ.Kind() == reflect.Int64:
		return 5
	}
	return map[string]any{}
}

// userCall sends one raw request to the emulator as the provider's app.
func userCall(t *testing.T, hc *http.Client, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, emu.GraphEndpoint()+"/v1.0"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func errorMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// Microsoft's user model is the list: for each of its properties, $select
// and PATCH get Graph's answer, and no real property is called
// nonexistent. A property added to msgraph-sdk-go that the emulator does
// not know fails here.
func TestEveryUserPropertyHasGraphsAnswer(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invitation.UserID
	hc, token := &http.Client{Transport: mustTransport(t)}, accessToken(t)
	properties, relationships := userModelProperties(t)
	getters := modelGetters(models.NewUser())
	nonexistent := func(msg string) bool {
		return strings.Contains(msg, "Could not find a property") || strings.Contains(msg, "does not exist")
	}
	for _, p := range properties {
		status, body := userCall(t, hc, token, "GET", "/users/"+id+"?$select="+p, nil)
		if _, selected := body[p]; status != http.StatusOK || !selected {
			t.Errorf("$select=%s of one user: %d %v", p, status, body)
		}
		status, body = userCall(t, hc, token, "GET", "/users?$top=1&$select=id,"+p, nil)
		switch {
		case slices.Contains(singleUserProperties, p):
			if status != http.StatusNotImplemented || nonexistent(errorMessage(body)) {
				t.Errorf("$select=%s of a list: %d %v, want Graph's 501", p, status, body)
			}
		case status != http.StatusOK:
			t.Errorf("$select=%s of a list: %d %v", p, status, body)
		}

		value := sampleUserValue(p, getters[normalize(p)].Type().Out(0))
		status, body = userCall(t, hc, token, "PATCH", "/users/"+id, map[string]any{p: value})
		if !slices.Contains(appWritableUserProperties, p) {
			if status != http.StatusBadRequest || !strings.Contains(errorMessage(body), "read-only") {
				t.Errorf("PATCH %s: %d %v, want Graph's read-only 400", p, status, body)
			}
			continue
		}
		if status != http.StatusNoContent {
			t.Errorf("PATCH %s=%v: %d %v", p, value, status, body)
			continue
		}
		_, body = userCall(t, hc, token, "GET", "/users/"+id+"?$select="+p, nil)
		got, _ := json.Marshal(body[p])
		want, _ := json.Marshal(value)
		if slices.Contains(writeOnlyUserProperties, p) {
			want = []byte("null")
		}
		if string(got) != string(want) {
			t.Errorf("PATCH %s=%s read back %s", p, want, got)
		}
	}
	for _, p := range relationships {
		status, body := userCall(t, hc, token, "GET", "/users/"+id+"?$select=id,"+p, nil)
		if _, selected := body[p]; status != http.StatusOK || selected {
			t.Errorf("$select of the relationship %s: %d %v, want it left out", p, status, body)
		}
		status, body = userCall(t, hc, token, "PATCH", "/users/"+id, map[string]any{p: map[string]any{}})
		if status != http.StatusBadRequest || nonexistent(errorMessage(body)) {
			t.Errorf("PATCH of the relationship %s: %d %v", p, status, body)
		}
	}
	// Strict still: a misspelled property, and a wrong type.
	status, body := userCall(t, hc, token, "PATCH", "/users/"+id, map[string]any{"jobTitel": "x"})
	if status != http.StatusBadRequest || !strings.Contains(errorMessage(body), "does not exist") {
		t.Errorf("a misspelled property: %d %v", status, body)
	}
	status, body = userCall(t, hc, token, "PATCH", "/users/"+id, map[string]any{"showInAddressList": "yes"})
	if status != http.StatusBadRequest || !strings.Contains(errorMessage(body), "Edm.Boolean") {
		t.Errorf("a string for a boolean: %d %v", status, body)
	}
}
