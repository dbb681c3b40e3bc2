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

// The examples use for_each, which terraform-plugin-testing's state shim
// cannot read, so they are applied the way a user applies them: the real
// CLI (TF_ACC_TERRAFORM_PATH), the built provider through dev_overrides, and
// the emulator. Each one must apply, then plan empty, then destroy.

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
			if e.IsDir() || (!strings.HasSuffix(e.Name(), ".tf") && !strings.HasSuffix(e.Name(), ".csv") && !strings.HasSuffix(e.Name(), ".tfquery.hcl")) {
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

func TestAccExamples_providerResourceAndDataSources(t *testing.T) {
	run := newExampleRun(t, "provider", "resources/b2b_invitation", "data-sources/b2b_guest", "data-sources/b2b_guests")
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf")
	run.applyThenEmptyPlan()
	users := emu.UsersByEmail("pat@partner.example")
	if len(users) != 1 || len(users[0].Groups) != 2 || len(emu.Assignments(users[0].ID)) != 2 {
		t.Fatalf("pat in the emulator: %+v", users)
	}
	// The data source examples read the guest the resource example made.
	run2 := newExampleRun(t, "provider", "resources/b2b_invitation", "data-sources/b2b_guest", "data-sources/b2b_guests")
	run2.only("provider_provider.tf", "data-sources_b2b_guest_data-source.tf", "data-sources_b2b_guests_data-source.tf")
	out := run2.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "pat_accepted = false") {
		t.Fatalf("b2b_guest example output:\n%s", out)
	}
}

func TestAccExamples_importByBlock(t *testing.T) {
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf", "resources_b2b_invitation_import-by-block.tf")
	const email = "pat@partner.example"
	for _, u := range emu.UsersByEmail(email) {
		emu.DeleteUser(u.ID)
	}
	pat := emu.InviteGuest(email, "Pat Partner")
	t.Cleanup(func() { emu.DeleteUser(pat.ID) })
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 imported") {
		t.Fatalf("the import block imported nothing:\n%s", out)
	}
	run.t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	if u, _ := emu.User(pat.ID); len(u.Groups) != 2 || len(emu.UsersByEmail(email)) != 1 {
		t.Fatalf("after import and apply: %+v", u)
	}
}

// TestAccExamples_profile applies the profile example and checks what the
// emulator holds of it.
func TestAccExamples_profile(t *testing.T) {
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.only("provider_provider.tf", "resources_b2b_invitation_profile.tf")
	const email = "sam.ortiz@fabrikam.example"
	for _, u := range emu.UsersByEmail(email) {
		emu.DeleteUser(u.ID)
	}
	run.applyThenEmptyPlan()
	users := emu.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users for %s", len(users), email)
	}
	u := users[0]
	if u.Profile["jobTitle"] != "Field Engineer" || u.Profile["usageLocation"] != "US" || u.Profile["employeeType"] != "Contractor" ||
		!u.AccountEnabled || len(u.Sponsors) != 1 {
		t.Fatalf("the guest after the example: %+v", u)
	}
}

func TestAccExamples_quickstart(t *testing.T) {
	run := newExampleRun(t, "quickstart")
	for _, email := range []string{"ana@fabrikam.example", "ben@northwind.example"} {
		for _, u := range emu.UsersByEmail(email) {
			emu.DeleteUser(u.ID)
		}
	}
	// The first apply reads acceptance before the guests exist; the second
	// sees them, and then the configuration has converged.
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	run.applyThenEmptyPlan()
	for _, email := range []string{"ana@fabrikam.example", "ben@northwind.example"} {
		users := emu.UsersByEmail(email)
		if len(users) != 1 || len(users[0].Groups) != 2 || len(emu.Assignments(users[0].ID)) != 2 {
			t.Fatalf("%s in the emulator: %+v", email, users)
		}
	}
}

