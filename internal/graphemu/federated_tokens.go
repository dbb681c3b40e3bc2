package graphemu

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// mintFederatedToken signs a workload identity token from the emulator's own
// issuer, as GitHub Actions or Azure Pipelines would issue one.
func (s *Server) mintFederatedToken(subject, audience string) (string, error) {
	now := s.now()
	claims := jwt.RegisteredClaims{
		Issuer: s.IssuerURL(), Subject: subject, Audience: jwt.ClaimStrings{audience},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute)), ID: newID(),
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = s.keyID
	return tok.SignedString(s.signKey)
}

// FederatedToken returns a token the seeded app trusts for its subject.
func (s *Server) FederatedToken(subject string) (string, error) {
	return s.mintFederatedToken(subject, federatedAudience)
}

// handleGitHubOIDCToken is the shape of GitHub Actions'
// ACTIONS_ID_TOKEN_REQUEST_URL: a bearer request token in, {"value": jwt}
// out. The subject is ?subject=, or the seeded app's first federated subject.
func (s *Server) handleGitHubOIDCToken(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Bad credentials"})
		return
	}
	subject := r.URL.Query().Get("subject")
	if subject == "" {
		subject = DefaultSeed().Apps[0].FederatedSubjects[0]
	}
	audience := r.URL.Query().Get("audience")
	if audience == "" {
		audience = federatedAudience
	}
	tok, err := s.mintFederatedToken(subject, audience)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(tok), "value": tok})
}

// handleAzurePipelinesOIDCToken is the shape of Azure Pipelines'
// SYSTEM_OIDCREQUESTURI: the service connection id names the subject.
func (s *Server) handleAzurePipelinesOIDCToken(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	tok, err := s.mintFederatedToken("sc://b2b-guests/pipeline/"+r.URL.Query().Get("serviceConnectionId"), federatedAudience)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"oidcToken": tok})
}
