package provider

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The repository's own documents describe the code; these tests hold them
// to it where a program can tell.

const repoRoot = "../.."

// TestDesignTableCoversProviderSources: every source file of this package
// belongs to a row of DESIGN.md's "Where each thing lives".
func TestDesignTableCoversProviderSources(t *testing.T) {
	design := mustRead(t, filepath.Join(repoRoot, "DESIGN.md"))
	_, table, ok := strings.Cut(design, "## Where each thing lives")
	if !ok {
		t.Fatal(`DESIGN.md has no "Where each thing lives" section`)
	}
	var patterns []string
	for _, line := range strings.Split(table, "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 && strings.Contains(cells[1], "`") {
			for _, m := range backticked.FindAllStringSubmatch(cells[1], -1) {
				patterns = append(patterns, m[1])
			}
		}
	}
	sources, _ := filepath.Glob("*.go")
	for _, src := range sources {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		matched := false
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, src); ok {
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("internal/provider/%s is in no row of DESIGN.md's table (rows: %v)", src, patterns)
		}
	}
}

var (
	backticked = regexp.MustCompile("`([^`\n]+)`")
	fenced     = regexp.MustCompile("(?s)```.*?```")
)

// TestDocumentsNameFilesThatExist: every file that DESIGN.md, CONTRIBUTING.md
// and README.md name in backticks is in the repository.
func TestDocumentsNameFilesThatExist(t *testing.T) {
	known := map[string]bool{}
	err := filepath.WalkDir(repoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".tools" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(repoRoot, p)
		known[filepath.ToSlash(rel)] = true
		known[d.Name()] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fileLike := regexp.MustCompile(`^[\w./-]+\.(go|sh|md|json|tf|hcl|tmpl|yml)$|^(internal|scripts|examples|templates|docs)/[\w./-]*$`)
	for _, doc := range []string{"DESIGN.md", "CONTRIBUTING.md", "README.md"} {
		text := fenced.ReplaceAllString(mustRead(t, filepath.Join(repoRoot, doc)), "")
		for _, m := range backticked.FindAllStringSubmatch(text, -1) {
			name := strings.TrimSuffix(m[1], "/")
			if !fileLike.MatchString(name) || strings.ContainsAny(name, "*<>") {
				continue
			}
			if !known[name] {
				t.Errorf("%s names %s, which the repository does not have", doc, name)
			}
		}
	}
}

// TestTestedCLIsMatchCIVersions: the CLIs every page says the suite runs on
// are the ones .ci/run builds and runs it on.
func TestTestedCLIsMatchCIVersions(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot, ".ci", "versions"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, val, ok := strings.Cut(sc.Text(), "="); ok && !strings.HasPrefix(k, "#") {
			v[k] = strings.TrimPrefix(val, "v")
		}
	}
	want := "The acceptance tests run on Terraform " + v["tf_old"] + " and " + v["tf_new"] + " and on OpenTofu " + v["tofu_version"] + "."
	if testedCLIs != want {
		t.Errorf("testedCLIs says %q; .ci/versions makes it %q", testedCLIs, want)
	}
}
