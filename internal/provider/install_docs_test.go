package provider

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The provider page's example, copied alone into an empty folder, plans
// against the emulator with the provider installed as the page says a
// pipeline installs it: a release zip in a filesystem mirror, checked and
// locked by terraform init.
func TestAccInstall_providerPageExampleFromAFilesystemMirror(t *testing.T) {
	run := newExampleRun(t, "provider")
	if _, err := os.Stat(filepath.Join(run.dir, "versions.tf")); err == nil {
		t.Fatal("the provider page's example has no required_providers: the run had to add one")
	}
	mirror := t.TempDir()
	addr := run.host + "/b2b-guests/b2b"
	pkg := filepath.Join(mirror, filepath.FromSlash(addr), fmt.Sprintf("terraform-provider-b2b_0.1.0_%s_%s.zip", runtime.GOOS, runtime.GOARCH))
	if err := os.MkdirAll(filepath.Dir(pkg), 0o755); err != nil {
		t.Fatal(err)
	}
	writeProviderZip(t, pkg, filepath.Join(builtProvider(t), "terraform-provider-b2b"))
	cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%q]\n  }\n  direct {\n    exclude = [%q]\n  }\n}\n", mirror, addr, addr)
	writeFile(t, filepath.Join(run.dir, ".terraformrc"), cfg)
	run.must("init", "-input=false", "-no-color")
	lock, err := os.ReadFile(filepath.Join(run.dir, ".terraform.lock.hcl"))
	if err != nil || !strings.Contains(string(lock), addr) || !strings.Contains(string(lock), `version = "0.1.0"`) {
		t.Fatalf("the lock file does not record the mirrored provider (%v):\n%s", err, lock)
	}
	if out := run.must("plan", "-input=false", "-no-color"); !strings.Contains(out, "No changes") {
		t.Fatalf("the plan of the provider block alone:\n%s", out)
	}
}

func writeProviderZip(t *testing.T, path, binary string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	hdr := &zip.FileHeader{Name: "terraform-provider-b2b_v0.1.0", Method: zip.Deflate}
	hdr.SetMode(0o755)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(binary)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if _, err := io.Copy(w, in); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
