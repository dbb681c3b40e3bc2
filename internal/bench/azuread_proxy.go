package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// memberFilterProxy stands between azuread and the emulator for one reason:
// azuread reads a membership with GET /groups/{id}/members?$filter=id eq
// '<member>' and no ConsistencyLevel header, which the emulator refuses as
// an advanced query (400 Request_UnsupportedQuery), while azuread has
// always been run that way against Graph. The proxy adds
// ConsistencyLevel: eventual and $count=true to those requests only. The
// emulator prices a request by its path, $select, $expand and $top, so the
// units and writes it counts are those of the request azuread sent.
//
// azuread finds Graph through the cloud metadata document, and Graph's
// address is also its token audience, so the proxy writes its own address
// for the emulator's in every answer, and the emulator's for its own in
// every request.
type memberFilterProxy struct {
	url     string // https://127.0.0.1:port
	caPath  string // the emulator's CA and the proxy's certificate
	patched atomic.Int64
	server  *http.Server
}

func startMemberFilterProxy(emuURL, emuCA, dir string) (*memberFilterProxy, error) {
	target, err := url.Parse(emuURL)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &memberFilterProxy{url: "https://" + ln.Addr().String()}
	cert, certPEM, err := selfSigned()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	ca, err := os.ReadFile(emuCA)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	p.caPath = dir + "/proxy-ca.pem"
	if err := os.WriteFile(p.caPath, append(append(ca, '\n'), certPEM...), 0o644); err != nil {
		_ = ln.Close()
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	toEmu := strings.NewReplacer(p.url, emuURL, url.QueryEscape(p.url), url.QueryEscape(emuURL))
	fromEmu := strings.NewReplacer(emuURL, p.url)
	director := rp.Director
	rp.Director = func(r *http.Request) {
		director(r)
		r.Host = target.Host
		if r.Method == http.MethodGet && isMembersPath(r.URL.Path) && r.URL.Query().Get("$filter") != "" &&
			r.Header.Get("ConsistencyLevel") == "" {
			q := r.URL.Query()
			q.Set("$count", "true")
			r.URL.RawQuery = q.Encode()
			r.Header.Set("ConsistencyLevel", "eventual")
			p.patched.Add(1)
		}
		if r.Body != nil && r.ContentLength != 0 {
			b, _ := io.ReadAll(r.Body)
			b = []byte(toEmu.Replace(string(b)))
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
	}
	rp.ModifyResponse = func(resp *http.Response) error {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		b = []byte(fromEmu.Replace(string(b)))
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		resp.Header.Del("Content-Length")
		return nil
	}
	p.server = &http.Server{Handler: rp, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	go func() { _ = p.server.ServeTLS(ln, "", "") }()
	return p, nil
}

func (p *memberFilterProxy) Close() { _ = p.server.Close() }

// isMembersPath is /v1.0 or /beta /groups/{id}/members, uncast.
func isMembersPath(path string) bool {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	return len(segs) == 4 && segs[1] == "groups" && segs[3] == "members"
}

// selfSigned makes the proxy's certificate for 127.0.0.1.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "b2b bench proxy"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
