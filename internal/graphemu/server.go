package graphemu

import (
	"crypto/rsa"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Options configures an emulator. The zero value is a well-behaved tenant
// built from DefaultSeed, on a free port, with no faults.
type Options struct {
	// Addr is the listen address; empty means 127.0.0.1 on a free port.
	Addr string
	// Seed is the tenant; nil means DefaultSeed.
	Seed *Seed
	// CertFile and KeyFile, when both are set, are served instead of a
	// certificate signed by the emulator's own CA.
	CertFile, KeyFile string
	// ClockAhead starts the tenant's clock this far ahead of real time,
	// before the seed is read.
	ClockAhead time.Duration
	// StateDir receives ca.pem and keeps the tenant across restarts
	// (persist.go); empty means a new temporary directory and a tenant
	// that ends with the process.
	StateDir string
	// TokenLifetime is how long access tokens live (default one hour).
	TokenLifetime time.Duration
	// AccessTokenVersion is 1 (default: what Entra issues for Graph, from
	// either token endpoint) or 2, for clients that must handle v2.0 tokens.
	AccessTokenVersion int
	// PageSize, when set, is the largest page of GET /users, whatever $top
	// asks: tests set it small to make paging happen. Unset, pages are
	// Graph's: 100 users, or $top up to 999.
	PageSize int
	// Faults are the realism knobs; they can also be changed while running
	// with Server.SetFaults.
	Faults Faults
	// RandomSeed makes the random faults repeatable.
	RandomSeed uint64
}

// Server is a running emulator.
type Server struct {
	opts     Options
	listener net.Listener
	http     *http.Server
	caPEM    []byte
	caPath   string
	baseURL  string
	signKey  *rsa.PrivateKey
	keyID    string
	handler  http.Handler
	graphMux *http.ServeMux

	mu          sync.Mutex
	tenant      *tenant
	faults      Faults
	rng         *rand.Rand
	invites     []time.Time
	budgets     budgets
	stats       *stats
	permissions permissionLog
	faultCounts map[string]int
	sent        []SentInvitation
	issued      []string
	now         func() time.Time

	clockMu    sync.Mutex
	clockAhead time.Duration

	holdsMu sync.Mutex
	holds   []*Hold

	// persist saves the tenant in StateDir; nil without one.
	persist *persister
	// Restored is whether the tenant came from StateDir rather than
	// the seed.
	Restored bool
}

// Start builds the tenant and serves it until Close.
func Start(opts Options) (*Server, error) {
	seed := DefaultSeed()
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	if err := CheckSeed(seed); err != nil {
		return nil, fmt.Errorf("the seed: %w", err)
	}
	if opts.TokenLifetime == 0 {
		opts.TokenLifetime = time.Hour
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	s := &Server{
		opts:        opts,
		faults:      opts.Faults,
		rng:         rand.New(rand.NewPCG(opts.RandomSeed, 0x6b2b)),
		stats:       newStats(),
		faultCounts: map[string]int{},
	}
	s.now = s.clockNow
	var saved savedTenant
	if opts.StateDir != "" {
		st, ok, err := loadSaved(opts.StateDir)
		if err != nil {
			return nil, err
		}
		s.persist = &persister{path: filepath.Join(opts.StateDir, tenantFile)}
		saved, s.Restored = st, ok
	}
	if s.Restored {
		// A restart goes on from the tenant's time, further ahead if
		// asked, and where it listened, so that the links and settings
		// handed out before stay good.
		s.AdvanceClock(saved.ClockAhead + opts.ClockAhead)
		s.tenant = restore(saved)
		if port := opts.Addr[strings.LastIndex(opts.Addr, ":")+1:]; port == "0" && saved.Addr != "" {
			if ln, err := net.Listen("tcp", saved.Addr); err == nil {
				_ = ln.Close()
				opts.Addr = saved.Addr
			}
		}
	} else {
		// The clock moves before the seed is read, so that the seed's
		// ages count back from the tenant's time.
		s.AdvanceClock(opts.ClockAhead)
		s.tenant = newTenant(seed, s.now())
		if err := s.applySeedSettings(seed.SeedSettings); err != nil {
			return nil, fmt.Errorf("the seed: %w", err)
		}
	}
	key, err := rsa.GenerateKey(cryptoRand, 2048)
	if err != nil {
		return nil, err
	}
	s.signKey, s.keyID = key, "graphemu-"+newID()[:8]

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("graphemu: listen on %s: %w", opts.Addr, err)
	}
	s.listener = ln
	s.baseURL = "https://" + ln.Addr().String()

	cert, caPEM, err := s.certificate()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	s.caPEM = caPEM
	if err := s.writeCA(); err != nil {
		_ = ln.Close()
		return nil, err
	}
	if s.persist != nil && !s.Restored {
		// The seeded tenant is saved at once, so that a restart before
		// the first write keeps its staged ages.
		if err := s.Save(); err != nil {
			_ = ln.Close()
			return nil, err
		}
	}

	s.handler = s.persisting(s.routes())
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// HTTP/1.1 only: a connection reset fault needs to hijack the
		// connection, which HTTP/2 does not allow.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		TLSConfig:    &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ErrorLog:     nil,
	}
	go func() {
		if err := s.http.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "graphemu: %v\n", err)
		}
	}()
	return s, nil
}

func (s *Server) writeCA() error {
	dir := s.opts.StateDir
	if dir == "" {
		d, err := os.MkdirTemp("", "graphemu-")
		if err != nil {
			return err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.caPath = filepath.Join(dir, "ca.pem")
	return os.WriteFile(s.caPath, s.caPEM, 0o644)
}

// Close stops serving, and saves the tenant when a state directory keeps
// it.
func (s *Server) Close() error {
	err := s.http.Close()
	if serr := s.Save(); serr != nil && err == nil {
		err = serr
	}
	return err
}

// URL is the emulator's origin, such as https://127.0.0.1:40123. It is the
// authority host as well as the Graph host.
func (s *Server) URL() string { return s.baseURL }

// GraphEndpoint is the Graph base URL without the version segment.
func (s *Server) GraphEndpoint() string { return s.baseURL }

// CAPath is the PEM file to point SSL_CERT_FILE at.
func (s *Server) CAPath() string { return s.caPath }

// CAPEM is the CA certificate in PEM form.
func (s *Server) CAPEM() []byte { return append([]byte(nil), s.caPEM...) }

// TenantID is the seeded tenant's id.
func (s *Server) TenantID() string { return s.tenant.ID }

// IssuerURL is the emulator's own OIDC issuer for federated credentials.
func (s *Server) IssuerURL() string { return s.baseURL + "/_emulator/oidc" }

// Env returns the environment variables that point the provider at the
// emulator with the secret of the seed's first app, whichever seed it
// started from.
func (s *Server) Env() map[string]string {
	s.mu.Lock()
	app := s.tenant.apps[s.tenant.systemIdentity]
	s.mu.Unlock()
	env := map[string]string{
		"ARM_TENANT_ID":      s.tenant.ID,
		"B2B_GRAPH_ENDPOINT": s.GraphEndpoint(),
		"B2B_AUTHORITY_HOST": s.URL(),
		"SSL_CERT_FILE":      s.caPath,
	}
	if app != nil {
		env["ARM_CLIENT_ID"] = app.ClientID
		if len(app.Secrets) > 0 {
			env["ARM_CLIENT_SECRET"] = app.Secrets[0]
		}
	}
	return env
}
