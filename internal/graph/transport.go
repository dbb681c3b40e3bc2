package graph

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// MaxAttempts bounds retries when the context has no deadline.
const MaxAttempts = 12

// baseTransport is a clone of the default transport that also trusts the
// CA bundle in caFile.
func baseTransport(caFile string) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // documented type
	// Concurrent resources share one client: keep their connections alive
	// instead of paying a TLS handshake for every batch.
	tr.MaxIdleConnsPerHost = 64
	if caFile == "" {
		return tr, nil
	}
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading the CA bundle %s: %w", caFile, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("the CA bundle %s holds no PEM certificate", caFile)
	}
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return tr, nil
}

// retryTransport sits under kiota's middleware, so that every Graph request,
// $batch included, is retried in one place: on 429, 503 and 504 honoring
// Retry-After, and on a dropped connection. It also sets the User-Agent and
// logs each call without its headers. kiota's own retry handler is switched
// off, because it gives up after three tries and ignores the context's
// deadline.
type retryTransport struct {
	next      http.RoundTripper
	userAgent string
	pacer     *pacer
	invites   *inviteLimiter
	writes    *budgetLimiter
	reads     *budgetLimiter
	clock     *serverClock
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
	}
	invite := req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/invitations")
	units, writes := requestCost(req.Method, req.URL.String())
	if req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/$batch") {
		units, writes = batchCost(body)
	}
	for attempt := 1; ; attempt++ {
		// Invitations have their own limit; every other request waits out
		// any pause Graph has asked of the whole tenant.
		answered := func() {}
		if invite {
			var err error
			if answered, err = t.invites.acquire(ctx); err != nil {
				return nil, err
			}
		} else if err := t.pacer.wait(ctx); err != nil {
			return nil, err
		}
		// Then the app's own budgets, which every resource shares.
		spentWrites, prepaid := takePrepaidWrites(ctx, writes)
		if !prepaid {
			var err error
			if spentWrites, err = t.writes.acquire(ctx, writes); err != nil {
				return nil, err
			}
		}
		spentUnits, err := t.reads.acquire(ctx, units)
		if err != nil {
			return nil, err
		}
		try := req.Clone(ctx)
		if body != nil {
			try.Body = io.NopCloser(bytes.NewReader(body))
			try.ContentLength = int64(len(body))
		}
		try.Header.Set("User-Agent", t.userAgent)
		start := time.Now()
		resp, err := t.roundTrip(try)
		answered()
		spentWrites()
		spentUnits()
		t.clock.observe(resp, time.Now())
		if err != nil {
			tflog.Debug(ctx, "Graph request failed", map[string]any{"method": req.Method, "path": req.URL.Path, "attempt": attempt, "error": err.Error()})
			if !retryableNetError(err) || !canRetry(ctx, attempt, backoff(attempt)) {
				return nil, err
			}
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return nil, err
			}
			continue
		}
		tflog.Debug(ctx, "Graph request", map[string]any{
			"method": req.Method, "path": req.URL.Path, "status": resp.StatusCode, "attempt": attempt,
			"duration_ms": time.Since(start).Milliseconds(), "request_id": resp.Header.Get("request-id"),
		})
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		default:
			return resp, nil
		}
		delay, given := retryAfter(resp.Header.Get("Retry-After"))
		if !given {
			delay = backoff(attempt)
		}
		switch {
		case resp.StatusCode != http.StatusTooManyRequests:
		case invite:
			t.invites.throttled(time.Now(), delay)
		default:
			t.pacer.throttled(delay)
		}
		if !canRetry(ctx, attempt, delay) {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if err := sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attemptTimeout bounds one attempt from its send to the end of its
// answer's body, as the SDK's default client bounded the whole request.
const attemptTimeout = 100 * time.Second

// roundTrip sends one attempt under attemptTimeout, which ends when the
// answer's body is closed.
func (t *retryTransport) roundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), attemptTimeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// retryableNetError is a connection the server or a middlebox dropped. The
// operations that go through here are safe to send twice: an invite of the
// same email returns the same user, and the duplicate-member and
// duplicate-assignment answers are treated as success.
func retryableNetError(err error) bool {
	// A reset can also surface as net.ErrClosed, when the transport closed
	// the broken connection just as the request was being written to it.
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, net.ErrClosed)
}

func canRetry(ctx context.Context, attempt int, delay time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	if deadline, ok := ctx.Deadline(); ok {
		return time.Until(deadline) > delay
	}
	return attempt < MaxAttempts
}

// retryAfter parses Retry-After in seconds (Graph sends fractions such as
// 2.128) or as an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// backoff is exponential from 250 ms with jitter, capped at 30 s.
func backoff(attempt int) time.Duration {
	d := 250 * time.Millisecond << min(attempt-1, 7)
	d = min(d, 30*time.Second)
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter needs no cryptographic randomness
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
