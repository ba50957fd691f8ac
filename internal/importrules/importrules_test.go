package importrules

import (
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// module is the module path; the test reads it from go.mod so that a rename
// cannot turn every rule into a rule about nothing.
func module(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatal("go.mod names no module")
	return ""
}

// imports maps the import path of every package directory under root to
// the set of paths its Go files import (test files included, build tags
// ignored: a rule holds on every platform).
func imports(t *testing.T, root, mod string) map[string]map[string]bool {
	t.Helper()
	pkgs := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := path.Join(mod, filepath.ToSlash(rel))
		if pkgs[pkg] == nil {
			pkgs[pkg] = map[string]bool{}
		}
		for _, spec := range f.Imports {
			ip, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			pkgs[pkg][ip] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// reach returns every import reachable from pkg, following only packages
// of this module, each with the first chain of packages (in sorted order)
// that leads to it.
func reach(pkgs map[string]map[string]bool, pkg string) map[string][]string {
	seen := map[string][]string{}
	var walk func(p string, chain []string)
	walk = func(p string, chain []string) {
		for _, ip := range slices.Sorted(maps.Keys(pkgs[p])) {
			if _, ok := seen[ip]; ok {
				continue
			}
			next := append(slices.Clip(chain), ip)
			seen[ip] = next
			if _, ours := pkgs[ip]; ours {
				walk(ip, next)
			}
		}
	}
	walk(pkg, []string{pkg})
	return seen
}

// within reports whether pkg is dir or one of its subpackages.
func within(pkg, dir string) bool {
	return pkg == dir || strings.HasPrefix(pkg, dir+"/")
}

// rule is one layering rule: packages under from may not reach an import
// that forbidden accepts.
type rule struct {
	name      string
	from      string
	forbidden func(mod, ip string) bool
}

var rules = []rule{
	{
		name: "ui never imports net/http, oauth2 or xapi",
		from: "ui",
		forbidden: func(mod, ip string) bool {
			return ip == "net/http" || within(ip, "golang.org/x/oauth2") || ip == mod+"/xapi"
		},
	},
	{
		name: "xapi never imports Bubble Tea, Lip Gloss or Bubbles",
		from: "xapi",
		forbidden: func(mod, ip string) bool {
			return within(ip, "charm.land")
		},
	},
	{
		name: "textcount imports nothing of the module outside textcount",
		from: "textcount",
		forbidden: func(mod, ip string) bool {
			return within(ip, mod) && !within(ip, mod+"/textcount")
		},
	},
}

func violations(mod string, pkgs map[string]map[string]bool, r rule) []string {
	var out []string
	for pkg := range pkgs {
		if !within(pkg, mod+"/"+r.from) {
			continue
		}
		for ip, chain := range reach(pkgs, pkg) {
			if r.forbidden(mod, ip) {
				out = append(out, strings.Join(chain, " → "))
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestImportRules(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	mod := module(t, root)
	pkgs := imports(t, root, mod)
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			if _, ok := pkgs[mod+"/"+r.from]; !ok {
				t.Fatalf("no package %s/%s: the rule would check nothing", mod, r.from)
			}
			for _, v := range violations(mod, pkgs, r) {
				t.Errorf("%s: %s", r.name, v)
			}
		})
	}
}

// TestRulesCatchViolations feeds the rules a module that breaks each of
// them, directly and through a helper package, so that a rule that can no
// longer fail is noticed.
func TestRulesCatchViolations(t *testing.T) {
	t.Parallel()
	const mod = "example.com/m"
	pkgs := map[string]map[string]bool{
		mod + "/ui":              {"net/http": true},
		mod + "/ui/draft":        {mod + "/internal/helper": true},
		mod + "/internal/helper": {"golang.org/x/oauth2": true, mod + "/xapi": true},
		mod + "/xapi":            {"net/http": true},
		mod + "/xapi/xapitest":   {"charm.land/lipgloss/v2": true},
		mod + "/textcount":       {"unicode/utf8": true},
		mod + "/textcount/inner": {mod + "/textcount": true, mod + "/internal/helper": true},
		mod + "/cmd/xpost":       {mod + "/ui": true, mod + "/xapi": true, "charm.land/bubbletea/v2": true},
		mod + "/internal/unused": {"net/http": true},
	}
	want := map[string][]string{
		rules[0].name: {
			mod + "/ui → net/http",
			mod + "/ui/draft → " + mod + "/internal/helper → " + mod + "/xapi",
			mod + "/ui/draft → " + mod + "/internal/helper → " + mod + "/xapi → net/http",
			mod + "/ui/draft → " + mod + "/internal/helper → golang.org/x/oauth2",
		},
		rules[1].name: {
			mod + "/xapi/xapitest → charm.land/lipgloss/v2",
		},
		rules[2].name: {
			mod + "/textcount/inner → " + mod + "/internal/helper",
			mod + "/textcount/inner → " + mod + "/internal/helper → " + mod + "/xapi",
		},
	}
	for _, r := range rules {
		if got := violations(mod, pkgs, r); !slices.Equal(got, want[r.name]) {
			t.Errorf("%s:\ngot  %q\nwant %q", r.name, got, want[r.name])
		}
	}
}
