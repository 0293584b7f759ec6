package hclconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

// leakSecret is a TF_VAR_ value and a file's contents a diagnostic must
// never quote.
const leakSecret = "s3cr3t-TOKEN-6d1f"

// TestNoFunctionErrorQuotesAMarkedArgument calls every function of the
// table with marked arguments (a TF_VAR_ value, a file's contents) in
// each position, in the shapes that make most of them fail, and checks
// that no diagnostic quotes the value: the redaction follows the marks of
// every value involved, not only the argument HCL attaches the error to
// (lookup({a = 1}, var.token) named the map and quoted the key).
func TestNoFunctionErrorQuotesAMarkedArgument(t *testing.T) {
	names := []string{}
	for n := range tffuncs.Functions(tffuncs.Options{OpenTofu: true}) {
		if !strings.Contains(n, "::") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	shapes := []string{
		"%s(S)", "%s(S, S)", "%s(S, S, S)", "%s({a = 1}, S)", "%s(S, 1)", "%s(1, S)",
		"%s([S], \"x\")", "%s(\"x\", [S])", "%s([1, 2], S)", "%s(S, \"%%d\")", "%s(\"%%d\", S)", "%s({k = S}, 1)",
	}
	for _, src := range []string{"var.token", `file("${path.module}/secret.txt")`} {
		for _, shape := range shapes {
			var b strings.Builder
			b.WriteString("variable \"token\" {\n  type = any\n}\nlocals {\n")
			for i, n := range names {
				fmt.Fprintf(&b, "  l%d = %s\n", i, strings.ReplaceAll(fmt.Sprintf(shape, n), "S", src))
			}
			b.WriteString("}\n")
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(leakSecret), 0o644))
			_, diags := Load(dir, Options{Env: []string{"TF_VAR_token=" + leakSecret}})
			for _, d := range diags {
				text := d.Summary + " " + d.Detail
				if strings.Contains(text, "s3cr3t") || strings.Contains(text, "6d1f") {
					line := ""
					if d.Subject != nil {
						lines := strings.Split(b.String(), "\n")
						if d.Subject.Start.Line-1 < len(lines) {
							line = lines[d.Subject.Start.Line-1]
						}
					}
					assert.Fail(t, "a diagnostic quotes the marked value", "%s\n%s", line, text)
				}
			}
		}
	}
}
