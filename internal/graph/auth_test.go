package graph

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/testcert"
	"software.sslmate.com/src/go-pkcs12"
)

func TestTokenFlowWithClientSecret(t *testing.T) {
	c := newTestClient(t)
	before := emu.Stats().Tokens
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if emu.Stats().Tokens <= before {
		t.Fatal("the emulator issued no token")
	}
	if c.CredentialKind() != "client secret" {
		t.Fatalf("credential kind = %q", c.CredentialKind())
	}
}

func TestTokenFlowWithClientCertificate(t *testing.T) {
	t.Parallel()
	certPEM, keyPEM := testcert.SelfSigned(t)
	emu.AddAppCertificate(clientID, string(certPEM))
	c, err := New(context.Background(), emulatorConfig(Auth{ClientCertificate: append(certPEM, keyPEM...)}, clientID))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser with a certificate: %v", err)
	}
	if c.CredentialKind() != "client certificate" {
		t.Fatalf("credential kind = %q", c.CredentialKind())
	}
}

func TestTokenFlowWithUnregisteredCertificateFails(t *testing.T) {
	t.Parallel()
	certPEM, keyPEM := testcert.SelfSigned(t)
	c, err := New(context.Background(), emulatorConfig(Auth{ClientCertificate: append(certPEM, keyPEM...)}, clientID))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = c.GetUser(t.Context(), existingGuestID)
	if !IsKind(err, KindUnauthorized) || !strings.Contains(err.Error(), "AADSTS700027") {
		t.Fatalf("want an AADSTS700027 sign-in error, got %v", err)
	}
}

func TestTokenFlowWithFederatedAssertion(t *testing.T) {
	t.Parallel()
	tok, err := emu.FederatedToken("repo:b2b-guests/pipeline:ref:refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(context.Background(), emulatorConfig(Auth{UseOIDC: true, OIDCToken: tok}, clientID))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser with a federated token: %v", err)
	}
}

func TestTokenFlowWithGitHubActionsRequestURL(t *testing.T) {
	t.Parallel()
	c, err := New(context.Background(), emulatorConfig(Auth{UseOIDC: true, OIDCRequestURL: emu.URL() + "/_emulator/oidc/token", OIDCRequestToken: "gh-request-token"}, clientID))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser through GitHub Actions OIDC: %v", err)
	}
	if c.CredentialKind() != "GitHub Actions OIDC" {
		t.Fatalf("credential kind = %q", c.CredentialKind())
	}
}

func TestFederatedAssertionForUnknownSubjectFails(t *testing.T) {
	t.Parallel()
	tok, err := emu.FederatedToken("repo:someone-else/repo:ref:refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(context.Background(), emulatorConfig(Auth{UseOIDC: true, OIDCToken: tok}, clientID))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUser(t.Context(), existingGuestID)
	if !IsKind(err, KindUnauthorized) || !strings.Contains(err.Error(), "AADSTS700213") {
		t.Fatalf("want AADSTS700213, got %v", err)
	}
	if strings.Contains(err.Error(), tok) {
		t.Fatal("the error text holds the OIDC token")
	}
}

func TestWrongSecretGivesClearErrorWithoutTheSecret(t *testing.T) {
	t.Parallel()
	const wrong = "this-is-not-the-secret"
	c := newClientAs(t, clientID, wrong)
	_, err := c.GetUser(t.Context(), existingGuestID)
	if err == nil {
		t.Fatal("a wrong secret signed in")
	}
	msg := err.Error()
	if !IsKind(err, KindUnauthorized) || !strings.Contains(msg, "AADSTS7000215") || !strings.Contains(msg, "Invalid client secret") {
		t.Fatalf("unclear error: %v", err)
	}
	if strings.Contains(msg, wrong) {
		t.Fatalf("the error text holds the secret: %v", err)
	}
}

func TestWrongTenantNamesTheTenant(t *testing.T) {
	t.Parallel()
	cfg := emulatorConfig(Auth{ClientSecret: clientSecret}, clientID)
	cfg.TenantID = "00000000-1111-2222-3333-444444444444"
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUser(t.Context(), existingGuestID)
	if !IsKind(err, KindUnauthorized) || !strings.Contains(err.Error(), "AADSTS90002") {
		t.Fatalf("want AADSTS90002 for an unknown tenant, got %v", err)
	}
	// Entra's token endpoint answered, not Graph.
	if SignInCode(err) != "AADSTS90002" || !strings.Contains(err.Error(), "Entra ID's token endpoint refused the sign-in (400 invalid_request)") ||
		strings.Contains(err.Error(), "Microsoft Graph") {
		t.Fatalf("the error does not say the token endpoint refused the sign-in: %v (code %q)", err, SignInCode(err))
	}
	// A Graph answer is no sign-in refusal.
	if _, err := newTestClient(t).GetUser(t.Context(), "00000000-0000-4000-8000-00000000dead"); SignInCode(err) != "" {
		t.Fatalf("a Graph 404 reads as a sign-in refusal %q: %v", SignInCode(err), err)
	}
}

func TestRequestWithoutTokenGets401(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Transport: mustTransport(t)}
	resp, err := hc.Get(emu.GraphEndpoint() + "/v1.0/users")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status = %d, want 401", resp.StatusCode)
	}
}

