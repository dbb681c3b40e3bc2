package graphemu

import (
	"bytes"
	"context"
	"net/http"
	"sync"
)

// Hold stops one Graph request on its way in or out, so that a test can
// kill the client at that moment: before the request takes effect, or after
// it took effect and before its answer leaves. A request whose client has
// gone by the time the hold is released is dropped as an HTTP server drops
// it: a held request never takes effect, and a held answer is never sent.
type Hold struct {
	server          *Server
	method, path    string
	afterProcessing bool
	arrived         chan struct{}
	gone            chan struct{}
	release         chan struct{}
	once            sync.Once
}

// HoldNext holds the next Graph request (not a $batch part) with this method
// and version-less path, such as "POST" and "/invitations". With
// afterProcessing, the request takes effect and its answer is held.
func (s *Server) HoldNext(method, path string, afterProcessing bool) *Hold {
	h := &Hold{server: s, method: method, path: path, afterProcessing: afterProcessing, arrived: make(chan struct{}), gone: make(chan struct{}), release: make(chan struct{})}
	s.holdsMu.Lock()
	defer s.holdsMu.Unlock()
	s.holds = append(s.holds, h)
	return h
}

// Arrived is closed when the held request has reached the hold.
func (h *Hold) Arrived() <-chan struct{} { return h.arrived }

// ClientGone is closed when the client of the held request has gone away,
// as the server sees it: a test releases the hold after that, so that the
// server drops the request rather than racing the news of the client.
func (h *Hold) ClientGone() <-chan struct{} { return h.gone }

// Release lets the held request, or its answer, go on; a hold that no
// request has reached yet is dropped.
func (h *Hold) Release() {
	h.once.Do(func() { close(h.release) })
	h.server.holdsMu.Lock()
	defer h.server.holdsMu.Unlock()
	for i, held := range h.server.holds {
		if held == h {
			h.server.holds = append(h.server.holds[:i], h.server.holds[i+1:]...)
			break
		}
	}
}

func (s *Server) takeHold(method, path string) *Hold {
	s.holdsMu.Lock()
	defer s.holdsMu.Unlock()
	for i, h := range s.holds {
		if h.method == method && h.path == path {
			s.holds = append(s.holds[:i], s.holds[i+1:]...)
			return h
		}
	}
	return nil
}

// wait blocks until the hold is released, and reports whether the client
// is still there.
func (h *Hold) wait(ctx context.Context) bool {
	close(h.arrived)
	select {
	case <-h.release:
	case <-ctx.Done():
		close(h.gone)
		<-h.release
	}
	return ctx.Err() == nil
}

// serveHeld runs serve under the hold h.
func (h *Hold) serveHeld(w http.ResponseWriter, r *http.Request, serve func(http.ResponseWriter, *http.Request)) {
	if !h.afterProcessing {
		if h.wait(r.Context()) {
			serve(w, r)
		}
		return
	}
	// The request runs on a context of its own, so that the client going
	// away does not stop it halfway.
	buf := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	serve(buf, r.WithContext(context.WithoutCancel(r.Context())))
	if !h.wait(r.Context()) {
		return
	}
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	w.WriteHeader(buf.status)
	_, _ = w.Write(buf.body.Bytes())
}

type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
