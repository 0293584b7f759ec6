package hclconfig

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inputErrorsDir holds root modules Terraform refuses to plan, each with
// the real `terraform plan` output (terraform.txt, written by
// scripts/record-input-errors.sh).
const inputErrorsDir = "../../testdata/source/input-errors"

var (
	tfErrorLine = regexp.MustCompile(`^Error: (.+)$`)
	tfOnLine    = regexp.MustCompile(`^  on (\S+) line (\d+)`)
)

// recordedErrors reads the errors of a recorded terraform.txt as
// "summary @ file:line" (file relative to the root module).
func recordedErrors(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	summary := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := tfErrorLine.FindStringSubmatch(sc.Text()); m != nil {
			summary = m[1]
			continue
		}
		if m := tfOnLine.FindStringSubmatch(sc.Text()); m != nil && summary != "" {
			out = append(out, summary+" @ "+m[1]+":"+m[2])
			summary = ""
		}
	}
	require.NoError(t, sc.Err())
	sort.Strings(out)
	return out
}

// loadErrors are the errors Load gives for dir, in the same form.
func loadErrors(t *testing.T, dir string, diags hcl.Diagnostics) []string {
	t.Helper()
	var out []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		loc := "?"
		if d.Subject != nil {
			rel, err := filepath.Rel(dir, d.Subject.Filename)
			require.NoError(t, err)
			loc = filepath.ToSlash(rel) + ":" + itoa(d.Subject.Start.Line)
		}
		out = append(out, d.Summary+" @ "+loc)
	}
	sort.Strings(out)
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestInputErrorsAsTerraform: each recorded configuration gives the
// errors terraform plan gives, with the same summary, file and line.
func TestInputErrorsAsTerraform(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(inputErrorsDir, "*", "terraform.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, rec := range dirs {
		dir, err := filepath.Abs(filepath.Dir(rec))
		require.NoError(t, err)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := recordedErrors(t, rec)
			require.NotEmpty(t, want, "terraform plan succeeded: the configuration belongs in testdata/plans")
			_, diags := Load(dir, Options{})
			assert.Equal(t, want, loadErrors(t, dir, diags))
			text, err := os.ReadFile(rec)
			require.NoError(t, err)
			for _, d := range diags {
				if d.Summary == "Invalid value for variable" {
					msg, _, _ := strings.Cut(d.Detail, "\n")
					assert.Contains(t, string(text), "\n"+msg+"\n", "the validation's error message, as Terraform prints it")
				}
			}
		})
	}
}
