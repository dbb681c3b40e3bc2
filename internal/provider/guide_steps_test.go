package provider

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// A guide is rehearsed as a user reads it: its ```shell blocks run in
// order, in one bash session, in a copy of the guide's example folder,
// with nothing on PATH but the graphemu command and Terraform, and the
// built provider in a filesystem mirror, as a release's zip, which the
// provider page shows for a runner that cannot reach the registry. A ```text block that follows a step, before the next one, is
// output the guide quotes: it must appear in what the step printed.

// guideStep is one shell block of a guide and the outputs it quotes.
type guideStep struct {
	script string
	quoted []string
}

var fence = regexp.MustCompile("(?ms)^```(\\w*)\\n(.*?)^```\\s*$")

// guideSteps reads the generated page, so that what is tested is what a
// user reads.
func guideSteps(t *testing.T, page string) []guideStep {
	t.Helper()
	var steps []guideStep
	for _, m := range fence.FindAllStringSubmatch(mustRead(t, filepath.Join("..", "..", "docs", "guides", page+".md")), -1) {
		switch m[1] {
		case "shell":
			steps = append(steps, guideStep{script: m[2]})
		case "text":
			if len(steps) > 0 {
				steps[len(steps)-1].quoted = append(steps[len(steps)-1].quoted, m[2])
			}
		}
	}
	if len(steps) == 0 {
		t.Fatalf("docs/guides/%s.md has no shell step", page)
	}
	return steps
}

var graphemuBuild = &pluginBuild{name: "graphemu", pkg: "../graphemu/cmd/graphemu"}

// guideSetup is what a guide expects the reader to bring that no example
// can ship: another provider the registry would serve (by namespace/type,
// the directory of its binary), and files of the reader's own, such as the
// state a migration starts from (name in the folder -> file to copy).
type guideSetup struct {
	providers map[string]string
	files     map[string]string
	// from114 is the number of the first step that needs Terraform 1.14
	// (actions, list resources); an older CLI runs the steps before it.
	from114 int
}

// runGuide runs a guide's steps in a copy of examples/<example>, and
// returns that folder.
func runGuide(t *testing.T, page, example string, setup ...guideSetup) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the guides are rehearsed only in acceptance runs")
	}
	// The guides are written for Terraform: their shell steps run
	// `terraform`, and the filesystem mirror they install from is keyed
	// by the Terraform Registry's host, which OpenTofu does not read for
	// `b2b-guests/b2b`. The other acceptance tests cover OpenTofu.
	if name, _, _ := cliVersion(t); name != "Terraform" {
		t.Skipf("the guides' shell steps are written for Terraform, not %s", name)
	}
	steps := guideSteps(t, page)
	var extra guideSetup
	if len(setup) > 0 {
		extra = setup[0]
	}
	if extra.from114 > 0 {
		if name, major, minor := cliVersion(t); name != "Terraform" || major < 1 || (major == 1 && minor < 14) {
			t.Logf("%s %d.%d runs steps 1 to %d of %d: the others need Terraform 1.14+", name, major, minor, extra.from114-1, len(steps))
			steps = steps[:extra.from114-1]
		}
	}
	work := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "examples", example), work)
	for name, from := range extra.files {
		writeFile(t, filepath.Join(work, name), mustRead(t, from))
	}

	// Nothing of the test's own environment leaks in: the tools the guide
	// names, a fresh home, and the CLI configuration the provider page
	// shows.
	bin := t.TempDir()
	for name, path := range map[string]string{
		"graphemu":  filepath.Join(graphemuBuild.get(t), "graphemu"),
		"terraform": os.Getenv("TF_ACC_TERRAFORM_PATH"),
	} {
		if err := os.Symlink(path, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	home := t.TempDir()
	rc := filepath.Join(home, ".terraformrc")
	mirrorDir, addrs := guideMirror(t, extra.providers)
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%s]\n  }\n  direct {\n    exclude = [%s]\n  }\n}\n", mirrorDir, addrs, addrs))
	outDir := t.TempDir()

	var script strings.Builder
	script.WriteString("trap 'echo \"guide step failed ($?): $BASH_COMMAND\" >>\"$GUIDE_OUT/failed\"' ERR\nset -o pipefail\n")
	for i, st := range steps {
		fmt.Fprintf(&script, "{\n%s\n} >\"$GUIDE_OUT/%d.out\" 2>&1 </dev/null\n", st.script, i)
	}
	cmd := exec.Command("/bin/bash", "--noprofile", "--norc")
	cmd.Dir = work
	cmd.Stdin = strings.NewReader(script.String())
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "HOME=" + home, "TF_CLI_CONFIG_FILE=" + rc, "GUIDE_OUT=" + outDir,
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TMPDIR=" + t.TempDir()}
	// The emulator the guide starts in the background belongs to the
	// session's process group, which ends with the test.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)

	failed, _ := os.ReadFile(filepath.Join(outDir, "failed"))
	for i, st := range steps {
		printed, _ := os.ReadFile(filepath.Join(outDir, strconv.Itoa(i)+".out"))
		text := diagnosticBorder.ReplaceAllString(ansi.ReplaceAllString(string(printed), ""), "")
		t.Logf("step %d:\n%s\n--- printed:\n%s", i+1, st.script, text)
		for _, q := range st.quoted {
			if !quotedIn(q, text) {
				t.Errorf("step %d of docs/guides/%s.md does not print what the guide quotes:\n%s\n--- it printed:\n%s", i+1, page, q, text)
			}
		}
	}
	if err != nil || len(failed) > 0 {
		t.Fatalf("the guide's steps failed: %v\n%s%s", err, failed, out.String())
	}
	return work
}

