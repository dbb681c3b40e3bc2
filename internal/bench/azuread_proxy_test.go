package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The proxy must let azuread find Graph, get a token and read a membership
// with the filter the emulator refuses on its own, and patch nothing else.
func TestMemberFilterProxyServesAzureadsMembershipRead(t *testing.T) {
	emu, err := graphemu.Start(graphemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	proxy, err := startMemberFilterProxy(emu.URL(), emu.CAPath(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	pem, err := os.ReadFile(proxy.caPath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	decode := func(resp *http.Response) map[string]any {
		t.Helper()
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return body
	}

	resp, err := client.Get(proxy.url + "/metadata/endpoints?api-version=2022-09-01")
	if err != nil {
		t.Fatal(err)
	}
	if md := decode(resp); md["microsoftGraphResourceId"] != proxy.url+"/" {
		t.Fatalf("the metadata names Graph at %v, want the proxy %s", md["microsoftGraphResourceId"], proxy.url)
	}

	env := emu.Env()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {env["ARM_CLIENT_ID"]},
		"client_secret": {env["ARM_CLIENT_SECRET"]}, "scope": {proxy.url + "/.default"}}
	resp, err = client.PostForm(proxy.url+"/"+emu.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	tok := decode(resp)
	token, _ := tok["access_token"].(string)
	if resp.StatusCode != http.StatusOK || token == "" {
		t.Fatalf("token for the proxy's scope: %d %v", resp.StatusCode, tok)
	}

	members := "/beta/groups/a1b2c3d4-0001-4000-8000-00000000e001/members?$filter=" + url.QueryEscape("id eq '00000000-0000-0000-0000-000000000001'")
	get := func(base string) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+members, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := decode(resp)
		if b, _ := json.Marshal(body); base == proxy.url && strings.Contains(string(b), emu.URL()) {
			t.Errorf("an answer through the proxy names the emulator: %s", b)
		}
		return resp.StatusCode
	}
	if got := get(emu.URL()); got != http.StatusBadRequest {
		t.Fatalf("the emulator answered the filtered member list with %d; if it now takes it, the proxy is no longer needed", got)
	}
	if got := get(proxy.url); got != http.StatusOK {
		t.Fatalf("through the proxy the filtered member list got %d", got)
	}
	if n := proxy.patched.Load(); n != 1 {
		t.Fatalf("the proxy patched %d requests, want the one filtered member list", n)
	}
}
