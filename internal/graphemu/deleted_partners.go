package graphemu

import (
	"net/http"
	"strings"
)

// Deleted cross-tenant partner configurations are listed, restored and
// purged under /beta/policies/deletedItems/crossTenantPartners. Graph's beta
// reference documents the routes and, for restore and permanent delete
// (https://learn.microsoft.com/graph/api/policydeletableitem-delete?view=graph-rest-beta),
// lists application permissions as not supported: an app-only token, the
// only kind the emulator issues, is refused with Graph's 403.

// handleDeletedPartners serves the three routes: 403 for an app under
// /beta, and under /v1.0 the 400 of a segment Graph does not know there.
func (s *Server) handleDeletedPartners(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.RequestURI, "/beta/") {
		writeGraphError(w, r, errUnknownSegment("deletedItems"))
		return
	}
	writeGraphError(w, r, errDenied())
}