func TestAccExamples_bulkInvite(t *testing.T) {
	run := newExampleRun(t, "bulk-invite")
	run.applyThenEmptyPlan()
	rows, err := parseBulkInviteCSV(mustRead(t, "../../examples/bulk-invite/guests.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 25 {
		t.Fatalf("the sample CSV has %d guests, want 25", len(rows))
	}
	for email, row := range rows {
		users := emu.UsersByEmail(email)
		if len(users) != 1 {
			t.Fatalf("%s: %d users", email, len(users))
		}
		if got := len(users[0].Groups); got != len(row.GroupIDs) {
			t.Fatalf("%s is in %d groups, the CSV says %d", email, got, len(row.GroupIDs))
		}
		if got := len(emu.Assignments(users[0].ID)); got != len(row.ApplicationIDs) {
			t.Fatalf("%s has %d app roles, the CSV names %d applications", email, got, len(row.ApplicationIDs))
		}
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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

// The guide's import route for guests made outside Terraform: one import
// block with for_each, by email, that sends nothing and changes nothing.
func TestAccExamples_importForEach(t *testing.T) {
	run := newExampleRun(t, "provider", "import-for-each")
	emails := []string{"ana@fabrikam.example", "ben@northwind.example", "cy@tailspin.example"}
	for _, email := range emails {
		for _, u := range emu.UsersByEmail(email) {
			emu.DeleteUser(u.ID)
		}
		u := emu.InviteGuest(email, strings.SplitN(email, "@", 2)[0])
		emu.AddMember(groupSupport, u.ID) // someone else's; must stay
		t.Cleanup(func() { emu.DeleteUser(u.ID) })
	}
	sent := len(emu.Invitations())
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the import blocks did not import the three guests alone:\n%s", out)
	}
	if n := len(emu.Invitations()) - sent; n != 0 {
		t.Errorf("importing sent %d invitations", n)
	}
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after import is not empty (exit %d):\n%s", code, out)
	}
	out = run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	for _, email := range emails {
		u := emu.UsersByEmail(email)
		if len(u) != 1 || len(u[0].Groups) != 1 {
			t.Errorf("destroy of an imported guest changed %s: %+v", email, u)
		}
		if !strings.Contains(out, "Kept guest "+email) {
			t.Errorf("destroy did not warn that it kept %s:\n%s", email, out)
		}
	}
}

// The service principal example, as written, reads the seeded portal app's
// object id and the id of its Portal.Read role.
func TestAccExamples_servicePrincipal(t *testing.T) {
	run := newExampleRun(t, "provider", "data-sources/b2b_service_principal")
	run.must("validate", "-no-color")
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	for _, want := range []string{`"app_role_id" = "` + portalReader + `"`, `"resource_id" = "` + portalSP + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %s:\n%s", want, out)
		}
	}
}

// The function's example, as written, invites the guests of the sample CSV
// it reads.
func TestAccExamples_parseBulkInviteCSVFunction(t *testing.T) {
	run := newExampleRun(t, "provider", "functions/parse_bulk_invite_csv")
	writeFile(t, filepath.Join(run.dir, "guests.csv"), mustRead(t, "../../examples/bulk-invite/guests.csv"))
	run.must("validate", "-no-color")
	run.applyThenEmptyPlan()
	rows, err := parseBulkInviteCSV(mustRead(t, "../../examples/bulk-invite/guests.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for email, row := range rows {
		users := emu.UsersByEmail(email)
		if len(users) != 1 || len(users[0].Groups) != len(row.GroupIDs) {
			t.Fatalf("%s in the emulator: %+v", email, users)
		}
	}
}

// The import script's commands, as written, import the guest the resource
// example describes; the object id is the one placeholder, which the
// script's comment says to replace.
func TestAccExamples_importScript(t *testing.T) {
	run := newExampleRun(t, "provider", "resources/b2b_invitation")
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf")
	const email = "pat@partner.example"
	for _, u := range emu.UsersByEmail(email) {
		emu.DeleteUser(u.ID)
	}
	pat := emu.InviteGuest(email, "Pat Partner")
	t.Cleanup(func() { emu.DeleteUser(pat.ID) })
	sent := invitationsFor(email)
	var commands [][]string
	for _, line := range strings.Split(mustRead(t, "../../examples/resources/b2b_invitation/import.sh"), "\n") {
		if strings.HasPrefix(line, "terraform import ") {
			commands = append(commands, strings.Fields(strings.ReplaceAll(line, "00000000-0000-0000-0000-000000000000", pat.ID))[1:])
		}
	}
	if len(commands) != 2 {
		t.Fatalf("import.sh has %d terraform import commands, want 2", len(commands))
	}
	for _, args := range commands {
		// Options go before the command's two arguments.
		out := run.must(append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
		if !strings.Contains(out, "Import successful") {
			t.Fatalf("terraform %s:\n%s", strings.Join(args, " "), out)
		}
		if got := run.must("state", "show", "-no-color", "b2b_invitation.pat"); !strings.Contains(got, pat.ID) {
			t.Fatalf("state after terraform %s:\n%s", strings.Join(args, " "), got)
		}
		run.must("state", "rm", "b2b_invitation.pat")
	}
	if n := invitationsFor(email) - sent; n != 0 {
		t.Errorf("importing sent %d invitations", n)
	}
}

// The reminder example, as written, resends to its two pending guests.
func TestAccExamples_resendReminder(t *testing.T) {
	requireTerraform114(t)
	run := newExampleRun(t, "provider", "actions/b2b_resend_invitation")
	run.only("provider_provider.tf", "actions_b2b_resend_invitation_action.tf")
	emails := []string{"pat@partner.example", "sam@partner.example"}
	for _, email := range emails {
		for _, u := range emu.UsersByEmail(email) {
			emu.DeleteUser(u.ID)
		}
		u := emu.InviteGuest(email, email)
		t.Cleanup(func() { emu.DeleteUser(u.ID) })
	}
	run.must("validate", "-no-color")
	run.must("plan", "-input=false", "-no-color")
	from := len(emu.Invitations())
	if _, out, code := invokeAction(t, run, "action.b2b_resend_invitation.reminder"); code != 0 {
		t.Fatalf("the reminder failed (exit %d):\n%s", code, out)
	}
	for _, email := range emails {
		sent := invitationsTo(emu, email, from)
		if len(sent) != 1 || sent[0].MessageBody != "A reminder: your access to the partner portal is waiting." {
			t.Errorf("%s was sent %+v", email, sent)
		}
	}
}
