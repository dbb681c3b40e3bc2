package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The first import: a tenant already holds n guests, made in the portal or
// by another tool, and a team brings them under Terraform the way the
// provider's pages tell it to: `terraform query` lists them and writes a
// resource and an import block for each, then one plan and apply imports
// them all. Each phase is measured like a point of the curve.

// firstImportConfig is the root module and the list block of n guests.
func firstImportConfig(n int) map[string]string {
	return map[string]string{
		"main.tf":            "terraform {\n  required_providers {\n    b2b = { source = \"b2b-guests/b2b\" }\n  }\n}\n\nprovider \"b2b\" {}\n",
		"guests.tfquery.hcl": fmt.Sprintf("list \"b2b_invitation\" \"all\" {\n  provider         = b2b\n  include_resource = true\n  limit            = %d\n\n  config {\n    email_domain = \"partner.example\"\n  }\n}\n", n),
	}
}

// seedGuests gives the tenant n guests of partner.example, half of them
// accepted.
func seedGuests(emu *graphemu.Server, n int) {
	for i := range n {
		state := "Accepted"
		if i%2 == 1 {
			state = "PendingAcceptance"
		}
		emu.AddUser(graphemu.SeedUser{
			ID:                fmt.Sprintf("f1000000-0000-4000-8000-%012d", i),
			DisplayName:       fmt.Sprintf("Guest %d", i),
			Mail:              fmt.Sprintf("guest%d@partner.example", i),
			UserType:          "Guest",
			ExternalUserState: state,
		})
	}
}

// firstImports measures the first import at each N of -first-import.
func firstImports(o options, work string, env []string) error {
	ns, err := parseCurve(o.firstImport)
	if err != nil {
		return err
	}
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	printCurveHeader(os.Stdout, o)
	for _, n := range ns {
		emu, err := startEmulator(o)
		if err != nil {
			return err
		}
		seedGuests(emu, n)
		dir := filepath.Join(work, fmt.Sprintf("import-%d", n))
		if err := writeFiles(dir, firstImportConfig(n)); err != nil {
			return err
		}
		if err := prepareDir(o, dir, env, false); err != nil {
			_ = emu.Close()
			return err
		}
		point := curvePoint{n: n}
		phases := []struct {
			name string
			args []string
		}{
			{"terraform query", []string{"query", "-generate-config-out=generated.tf"}},
			{"plan (imports)", []string{"plan", "-input=false", par}},
			{"apply (imports)", []string{"apply", "-auto-approve", "-input=false", par}},
		}
		for _, ph := range phases {
			emu.ResetStats()
			r, err := timePhase(ph.name, dir, withEmulator(env, emu), ph.args...)
			if err != nil {
				_ = emu.Close()
				return fmt.Errorf("first import of %d: %w", n, err)
			}
			r.stats = emu.Stats()
			point.rows = append(point.rows, r)
		}
		sent := len(emu.Invitations())
		_ = emu.Close()
		if sent != 0 {
			return fmt.Errorf("first import of %d sent %d invitations", n, sent)
		}
		list := exec.Command(terraformBin, "state", "list")
		list.Dir, list.Env = dir, env
		out, err := list.Output()
		if err != nil {
			return fmt.Errorf("first import of %d: terraform state list: %w", n, err)
		}
		if got := strings.Count(string(out), "b2b_invitation."); got != n {
			return fmt.Errorf("first import of %d: the state holds %d guests", n, got)
		}
		printRows(os.Stdout, "first import", point, point.rows)
	}
	return nil
}
