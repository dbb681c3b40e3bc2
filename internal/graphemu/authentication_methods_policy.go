package graphemu

import (
	"encoding/json"
	"net/http"
)

// The email one-time passcode method of the authentication methods policy
// (/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email),
// a singleton. allowExternalIdToUseEmailOtp says whether guests may redeem
// with a passcode sent by mail; `default` is enabled in tenants that did
// not take part in the preview, which the emulated tenant did not.

// emailMethod is what the emulator keeps of the email method.
type emailMethod struct {
	State     string // enabled or disabled: whether members may use it
	GuestsOTP string // allowExternalIdToUseEmailOtp
	// Extras are the other properties written, kept as written.
	Extras map[string]json.RawMessage
}

func defaultEmailMethod() emailMethod {
	return emailMethod{State: "enabled", GuestsOTP: "default"}
}

// guestsMayUseOTP reports whether a guest may redeem with a one-time
// passcode.
func (m emailMethod) guestsMayUseOTP() bool { return m.GuestsOTP != "disabled" }

func (s *Server) handleGetEmailMethod(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.tenant.emailMethod
	out := map[string]any{
		"@odata.context":               s.baseURL + "/v1.0/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity",
		"@odata.type":                  "#microsoft.graph.emailAuthenticationMethodConfiguration",
		"id":                           "Email",
		"state":                        m.State,
		"allowExternalIdToUseEmailOtp": m.GuestsOTP,
		"excludeTargets":               []any{},
	}
	for k, v := range m.Extras {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

// handlePatchEmailMethod serves the PATCH: checked as Graph's reader
// checks it (write_schema.go), all or nothing; 204.
func (s *Server) handlePatchEmailMethod(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	if ge := emailMethodObject.checkBody(body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.tenant.emailMethod
	next.Extras = map[string]json.RawMessage{}
	for k, v := range s.tenant.emailMethod.Extras {
		next.Extras[k] = v
	}
	for k, raw := range body {
		switch k {
		case "state":
			_ = json.Unmarshal(raw, &next.State)
		case "allowExternalIdToUseEmailOtp":
			_ = json.Unmarshal(raw, &next.GuestsOTP)
		case "@odata.type":
		default:
			next.Extras[k] = raw
		}
	}
	s.tenant.emailMethod = next
	w.WriteHeader(http.StatusNoContent)
}