func mustTransport(t *testing.T) *http.Transport {
	t.Helper()
	tr, err := baseTransport(emu.CAPath())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestCertificateWithWrongPasswordIsClear(t *testing.T) {
	t.Parallel()
	certPEM, keyPEM := testcert.SelfSigned(t)
	block, _ := pem.Decode(certPEM)
	cert, _ := x509.ParseCertificate(block.Bytes)
	kb, _ := pem.Decode(keyPEM)
	key, _ := x509.ParsePKCS8PrivateKey(kb.Bytes)
	pfx, err := pkcs12.LegacyDES.Encode(key, cert, nil, "right-password")
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(context.Background(), emulatorConfig(Auth{ClientCertificate: pfx, ClientCertificatePassword: "wrong-password"}, clientID))
	if err == nil || !strings.Contains(err.Error(), "client_certificate_password") {
		t.Fatalf("want an error naming client_certificate_password, got %v", err)
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Fatal("the error text holds the password")
	}
	emu.AddAppCertificate(clientID, string(certPEM))
	c, err := New(context.Background(), emulatorConfig(Auth{ClientCertificate: pfx, ClientCertificatePassword: "right-password"}, clientID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("the right password should sign in: %v", err)
	}
}

func TestAuthorityHostThatNeverAnswersFailsInTime(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close() // hold it open, say nothing
		}
	}()
	cfg := emulatorConfig(Auth{ClientSecret: clientSecret}, clientID)
	cfg.AuthorityHost = "https://" + ln.Addr().String()
	cfg.AuthTimeout = 500 * time.Millisecond
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err = c.GetUser(ctx, existingGuestID)
	if err == nil {
		t.Fatal("no error from a silent authority host")
	}
	// AuthTimeout, not the test's own deadline, ended the call.
	if ctx.Err() != nil {
		t.Fatalf("the call outlived the test's deadline: it hung instead of failing (%v)", err)
	}
	if !strings.Contains(err.Error(), "reading user") {
		t.Fatalf("the error does not say what failed: %v", err)
	}
}

func TestExpiringTokensAreRenewedTransparently(t *testing.T) {
	emu.SetTokenLifetime(60 * time.Second)
	defer emu.SetTokenLifetime(time.Hour)
	c := newTestClient(t)
	before := emu.Stats().Tokens
	for i := 0; i < 3; i++ {
		if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// A 60 s token is inside azidentity's 5-minute refresh margin, so every
	// call renews it before Graph could see it expire.
	if got := emu.Stats().Tokens - before; got < 2 {
		t.Fatalf("tokens issued = %d, want a renewal", got)
	}
}
