package graphemu

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// With a state directory the tenant outlives the process: a pipeline plans,
// applies, restarts the emulator and plans again against the same tenant,
// as it would against Graph. The tenant is saved to tenantFile after every
// request that may write, before the request's answer is complete, and on
// Close; a save writes a temporary file and renames it over the last one,
// so a killed emulator leaves either the previous tenant or the new one,
// never half of one. At start a saved tenant wins over the seed.

const tenantFile = "tenant.json"

// savedTenant is the tenant as the state directory keeps it. Every field
// of tenant has its counterpart here (TestSavedTenantCoversTheTenant).
type savedTenant struct {
	Version             int                          `json:"version"`
	Addr                string                       `json:"addr"`
	ClockAhead          time.Duration                `json:"clock_ahead_ns"`
	ID                  string                       `json:"id"`
	Domain              string                       `json:"domain"`
	InvitationsOff      bool                         `json:"invitations_off"`
	NoPremiumLicense    bool                         `json:"no_premium_license"`
	Apps                map[string]*App              `json:"apps"`
	SystemIdentity      string                       `json:"system_identity"`
	Users               []savedUser                  `json:"users"`
	Groups              map[string]*group            `json:"groups"`
	ServicePrincipals   map[string]*ServicePrincipal `json:"service_principals"`
	Assignments         map[string]*assignment       `json:"assignments"`
	External            []ExternalTenant             `json:"external"`
	Partners            map[string]map[string]any    `json:"partners"`
	DeletedPartners     map[string]time.Time         `json:"deleted_partners"`
	Defaults            map[string]any               `json:"defaults"`
	Collaboration       collaborationPolicy          `json:"collaboration"`
	AuthorizationExtras map[string]any               `json:"authorization_extras"`
	EmailMethod         emailMethod                  `json:"email_method"`
	ConsumerDomains     []ConsumerDomain             `json:"consumer_domains"`
}

// savedUser adds to a user's exported fields the ones its JSON leaves out.
type savedUser struct {
	user
	VisibleAt        time.Time `json:"visible_at"`
	RedeemToken      string    `json:"redeem_token,omitempty"`
	LastSignInID     string    `json:"last_sign_in_id,omitempty"`
	SuccessfulID     string    `json:"successful_sign_in_id,omitempty"`
	NonInteractiveID string    `json:"non_interactive_sign_in_id,omitempty"`
}

const savedTenantVersion = 1

// persister saves the tenant; saves are serialized, and a write whose
// change a later save already holds does not save again, so that many
// concurrent writes cost few saves.
type persister struct {
	path    string
	written atomic.Uint64 // writes finished
	mu      sync.Mutex
	saved   uint64 // writes that the file on disk holds
}

// snapshot copies the tenant into its saved form. The caller holds s.mu.
func (s *Server) snapshot() savedTenant {
	t := s.tenant
	st := savedTenant{
		Version: savedTenantVersion, Addr: s.listener.Addr().String(), ClockAhead: s.clockOffset(),
		ID: t.ID, Domain: t.Domain, InvitationsOff: t.InvitationsOff, NoPremiumLicense: t.NoPremiumLicense,
		Apps: t.apps, SystemIdentity: t.systemIdentity, Groups: t.groups, ServicePrincipals: t.sps,
		Assignments: t.assignments, External: t.external, Partners: t.partners.live, DeletedPartners: t.partners.deleted,
		Defaults: t.defaults, Collaboration: t.collaboration, AuthorizationExtras: t.authorizationExtras,
		EmailMethod: t.emailMethod, ConsumerDomains: t.consumer,
	}
	for _, u := range t.users {
		st.Users = append(st.Users, savedUser{user: *u, VisibleAt: u.visibleAt, RedeemToken: u.redeemToken,
			LastSignInID: u.SignIns.lastID, SuccessfulID: u.SignIns.successfulID, NonInteractiveID: u.SignIns.nonInteractiveID})
	}
	return st
}

