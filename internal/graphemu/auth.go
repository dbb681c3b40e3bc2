package graphemu

import (
	"context"
	"crypto/sha1" //nolint:gosec // x5t is defined as a SHA-1 thumbprint.
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const graphAudience = "https://graph.microsoft.com"

// federatedAudience is the audience Entra requires of workload identity
// federation assertions.
const federatedAudience = "api://AzureADTokenExchange"

type claimsKey struct{}

func (s *Server) handleOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	tenantID := r.PathValue("tenant")
	base := s.baseURL + "/" + tenantID
	// The issuer keeps the authority's scheme and host:port: MSAL refuses any
	// other (internal/graph's package doc, "Tokens and clouds").
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base + "/v2.0",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"jwks_uri":                              s.baseURL + "/" + tenantID + "/discovery/v2.0/keys",
		"response_types_supported":              []string{"code", "id_token", "token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"tenant_region_scope":                   "EU",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
	})
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeAADError(w, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
		return
	}
	tenantKey := r.PathValue("tenant")
	s.mu.Lock()
	t := s.tenant
	s.mu.Unlock()
	if !strings.EqualFold(tenantKey, t.ID) && !strings.EqualFold(tenantKey, t.Domain) {
		writeAADError(w, 400, "invalid_request", 90002, "Tenant '"+tenantKey+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		writeAADError(w, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
		return
	}
	clientID := r.PostForm.Get("client_id")
	s.mu.Lock()
	app, ok := t.apps[strings.ToLower(clientID)]
	s.mu.Unlock()
	if !ok {
		writeAADError(w, 400, "unauthorized_client", 700016, "Application with identifier '"+clientID+"' was not found in the directory '"+t.Domain+"'.")
		return
	}
	// MSAL appends "openid offline_access profile" to the requested scope, so
	// the scope is a list (internal/graph's package doc, "SDK pitfalls"). The
	// v1 endpoint takes a resource instead of a scope.
	v1 := strings.HasSuffix(r.URL.Path, "/oauth2/token")
	scope := r.PostForm.Get("scope")
	if v1 {
		scope = strings.TrimRight(r.PostForm.Get("resource"), "/") + "/.default"
	}
	if !hasGraphScope(scope, s.baseURL) {
		writeAADError(w, 400, "invalid_scope", 1002012, "The provided value for scope "+r.PostForm.Get("scope")+" is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
		return
	}
	switch {
	case r.PostForm.Get("client_secret") != "":
		if !slices.Contains(app.Secrets, r.PostForm.Get("client_secret")) {
			writeAADError(w, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"+app.ClientID+"'.")
			return
		}
	case r.PostForm.Get("client_assertion") != "":
		if status, code, aadsts, desc := s.checkAssertion(app, r.PostForm.Get("client_assertion")); status != 0 {
			writeAADError(w, status, code, aadsts, desc)
			return
		}
	default:
		writeAADError(w, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
		return
	}
	token, err := s.issueAccessToken(app)
	if err != nil {
		writeAADError(w, 500, "server_error", 90000, "Could not sign the token.")
		return
	}
	s.stats.countToken()
	s.mu.Lock()
	s.issued = append(s.issued, token)
	secs := int(s.opts.TokenLifetime.Seconds())
	s.mu.Unlock()
	if v1 {
		// The v1 endpoint sends its numbers as strings.
		now := s.now().Unix()
		writeJSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": strconv.Itoa(secs), "ext_expires_in": strconv.Itoa(secs),
			"expires_on": strconv.FormatInt(now+int64(secs), 10), "not_before": strconv.FormatInt(now, 10),
			"resource": r.PostForm.Get("resource"), "access_token": token})
		return
	}
	writeJSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": token})
}

func hasGraphScope(scope, base string) bool {
	for _, sc := range strings.Fields(scope) {
		switch sc {
		case graphAudience + "/.default", "https://graph.microsoft.us/.default", "https://dod-graph.microsoft.us/.default",
			"https://microsoftgraph.chinacloudapi.cn/.default", base + "/.default", "00000003-0000-0000-c000-000000000000/.default":
			return true
		}
	}
	return false
}

// checkAssertion verifies a client assertion: either a JWT the app signed with
// a registered certificate, or a federated token from the emulator's issuer.
// It returns a zero status when the assertion is good.
func (s *Server) checkAssertion(app *App, assertion string) (int, string, int, string) {
	unverified, _, err := jwt.NewParser().ParseUnverified(assertion, jwt.MapClaims{})
	if err != nil {
		return 401, "invalid_client", 50027, "JWT token is invalid or malformed."
	}
	iss, _ := unverified.Claims.GetIssuer()
	if iss == s.IssuerURL() {
		claims := jwt.MapClaims{}
		_, err := jwt.NewParser(jwt.WithAudience(federatedAudience), jwt.WithExpirationRequired()).
			ParseWithClaims(assertion, claims, func(*jwt.Token) (any, error) { return &s.signKey.PublicKey, nil })
		if err != nil {
			return 401, "invalid_client", 700024, "Client assertion is not within its valid time range or has the wrong audience: " + err.Error()
		}
		sub, _ := claims.GetSubject()
		if !slices.Contains(app.FederatedSubjects, sub) {
			return 400, "invalid_request", 700213, "No matching federated identity record found for presented assertion subject '" + sub + "'."
		}
		return 0, "", 0, ""
	}
	if iss != app.ClientID {
		return 400, "invalid_request", 700211, "No matching federated identity record found for presented assertion issuer '" + iss + "'."
	}
	for _, certPEM := range app.Certificates {
		cert, err := parseCertificatePEM(certPEM)
		if err != nil {
			continue
		}
		_, err = jwt.NewParser(jwt.WithValidMethods([]string{"RS256", "PS256", "ES256"}), jwt.WithExpirationRequired()).
			Parse(assertion, func(*jwt.Token) (any, error) { return cert.PublicKey, nil })
		if err == nil {
			return 0, "", 0, ""
		}
	}
	return 401, "invalid_client", 700027, "Client assertion failed signature validation."
}

func parseCertificatePEM(s string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	return x509.ParseCertificate(block.Bytes)
}

// Thumbprint is the base64url SHA-1 of a certificate, the x5t header.
func Thumbprint(cert *x509.Certificate) string {
	sum := sha1.Sum(cert.Raw) //nolint:gosec // x5t is SHA-1 by definition.
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// authenticate checks the bearer token of a Graph request and returns its
// claims, or writes the 401 Graph gives.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*accessClaims, bool) {
	raw, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || raw == "" {
		writeGraphError(w, r, &graphError{Status: 401, Code: "InvalidAuthenticationToken", Message: "Access token is empty."})
		return nil, false
	}
	claims, err := s.readAccessToken(raw)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		writeGraphError(w, r, &graphError{Status: 401, Code: "InvalidAuthenticationToken", Message: "Lifetime validation failed, the token is expired."})
		return nil, false
	case err != nil:
		writeGraphError(w, r, &graphError{Status: 401, Code: "InvalidAuthenticationToken", Message: "Access token validation failure. Invalid audience or signature."})
		return nil, false
	case claims.TenantID != s.tenant.ID:
		writeGraphError(w, r, &graphError{Status: 401, Code: "InvalidAuthenticationToken", Message: "Access token validation failure. Invalid tenant."})
		return nil, false
	}
	return claims, true
}

// allowed reports whether the token carries any of the permissions.
func allowed(r *http.Request, anyOf ...string) bool {
	if holds(r, anyOf...) {
		noteAdmitted(r, anyOf)
		return true
	}
	return false
}

// holds reports whether the caller's token holds one of the permissions.
func holds(r *http.Request, anyOf ...string) bool {
	c, _ := r.Context().Value(claimsKey{}).(*accessClaims)
	if c == nil {
		return false
	}
	return slices.ContainsFunc(anyOf, func(p string) bool { return slices.Contains(c.Roles, p) })
}

func withClaims(ctx context.Context, c *accessClaims) context.Context {
	return context.WithValue(ctx, claimsKey{}, c)
}

// Permission sets, least privileged first, as Microsoft's reference lists them for each operation.
var (
	permInvite       = []string{"User.Invite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"}
	permReset        = []string{"User.ReadWrite.All", "Directory.ReadWrite.All"}
	permReadUsers    = []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	permWriteUsers   = []string{"User.ReadWrite.All", "Directory.ReadWrite.All"}
	permMembers      = []string{"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"}
	permReadGroups   = []string{"GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	permAssignments  = []string{"AppRoleAssignment.ReadWrite.All"}
	permReadAssign   = []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"}
	permReadSPs      = []string{"Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "AppRoleAssignment.ReadWrite.All"}
	permTenantInfo   = []string{"CrossTenantInformation.ReadBasic.All"}
	permReadPolicy   = []string{"Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess"}
	permWriteXTAP    = []string{"Policy.ReadWrite.CrossTenantAccess"}
	permWriteAuthz   = []string{"Policy.ReadWrite.Authorization"}
	permReadB2BMgmt  = []string{"Policy.Read.B2BManagementPolicy", "Policy.ReadWrite.B2BManagementPolicy"}
	permWriteB2BMgmt = []string{"Policy.ReadWrite.B2BManagementPolicy"}

	permReadAuthMethods  = []string{"Policy.Read.AuthenticationMethod", "Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod"}
	permWriteAuthMethods = []string{"Policy.ReadWrite.AuthenticationMethod"}
)

func (s *Server) tokenLifetime() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.TokenLifetime
}
