// Command genruleplans writes every rule's Bad and Good documentation
// example as a Terraform root module under testdata/rules/<ID>/{bad,good},
// so that scripts/regen-plans.sh can turn each into a real plan with mkplan
// and the tests can check every rule on a generated plan as well as on its
// HCL. Run it from the repository root:
//
//	go run ./internal/genruleplans && bash scripts/regen-plans.sh testdata/rules/*/*
//
// Examples that use a resource type the offline stand-in provider cannot
// plan are listed in testdata/rules/README.md instead.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tfemrcheck/tfemrcheck/internal/ruleplans"
)

func main() {
	files, err := ruleplans.Files()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genruleplans:", err)
		os.Exit(1)
	}
	// Remove example directories that no longer exist; keep the plans of
	// the others (scripts/regen-plans.sh makes them).
	old, _ := filepath.Glob(filepath.Join("testdata", "rules", "*", "*", "main.tf"))
	for _, m := range old {
		rel, _ := filepath.Rel(filepath.Join("testdata", "rules"), m)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			if err := os.RemoveAll(filepath.Dir(m)); err != nil {
				fmt.Fprintln(os.Stderr, "genruleplans:", err)
				os.Exit(1)
			}
		}
	}
	for path, text := range files {
		full := filepath.Join("testdata", "rules", path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "genruleplans:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genruleplans:", err)
			os.Exit(1)
		}
	}
}