// restore builds the tenant a state directory kept.
func restore(st savedTenant) *tenant {
	t := &tenant{
		ID: st.ID, Domain: st.Domain, InvitationsOff: st.InvitationsOff, NoPremiumLicense: st.NoPremiumLicense,
		apps: st.Apps, systemIdentity: st.SystemIdentity, users: map[string]*user{}, groups: st.Groups,
		sps: st.ServicePrincipals, assignments: st.Assignments, external: st.External,
		partners: partnerStore{live: st.Partners, deleted: st.DeletedPartners}, defaults: st.Defaults,
		collaboration: st.Collaboration, authorizationExtras: st.AuthorizationExtras,
		emailMethod: st.EmailMethod, consumer: st.ConsumerDomains,
	}
	for i := range st.Users {
		su := st.Users[i]
		u := su.user
		u.visibleAt, u.redeemToken = su.VisibleAt, su.RedeemToken
		u.SignIns.lastID, u.SignIns.successfulID, u.SignIns.nonInteractiveID = su.LastSignInID, su.SuccessfulID, su.NonInteractiveID
		t.users[u.ID] = &u
	}
	if t.apps == nil {
		t.apps = map[string]*App{}
	}
	if t.groups == nil {
		t.groups = map[string]*group{}
	}
	if t.sps == nil {
		t.sps = map[string]*ServicePrincipal{}
	}
	if t.assignments == nil {
		t.assignments = map[string]*assignment{}
	}
	for _, g := range t.groups {
		if g.Members == nil {
			g.Members = map[string]bool{}
		}
	}
	return t
}

// loadSaved reads the tenant a state directory holds; ok is false when
// it holds none.
func loadSaved(dir string) (st savedTenant, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(dir, tenantFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, false, fmt.Errorf("%s: %w (delete it to start from the seed)", filepath.Join(dir, tenantFile), err)
	}
	if st.Version != savedTenantVersion {
		return st, false, fmt.Errorf("%s was written by another version of graphemu (format %d, this one reads %d): delete it to start from the seed",
			filepath.Join(dir, tenantFile), st.Version, savedTenantVersion)
	}
	return st, true, nil
}

// Save writes the tenant to the state directory now; without one it does
// nothing.
func (s *Server) Save() error {
	if s.persist == nil {
		return nil
	}
	p := s.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.saveLocked(p.written.Load())
}

// saveLocked writes the tenant as it holds the first upTo writes. The
// caller holds persist.mu.
func (s *Server) saveLocked(upTo uint64) error {
	s.mu.Lock()
	data, err := json.Marshal(s.snapshot())
	s.mu.Unlock()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.persist.path), ".tenant-*.json")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), s.persist.path); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	s.persist.saved = upTo
	return nil
}

// afterWrite saves the tenant once a request that may have written has
// been handled, unless a save that began after it already holds it.
func (s *Server) afterWrite() {
	p := s.persist
	mine := p.written.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.saved >= mine {
		return
	}
	if err := s.saveLocked(p.written.Load()); err != nil {
		fmt.Fprintf(os.Stderr, "graphemu: saving the tenant: %v\n", err)
	}
}

// persisting wraps the routes so that every request that may write is
// saved before its answer leaves. Reads write nothing of the tenant, and
// neither do tokens nor a $batch of reads alone, which is most of what a
// plan sends; a guest's GET of the redeem link may redeem it.
func (s *Server) persisting(next http.Handler) http.Handler {
	if s.persist == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writes := mayWrite(r)
		next.ServeHTTP(w, r)
		if writes {
			s.afterWrite()
		}
	})
}

func mayWrite(r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, "/redeem/"):
		return true
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		return false
	case strings.Contains(r.URL.Path, "/oauth2/"), strings.HasPrefix(r.URL.Path, "/_emulator/oidc"), strings.HasPrefix(r.URL.Path, "/_emulator/ado"):
		return false
	case strings.HasSuffix(r.URL.Path, "/$batch"):
		return !batchOfReads(r)
	}
	return true
}

// batchOfReads says whether a $batch holds only GETs, and leaves its body
// for the handler to read.
func batchOfReads(r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBatchPeek+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil || len(body) > maxBatchPeek {
		return false
	}
	var batch struct {
		Requests []struct {
			Method string `json:"method"`
		} `json:"requests"`
	}
	if json.Unmarshal(body, &batch) != nil || len(batch.Requests) == 0 {
		return false
	}
	for _, req := range batch.Requests {
		if !strings.EqualFold(req.Method, http.MethodGet) {
			return false
		}
	}
	return true
}

// maxBatchPeek bounds what is read ahead of the handler; a larger body
// counts as a write.
const maxBatchPeek = 1 << 20

// SavedTenantPath is the file that keeps the tenant, or "" without a state
// directory.
func (s *Server) SavedTenantPath() string {
	if s.persist == nil {
		return ""
	}
	return s.persist.path
}
