package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The rehearsal subcommands drive a running emulator, found by the
// variables it exported (B2B_AUTHORITY_HOST, SSL_CERT_FILE), so that a
// guide's steps can move time, sign people in and click a guest's link
// from the same shell that runs terraform.

const controlsUsage = `Rehearsal controls, for an emulator that is running (found by
B2B_AUTHORITY_HOST and SSL_CERT_FILE, as it exported them):

  graphemu clock                     print the tenant's time
  graphemu clock advance 30d         move the tenant's clock forward (720h, 30d)
  graphemu sign-in [flags] USER      record a sign-in of USER (email, id or UPN)
      -ago 10d | -at 2026-01-31T09:00:00Z   when (default: now)
      -non-interactive                      a client's sign-in on the user's behalf
      -failed                               an attempt that did not succeed
  graphemu redeem [-look] URL        act as the guest: open the redeem link and
                                     accept the consent page (-look: only open it);
                                     prints "accepted", "consent page", or
                                     "refused" and why (exit 1)
  graphemu redeem [-look] -key EMAIL -
                                     the same, with the link read from standard
                                     input: EMAIL's entry of a JSON object, such as
                                     terraform output -json redeem_links
`

// runControl runs a subcommand, or reports false for none.
func runControl(args []string, stdout io.Writer) (bool, error) {
	if len(args) == 0 {
		return false, nil
	}
	switch args[0] {
	case "clock":
		return true, clockCommand(args[1:], stdout)
	case "sign-in":
		return true, signInCommand(args[1:], stdout)
	case "redeem":
		return true, redeemCommand(args[1:], stdout)
	}
	return false, nil
}

func controlClient() (*http.Client, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if path := os.Getenv("SSL_CERT_FILE"); path != "" {
		pem, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading SSL_CERT_FILE: %w", err)
		}
		pool.AppendCertsFromPEM(pem)
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}, nil
}

func controlBase() (string, error) {
	base := strings.TrimSuffix(os.Getenv("B2B_AUTHORITY_HOST"), "/")
	if base == "" {
		return "", errors.New("B2B_AUTHORITY_HOST is not set: source the file that graphemu -env-file wrote, or export what it printed")
	}
	return base, nil
}

// callControl sends a control request and decodes its JSON answer.
func callControl(method, path string, body any) (map[string]any, error) {
	base, err := controlBase()
	if err != nil {
		return nil, err
	}
	hc, err := controlClient()
	if err != nil {
		return nil, err
	}
	var in io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, in)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s %s answered %s, not JSON", method, path, resp.Status)
	}
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%v", out["error"])
	}
	return out, nil
}

func clockCommand(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 0:
		out, err := callControl("GET", "/_emulator/clock", nil)
		if err == nil {
			fmt.Fprintln(stdout, out["now"])
		}
		return err
	case len(args) == 2 && args[0] == "advance":
		out, err := callControl("POST", "/_emulator/clock", map[string]string{"advance": args[1]})
		if err == nil {
			fmt.Fprintf(stdout, "the tenant's clock now reads %v\n", out["now"])
		}
		return err
	}
	return errors.New("usage: graphemu clock [advance DURATION]")
}

func signInCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sign-in", flag.ContinueOnError)
	ago := fs.String("ago", "", "how long ago (720h, 10d)")
	at := fs.String("at", "", "when (RFC 3339)")
	nonInteractive := fs.Bool("non-interactive", false, "a client's sign-in on the user's behalf")
	failed := fs.Bool("failed", false, "an attempt that did not succeed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: graphemu sign-in [-ago D | -at T] [-non-interactive] [-failed] USER")
	}
	out, err := callControl("POST", "/_emulator/sign-ins", map[string]any{
		"user": fs.Arg(0), "ago": *ago, "at": *at, "non_interactive": *nonInteractive, "failed": *failed})
	if err != nil {
		return err
	}
	kind := "interactive"
	if *nonInteractive {
		kind = "non-interactive"
	}
	outcome := "successful"
	if out["failed"] == true {
		outcome = "failed"
	}
	fmt.Fprintf(stdout, "recorded a %s %s sign-in of %v (%v) at %v\n", outcome, kind, out["mail"], out["user_id"], out["at"])
	return nil
}

var pageText = regexp.MustCompile(`<[^>]*>`)

func redeemCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("redeem", flag.ContinueOnError)
	look := fs.Bool("look", false, "only open the link; do not accept the consent page")
	key := fs.String("key", "", "with - as the link: the entry of the JSON object on standard input to open")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: graphemu redeem [-look] REDEEM_URL, or graphemu redeem [-look] -key EMAIL - < links.json")
	}
	link := fs.Arg(0)
	if link == "-" {
		var err error
		if link, err = linkFromInput(controlStdin, *key); err != nil {
			return err
		}
	}
	hc, err := controlClient()
	if err != nil {
		return err
	}
	status, text, err := fetchPage(hc, "GET", link)
	if err != nil {
		return err
	}
	switch {
	case status == http.StatusForbidden:
		return fmt.Errorf("refused: %s", text)
	case status != http.StatusOK:
		return fmt.Errorf("the link answered %d: %s", status, text)
	case strings.Contains(text, "Invitation accepted"):
		fmt.Fprintln(stdout, "accepted at once (automatic redemption): no consent page")
		return nil
	case *look:
		fmt.Fprintln(stdout, "consent page: "+text)
		return nil
	}
	status, text, err = fetchPage(hc, "POST", link)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("refused at the consent page (%d): %s", status, text)
	}
	fmt.Fprintln(stdout, "consent page shown, and accepted: "+text)
	return nil
}

// fetchPage opens a page as a browser would and returns its text.
func fetchPage(hc *http.Client, method, url string) (int, string, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	text := strings.Join(strings.Fields(pageText.ReplaceAllString(string(b), " ")), " ")
	return resp.StatusCode, strings.TrimSuffix(text, " Accept"), nil
}

// controlStdin is where "graphemu redeem -" reads the link.
var controlStdin io.Reader = os.Stdin

// linkFromInput reads a redeem link from what a pipeline hands over: the
// link itself, a JSON string, or, with key, one entry of a JSON object
// such as a sensitive output's value, so that the link never passes
// through a shell variable or a command line.
func linkFromInput(r io.Reader, key string) (string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	text := strings.TrimSpace(string(data))
	switch {
	case strings.HasPrefix(text, "{"):
		var links map[string]any
		if err := json.Unmarshal([]byte(text), &links); err != nil {
			return "", fmt.Errorf("standard input is not a JSON object: %w", err)
		}
		if key == "" {
			return "", errors.New("standard input is a JSON object: name its entry with -key")
		}
		for k, v := range links {
			if link, ok := v.(string); ok && strings.EqualFold(k, key) {
				return link, nil
			}
		}
		names := make([]string, 0, len(links))
		for k := range links {
			names = append(names, k)
		}
		sort.Strings(names)
		return "", fmt.Errorf("the JSON object on standard input has no link for %q; it has %s", key, strings.Join(names, ", "))
	case strings.HasPrefix(text, `"`):
		var link string
		if err := json.Unmarshal([]byte(text), &link); err != nil {
			return "", fmt.Errorf("standard input is not a JSON string: %w", err)
		}
		return link, nil
	case text == "":
		return "", errors.New("standard input holds no link")
	}
	return text, nil
}
