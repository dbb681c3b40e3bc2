package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
)

// A pipeline keeps its state in a remote backend, and Terraform treats
// that state differently from a local file: the local backend rewrites and
// fsyncs the whole file after every instance applied, a cost that grows
// with the state and so with N² over an apply, while a remote backend
// keeps the state in memory and sends it every 20 seconds and at the end.
// The bench measures the pipeline's case by default: each working
// directory keeps its state in this in-process server through Terraform's
// http backend, whose client (internal/backend/remote-state/http) reads a
// state with GET (404: none yet), stores it with POST, and locks with LOCK
// and UNLOCK on the same address, a held lock answered 423 with the
// holder's lock info as JSON.

// stateServer stores one state, and its lock, per path.
type stateServer struct {
	srv  *http.Server
	addr string

	mu     sync.Mutex
	states map[string][]byte
	locks  map[string]lockInfo
	posts  int
}

// lockInfo is the part of Terraform's statemgr.LockInfo that the server
// reads; it keeps the whole JSON to answer a conflicting LOCK with.
type lockInfo struct {
	ID  string `json:"ID"`
	raw []byte
}

func startStateServer() (*stateServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &stateServer{addr: "http://" + ln.Addr().String(), states: map[string][]byte{}, locks: map[string]lockInfo{}}
	s.srv = &http.Server{Handler: s}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *stateServer) Close() error { return s.srv.Close() }

// Posts is how many times Terraform has stored a state.
func (s *stateServer) Posts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

func (s *stateServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		state, ok := s.states[key]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(state)
	case http.MethodPost:
		// Terraform sends the lock's ID with every write made under it; a
		// write from anyone else while the lock is held is refused, as a
		// locking server must.
		if held, ok := s.locks[key]; ok && r.URL.Query().Get("ID") != held.ID {
			s.conflict(w, held)
			return
		}
		s.states[key] = body
		s.posts++
		w.WriteHeader(http.StatusOK)
	case http.MethodDelete:
		delete(s.states, key)
		w.WriteHeader(http.StatusOK)
	case "LOCK":
		var info lockInfo
		if err := json.Unmarshal(body, &info); err != nil || info.ID == "" {
			http.Error(w, "the body must be Terraform's lock info, with an ID", http.StatusBadRequest)
			return
		}
		if held, ok := s.locks[key]; ok {
			s.conflict(w, held)
			return
		}
		info.raw = body
		s.locks[key] = info
		w.WriteHeader(http.StatusOK)
	case "UNLOCK":
		// terraform force-unlock sends no lock info: it unlocks whatever
		// holds the lock.
		var info lockInfo
		if len(body) > 0 {
			if err := json.Unmarshal(body, &info); err != nil {
				http.Error(w, "the body must be Terraform's lock info", http.StatusBadRequest)
				return
			}
		}
		if held, ok := s.locks[key]; ok && info.ID != "" && info.ID != held.ID {
			s.conflict(w, held)
			return
		}
		delete(s.locks, key)
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE, LOCK, UNLOCK")
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// conflict answers a request that the lock held by another refuses: 423
// with the holder's lock info, which Terraform shows in its error.
func (s *stateServer) conflict(w http.ResponseWriter, held lockInfo) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusLocked)
	_, _ = w.Write(held.raw)
}

// backendConfig is the backend block that keeps the state of one working
// directory, named name, in this server.
func (s *stateServer) backendConfig(name string) string {
	addr := s.addr + "/state/" + name
	return fmt.Sprintf("terraform {\n  backend \"http\" {\n    address        = %q\n    lock_address   = %q\n    unlock_address = %q\n  }\n}\n", addr, addr, addr)
}

// backendFile is the file beside main.tf that holds the backend block.
const backendFile = "backend.tf"

// prepareDir makes dir ready to run: with the http backend, it adds the
// backend block and initializes it; a configuration with modules also
// needs terraform get. terraform init would do both, but it also looks the
// provider up in the registry, which dev_overrides make moot and which a
// machine offline cannot reach; so the backend is initialized in a scratch
// directory that holds the backend block alone, and Terraform's record of
// it (.terraform/terraform.tfstate, which holds the block's hash) is moved
// into dir, where the same block stands.
func prepareDir(o options, dir string, env []string, modules bool) error {
	if o.states != nil {
		block := o.states.backendConfig(filepath.Base(dir))
		if err := os.WriteFile(filepath.Join(dir, backendFile), []byte(block), 0o644); err != nil {
			return err
		}
		scratch := dir + ".backend"
		if err := writeFiles(scratch, map[string]string{backendFile: block}); err != nil {
			return err
		}
		defer os.RemoveAll(scratch)
		if _, err := terraform(scratch, env, "init", "-input=false"); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, ".terraform"), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(scratch, ".terraform", "terraform.tfstate"), filepath.Join(dir, ".terraform", "terraform.tfstate")); err != nil {
			return err
		}
	}
	if !modules {
		return nil
	}
	_, err := terraform(dir, env, "get")
	return err
}

// backendName is what the printed headers say of the state's backend.
func backendName(o options) string {
	if o.states == nil {
		return "local (a file, rewritten after every instance)"
	}
	return "http (in memory, sent every 20 s and at the end, as pipelines keep it)"
}
