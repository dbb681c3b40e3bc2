package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The subcommands drive a running emulator from the variables it exports:
// time moves, a sign-in is recorded, and a guest opens its link and
// accepts.
func TestRehearsalControls(t *testing.T) {
	srv, err := graphemu.Start(graphemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for k, v := range srv.Env() {
		t.Setenv(k, v)
	}
	run := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		handled, err := runControl(args, &out)
		if !handled || err != nil {
			t.Fatalf("graphemu %s: handled %v, %v\n%s", strings.Join(args, " "), handled, err, out.String())
		}
		return out.String()
	}

	before := srv.Now()
	run("clock", "advance", "30d")
	if moved := srv.Now().Sub(before); moved < 30*24*time.Hour || moved > 30*24*time.Hour+time.Minute {
		t.Errorf("the clock moved %s, want 30 days", moved)
	}

	guest := srv.InviteGuest("ana@partner.example", "Ana")
	if out := run("sign-in", "-ago", "10d", "ana@partner.example"); !strings.Contains(out, "successful interactive sign-in of ana@partner.example") {
		t.Errorf("sign-in printed %q", out)
	}
	u, _ := srv.User(guest.ID)
	if want := srv.Now().Add(-10 * 24 * time.Hour); u.LastSignIn.Sub(want).Abs() > time.Minute {
		t.Errorf("last sign-in %v, want about %v", u.LastSignIn, want)
	}

	if out := run("redeem", "-look", guest.RedeemURL); !strings.HasPrefix(out, "consent page: Review permissions") {
		t.Errorf("redeem -look printed %q", out)
	}
	if u, _ := srv.User(guest.ID); u.ExternalUserState != "PendingAcceptance" {
		t.Fatalf("looking at the consent page redeemed the guest: %s", u.ExternalUserState)
	}
	if out := run("redeem", guest.RedeemURL); !strings.HasPrefix(out, "consent page shown, and accepted") {
		t.Errorf("redeem printed %q", out)
	}
	if u, _ := srv.User(guest.ID); u.ExternalUserState != "Accepted" {
		t.Fatalf("after redeem the guest is %s", u.ExternalUserState)
	}
	var out bytes.Buffer
	if _, err := runControl([]string{"redeem", guest.RedeemURL}, &out); err == nil {
		t.Error("a used link should fail")
	}
}

// redeem - takes the link from a sensitive output's JSON on standard input,
// as terraform output -json prints it, by the guest's email.
func TestRedeemReadsTheLinkFromAnOutput(t *testing.T) {
	srv, err := graphemu.Start(graphemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for k, v := range srv.Env() {
		t.Setenv(k, v)
	}
	ana := srv.InviteGuest("ana@partner.example", "Ana")
	bo := srv.InviteGuest("bo@partner.example", "Bo")
	links := fmt.Sprintf(`{"ana@partner.example": %q, "bo@partner.example": %q}`, ana.RedeemURL, bo.RedeemURL)
	redeem := func(args ...string) (string, error) {
		controlStdin = strings.NewReader(links)
		t.Cleanup(func() { controlStdin = os.Stdin })
		var out bytes.Buffer
		_, err := runControl(append([]string{"redeem"}, args...), &out)
		return out.String(), err
	}
	if out, err := redeem("-key", "bo@partner.example", "-"); err != nil || !strings.HasPrefix(out, "consent page shown, and accepted") {
		t.Fatalf("redeem -key bo: %q, %v", out, err)
	}
	if u, _ := srv.User(bo.ID); u.ExternalUserState != "Accepted" {
		t.Errorf("Bo is %s after opening his link", u.ExternalUserState)
	}
	if u, _ := srv.User(ana.ID); u.ExternalUserState != "PendingAcceptance" {
		t.Errorf("Ana is %s, though only Bo's link was opened", u.ExternalUserState)
	}
	if _, err := redeem("-key", "cy@partner.example", "-"); err == nil || !strings.Contains(err.Error(), "ana@partner.example, bo@partner.example") {
		t.Errorf("an email the object lacks: %v", err)
	}
	if _, err := redeem("-"); err == nil || !strings.Contains(err.Error(), "-key") {
		t.Errorf("an object without -key: %v", err)
	}
}

// A relative -state-dir and -env-file are written as absolute paths, so the
// variables work from any folder.
func TestRelativePathsBecomeAbsolute(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "graphemu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-state-dir", "emu", "-env-file", "emu.env")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var env []byte
	for range 200 {
		if env, _ = os.ReadFile(filepath.Join(dir, "emu.env")); bytes.Contains(env, []byte("SSL_CERT_FILE")) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, line := range strings.Split(string(env), "\n") {
		if v, ok := strings.CutPrefix(line, "export SSL_CERT_FILE="); ok {
			path := strings.Trim(v, `"`)
			if !filepath.IsAbs(path) {
				t.Fatalf("SSL_CERT_FILE=%s is relative", path)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("the env file has no SSL_CERT_FILE:\n%s", env)
}
