package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// exampleRun is a working directory that the real CLI runs in, as a user
// runs it: the built provider installed through dev_overrides (or a
// filesystem mirror, for a plain `terraform init`), and the emulator's
// settings in the environment. The examples, the query, action, crash and
// migration tests use it; resource.Test cannot, since its state shim does
// not read for_each.

// pluginBuild builds a provider binary once for the whole test run, so it
// outlives any one test's TempDir.
type pluginBuild struct {
	once      sync.Once
	name, pkg string
	dir       string
	err       error
}

func (b *pluginBuild) get(t *testing.T) string {
	t.Helper()
	b.once.Do(func() {
		b.dir, b.err = os.MkdirTemp("", b.name+"-") //nolint:usetesting // shared across tests
		if b.err != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(b.dir, b.name), b.pkg).CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.dir
}

var b2bBuild = &pluginBuild{name: "terraform-provider-b2b", pkg: "../.."}

// builtProvider is the directory of the provider binary as it ships.
func builtProvider(t *testing.T) string { return b2bBuild.get(t) }

type exampleRun struct {
	t         *testing.T
	dir       string
	env       []string
	host      string
	overrides map[string]string // provider address -> directory of its binary
}

// newExampleRun copies example directories (later ones may add files) into
// one working directory.
func newExampleRun(t *testing.T, dirs ...string) *exampleRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the examples are applied only in acceptance runs")
	}
	requireEmulator(t)
	bin := builtProvider(t)
	work := t.TempDir()
	for _, d := range dirs {
		entries, err := os.ReadDir(filepath.Join("..", "..", "examples", d))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				// A local module of the example, called as ./NAME.
				copyModule(t, filepath.Join("..", "..", "examples", d, e.Name()), filepath.Join(work, e.Name()))
				continue
			}
			if !strings.HasSuffix(e.Name(), ".tf") && !strings.HasSuffix(e.Name(), ".csv") && !strings.HasSuffix(e.Name(), ".tfquery.hcl") {
				continue
			}
			data, err := os.ReadFile(filepath.Join("..", "..", "examples", d, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			name := e.Name()
			if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfquery.hcl") {
				// Prefixed so that files from several examples can meet.
				name = strings.ReplaceAll(d, "/", "_") + "_" + name
			}
			if err := os.WriteFile(filepath.Join(work, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !strings.Contains(allTF(t, work), "required_providers") {
		// Registry snippets leave the source out; a user's root module names it.
		req := "terraform {\n  required_providers {\n    b2b = {\n      source = \"b2b-guests/b2b\"\n    }\n  }\n}\n"
		if err := os.WriteFile(filepath.Join(work, "versions.tf"), []byte(req), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	r := &exampleRun{t: t, dir: work, host: host, overrides: map[string]string{host + "/b2b-guests/b2b": bin}}
	r.writeCLIConfig()
	r.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(work, ".terraformrc"), "TF_IN_AUTOMATION=1")
	return r
}

// copyModule copies the .tf files of a module directory, and of the
// modules under it, as they are.
func copyModule(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch {
		case e.IsDir():
			copyModule(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
		case strings.HasSuffix(e.Name(), ".tf"):
			writeFile(t, filepath.Join(to, e.Name()), mustRead(t, filepath.Join(from, e.Name())))
		}
	}
}

// writeCLIConfig installs every overridden provider from its directory, the
// way a provider developer runs an unreleased build.
func (r *exampleRun) writeCLIConfig() {
	var lines strings.Builder
	for addr, dir := range r.overrides {
		fmt.Fprintf(&lines, "    %q = %q\n", addr, dir)
	}
	cfg := "provider_installation {\n  dev_overrides {\n" + lines.String() + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(filepath.Join(r.dir, ".terraformrc"), []byte(cfg), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// installFromMirror makes the run's providers installable by a plain
// `terraform init`, as a released provider is: from a filesystem mirror,
// under a version, instead of the dev_overrides that init refuses to
// resolve.
func (r *exampleRun) installFromMirror() {
	r.t.Helper()
	mirror := r.t.TempDir()
	var includes []string
	for addr, dir := range r.overrides {
		name := "terraform-provider-" + addr[strings.LastIndex(addr, "/")+1:]
		platform := filepath.Join(mirror, addr, "0.1.0", runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(platform, 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(dir, name), filepath.Join(platform, name+"_v0.1.0")); err != nil {
			r.t.Fatal(err)
		}
		includes = append(includes, fmt.Sprintf("%q", addr))
	}
	list := strings.Join(includes, ", ")
	cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%s]\n  }\n  direct {\n    exclude = [%s]\n  }\n}\n", mirror, list, list)
	if err := os.WriteFile(filepath.Join(r.dir, ".terraformrc"), []byte(cfg), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// withProvider serves namespace/type (at the CLI's registry host) from a
// directory that holds its binary.
func (r *exampleRun) withProvider(namespaceType, dir string) {
	r.overrides[r.host+"/"+namespaceType] = dir
	r.writeCLIConfig()
}

// against points the run at an emulator of its own instead of the suite's.
func (r *exampleRun) against(e *graphemu.Server) {
	for k, v := range e.Env() {
		r.env = append(r.env, k+"="+v)
	}
}

// only keeps the named files of the working directory.
func (r *exampleRun) only(names ...string) {
	entries, _ := os.ReadDir(r.dir)
	keep := map[string]bool{".terraformrc": true, "versions.tf": true}
	for _, n := range names {
		keep[n] = true
	}
	for _, e := range entries {
		if !keep[e.Name()] && !e.IsDir() && !strings.HasPrefix(e.Name(), "terraform.tfstate") {
			_ = os.Remove(filepath.Join(r.dir, e.Name()))
		}
	}
}

func (r *exampleRun) terraform(args ...string) (string, int) {
	r.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("terraform %v: %v", args, err)
	}
	return out.String(), code
}

func (r *exampleRun) must(args ...string) string {
	r.t.Helper()
	out, code := r.terraform(args...)
	if code != 0 {
		r.t.Fatalf("terraform %s failed (%d):\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// applyThenEmptyPlan validates, applies, checks the next plan is empty, and
// registers the destroy.
func (r *exampleRun) applyThenEmptyPlan() {
	r.t.Helper()
	r.must("validate", "-no-color")
	r.must("apply", "-auto-approve", "-input=false", "-no-color")
	r.t.Cleanup(func() { r.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	if out, code := r.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		r.t.Fatalf("the plan after apply is not empty (exit %d):\n%s", code, out)
	}
}

func allTF(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tf") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
		}
	}
	return b.String()
}

// stdout runs terraform and returns only its standard output; the logs on
// standard error are scanned through the other commands.
func (r *exampleRun) stdout(args ...string) string {
	r.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("terraform %v: %v", args, err)
	}
	return string(out)
}

// importAsScripted runs an example import script's terraform import
// commands, as written, and fails unless each imports.
func (r *exampleRun) importAsScripted(script string) {
	r.t.Helper()
	var commands int
	for _, line := range strings.Split(mustRead(r.t, filepath.Join("..", "..", "examples", script)), "\n") {
		if args := strings.Fields(line); len(args) == 4 && args[0] == "terraform" && args[1] == "import" {
			commands++
			if out := r.must("import", "-input=false", "-no-color", args[2], args[3]); !strings.Contains(out, "Import successful") {
				r.t.Fatalf("terraform import %s %s:\n%s", args[2], args[3], out)
			}
		}
	}
	if commands == 0 {
		r.t.Fatalf("examples/%s has no terraform import command", script)
	}
}