// savedUser is what a guide's tenant, saved in its state directory, holds
// of a user.
type savedUser struct {
	ID                string
	Mail              string
	ExternalUserState string
	AccountDisabled   bool
}

// savedUsers reads the users of the tenant that the emulator a guide
// started saved in dir, by mail.
func savedUsers(t *testing.T, dir string) map[string]savedUser {
	t.Helper()
	var saved struct {
		Users []savedUser `json:"users"`
	}
	if err := json.Unmarshal([]byte(mustRead(t, filepath.Join(dir, "tenant.json"))), &saved); err != nil {
		t.Fatal(err)
	}
	users := map[string]savedUser{}
	for _, u := range saved.Users {
		users[u.Mail] = u
	}
	return users
}

// Colors, and the border a terminal draws around a diagnostic, are not
// what a guide quotes.
var (
	ansi             = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	diagnosticBorder = regexp.MustCompile(`(?m)^[│╷╵] ?`)
)

// quotedIn says whether a quoted output appears in what a step printed,
// word for word. Spacing and line breaks are free, since Terraform wraps
// diagnostics to the terminal's width; a line "..." stands for any lines,
// and "…" in a line for any text, such as an object id the tenant made; a
// time the guide quotes stands for any time, since it is the reader's
// clock that decides it.
func quotedIn(quoted, printed string) bool {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(quoted), "\n") {
		if strings.TrimSpace(line) == "..." {
			b.WriteString(`[\s\S]*?`)
			continue
		}
		for _, f := range strings.Fields(line) {
			if b.Len() > 0 && !strings.HasSuffix(b.String(), `[\s\S]*?`) {
				b.WriteString(`\s+`)
			}
			b.WriteString(strings.ReplaceAll(timeInQuote.ReplaceAllString(regexp.QuoteMeta(f), timePattern), "…", `\S*?`))
		}
	}
	re, err := regexp.Compile(`(?:^|\s)` + b.String() + `(?:\s|$)`)
	if err != nil {
		return false
	}
	return re.MatchString(printed)
}

