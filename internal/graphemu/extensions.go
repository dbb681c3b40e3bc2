package graphemu

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
)

// Open extensions on users: POST /users/{id}/extensions, and GET or DELETE
// /users/{id}/extensions/{name}. An extension is an open type: its name and
// "@odata.type" are Graph's, everything else is the caller's, kept as sent.
// Graph names a user's open extension by its extensionName, which is also
// its id, and a directory object holds at most two of them.
//
// Choices where Graph documents no answer: a second extension of the same
// name answers 409 Conflict with code NameAlreadyExists, a third extension
// 400 Request_BadRequest, and so does data over the documented 2 KB (its
// JSON, without the name and type).
const (
	maxUserExtensions = 2
	maxExtensionBytes = 2048
)

// extensionTooLarge reports data over the documented limit.
func extensionTooLarge(data map[string]any) bool {
	b, err := json.Marshal(data)
	return err != nil || len(b) > maxExtensionBytes
}

// extensionData is a body without the properties Graph owns.
func extensionData(body map[string]any) map[string]any {
	data := map[string]any{}
	for k, v := range body {
		if k != "@odata.type" && k != "extensionName" && k != "id" {
			data[k] = v
		}
	}
	return data
}

func extensionJSON(name string, data map[string]any) map[string]any {
	out := maps.Clone(data)
	out["@odata.type"] = "#microsoft.graph.openTypeExtension"
	out["extensionName"] = name
	out["id"] = name
	return out
}

// handleAddUserExtension serves POST /users/{id}/extensions.
func (s *Server) handleAddUserExtension(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	name, _ := body["extensionName"].(string)
	kind, _ := body["@odata.type"].(string)
	if name == "" || strings.TrimPrefix(kind, "#") != "microsoft.graph.openTypeExtension" {
		writeGraphError(w, r, errBadRequest("An open extension needs \"@odata.type\": \"microsoft.graph.openTypeExtension\" and an extensionName."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	if _, taken := u.Extensions[strings.ToLower(name)]; taken {
		writeGraphError(w, r, &graphError{Status: http.StatusConflict, Code: "NameAlreadyExists", Message: "An extension already exists with given id."})
		return
	}
	if len(u.Extensions) >= maxUserExtensions {
		writeGraphError(w, r, errBadRequest("The maximum number of open extensions for this object has been reached."))
		return
	}
	data := extensionData(body)
	if extensionTooLarge(data) {
		writeGraphError(w, r, errBadRequest("An open extension holds at most 2 KB of data."))
		return
	}
	if u.Extensions == nil {
		u.Extensions = map[string]userExtension{}
	}
	u.Extensions[strings.ToLower(name)] = userExtension{Name: name, Data: data}
	writeJSON(w, http.StatusCreated, extensionJSON(name, data))
}

// pathExtension finds the user and the open extension a path names, or
// writes Graph's 404; the caller holds s.mu.
func (s *Server) pathExtension(w http.ResponseWriter, r *http.Request) (*user, string, userExtension, bool) {
	u := s.pathUser(w, r)
	if u == nil {
		return nil, "", userExtension{}, false
	}
	key := strings.ToLower(r.PathValue("name"))
	ext, ok := u.Extensions[key]
	if !ok {
		writeGraphError(w, r, errNotFound(r.PathValue("name")))
	}
	return u, key, ext, ok
}

// handleGetUserExtension serves GET /users/{id}/extensions/{name}.
func (s *Server) handleGetUserExtension(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, ext, ok := s.pathExtension(w, r); ok {
		writeJSON(w, http.StatusOK, extensionJSON(ext.Name, ext.Data))
	}
}

// handleDeleteUserExtension serves DELETE /users/{id}/extensions/{name}.
func (s *Server) handleDeleteUserExtension(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, key, _, ok := s.pathExtension(w, r); ok {
		delete(u.Extensions, key)
		w.WriteHeader(http.StatusNoContent)
	}
}

// handlePatchUserExtension serves PATCH /users/{id}/extensions/{name}: the
// properties given replace those of the same names, and the others stay;
// 204.
func (s *Server) handlePatchUserExtension(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, key, ext, ok := s.pathExtension(w, r)
	if !ok {
		return
	}
	data := maps.Clone(ext.Data)
	if data == nil {
		data = map[string]any{}
	}
	maps.Copy(data, extensionData(body))
	if extensionTooLarge(data) {
		writeGraphError(w, r, errBadRequest("An open extension holds at most 2 KB of data."))
		return
	}
	u.Extensions[key] = userExtension{Name: ext.Name, Data: data}
	w.WriteHeader(http.StatusNoContent)
}
