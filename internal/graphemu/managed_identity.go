package graphemu

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// handleManagedIdentityToken serves the instance metadata service's token
// protocol (GET /metadata/identity/oauth2/token with the header
// "Metadata: true"), so that a client configured with a custom managed
// identity endpoint can run against the emulator. A request without
// client_id gets a token for the seed's first app, which stands in for the
// host's system-assigned identity.
func (s *Server) handleManagedIdentityToken(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Metadata"), "true") {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Required metadata header not specified"})
		return
	}
	resource := r.URL.Query().Get("resource")
	if resource == "" || !hasGraphScope(strings.TrimRight(resource, "/")+"/.default", s.baseURL) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_resource", "error_description": "AADSTS500011: The resource principal named " + resource + " was not found in the tenant."})
		return
	}
	s.mu.Lock()
	t := s.tenant
	var app *App
	if id := r.URL.Query().Get("client_id"); id != "" {
		app = t.apps[strings.ToLower(id)]
	} else {
		app = t.apps[t.systemIdentity]
	}
	s.mu.Unlock()
	if app == nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Identity not found"})
		return
	}
	token, err := s.issueAccessToken(app)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "server_error"})
		return
	}
	s.stats.countToken()
	s.mu.Lock()
	s.issued = append(s.issued, token)
	s.mu.Unlock()
	now := s.now()
	secs := int64(s.tokenLifetime().Seconds())
	// The protocol sends its numbers as strings.
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token, "client_id": app.ClientID, "resource": resource, "token_type": "Bearer",
		"expires_in": strconv.FormatInt(secs, 10), "ext_expires_in": strconv.FormatInt(secs, 10),
		"expires_on": strconv.FormatInt(now.Unix()+secs, 10), "not_before": strconv.FormatInt(now.Unix(), 10),
	})
}

// AccessToken issues an app-only Graph token for a seeded app, as the token
// endpoint would; tests hand it to stand-ins of tools that cache tokens
// themselves, such as the Azure CLI.
func (s *Server) AccessToken(clientID string) (string, error) {
	s.mu.Lock()
	app := s.tenant.apps[strings.ToLower(clientID)]
	s.mu.Unlock()
	if app == nil {
		return "", fmt.Errorf("no app %s in the seed", clientID)
	}
	token, err := s.issueAccessToken(app)
	if err == nil {
		s.mu.Lock()
		s.issued = append(s.issued, token)
		s.mu.Unlock()
	}
	return token, err
}