// timePattern matches a timestamp as the guides quote one; a quoted time
// matches any time, since it depends on the reader's clock.
const timePattern = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`

var timeInQuote = regexp.MustCompile(timePattern)

// copyTree copies a folder as a user copies an example.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			copyTree(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		info, _ := e.Info()
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// guideMirror is a filesystem mirror with the built provider and the
// others a guide needs, and the list of their addresses for the CLI
// configuration.
func guideMirror(t *testing.T, others map[string]string) (string, string) {
	t.Helper()
	addrs := []string{`"registry.terraform.io/b2b-guests/b2b"`}
	if len(others) == 0 {
		return providerMirror(t), addrs[0]
	}
	dir := t.TempDir()
	// The mirror walks no linked folder, but takes a linked file.
	b2b := filepath.Join(dir, "registry.terraform.io", "b2b-guests", "b2b")
	if err := os.MkdirAll(b2b, 0o755); err != nil {
		t.Fatal(err)
	}
	zipName := fmt.Sprintf("terraform-provider-b2b_0.1.0_%s_%s.zip", runtime.GOOS, runtime.GOARCH)
	if err := os.Symlink(filepath.Join(providerMirror(t), "registry.terraform.io", "b2b-guests", "b2b", zipName), filepath.Join(b2b, zipName)); err != nil {
		t.Fatal(err)
	}
	for nsType, binDir := range others {
		name := nsType[strings.Index(nsType, "/")+1:]
		at := filepath.Join(dir, "registry.terraform.io", nsType)
		if err := os.MkdirAll(at, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := zipProvider(filepath.Join(binDir, "terraform-provider-"+name), filepath.Join(at, fmt.Sprintf("terraform-provider-%s_0.1.0_%s_%s.zip", name, runtime.GOOS, runtime.GOARCH)), name); err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, fmt.Sprintf("%q", "registry.terraform.io/"+nsType))
	}
	return dir, strings.Join(addrs, ", ")
}

var mirror struct {
	once sync.Once
	dir  string
	err  error
}

// providerMirror is a filesystem mirror that holds the built provider as
// a release's zip, at the place the provider page says.
func providerMirror(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(builtProvider(t), "terraform-provider-b2b")
	mirror.once.Do(func() {
		mirror.dir, mirror.err = os.MkdirTemp("", "b2b-mirror-") //nolint:usetesting // shared across tests
		if mirror.err != nil {
			return
		}
		at := filepath.Join(mirror.dir, "registry.terraform.io", "b2b-guests", "b2b")
		if mirror.err = os.MkdirAll(at, 0o755); mirror.err != nil {
			return
		}
		mirror.err = zipProvider(bin, filepath.Join(at, fmt.Sprintf("terraform-provider-b2b_0.1.0_%s_%s.zip", runtime.GOOS, runtime.GOARCH)), "b2b")
	})
	if mirror.err != nil {
		t.Fatal(mirror.err)
	}
	return mirror.dir
}

func zipProvider(bin, to, name string) error {
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	f, err := os.Create(to)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	h := &zip.FileHeader{Name: "terraform-provider-" + name + "_v0.1.0", Method: zip.Store}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// TestQuotedOutputMatching: the placeholders a guide may use match what
// they stand for and nothing else.
func TestQuotedOutputMatching(t *testing.T) {
	printed := "x\nrecorded a sign-in of a@b.example (1234-ab) at 2027-01-05T18:50:06Z\nApply  complete!\nlater\nNo changes.\n"
	for quoted, want := range map[string]bool{
		"recorded a sign-in of a@b.example (…) at 2026-12-26T00:00:00Z\n": true,
		"Apply complete!\n...\nNo changes.\n":                             true,
		"recorded a sign-in of c@b.example (…) at 2026-12-26T00:00:00Z\n": false,
		"Apply complete!\nNo changes.\n":                                  false,
		"No changes. Your infrastructure\n":                               false,
	} {
		if quotedIn(quoted, printed) != want {
			t.Errorf("quotedIn(%q) = %v", quoted, !want)
		}
	}
}
