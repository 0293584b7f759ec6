package suppress

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseComment(t *testing.T) {
	cases := []struct {
		text string
		ok   bool
		want string // ids|reason|expires|ticket|errors
	}{
		{`# tfemrcheck:ignore EMR-SC-005 reason="legacy" expires=2027-03-31`, true, `[EMR-SC-005]|legacy|2027-03-31||[]`},
		{`// tfemrcheck:ignore EMR-SC-005 reason=legacy ticket=SEC-9`, true, `[EMR-SC-005]|legacy||SEC-9|[]`},
		{`#tfemrcheck:ignore EMR-SC-001,EMR-SC-002 EMR-SC-003 reason="a \"quoted\" word"`, true, `[EMR-SC-001 EMR-SC-002 EMR-SC-003]|a "quoted" word|||[]`},
		{`# tfemrcheck:ignore EMR-SC-001, EMR-SC-002 reason="x"`, true, `[EMR-SC-001 EMR-SC-002]|x|||[]`},
		// Rule ids are case-insensitive and come out upper case; only
		// ASCII letters fold, so a look-alike (U+017F) stays unknown.
		{`# tfemrcheck:ignore emr-sc-005,Emr-Net-005 reason="x"`, true, `[EMR-SC-005 EMR-NET-005]|x|||[]`},
		{"# tfemrcheck:ignore emr-\u017fc-005 reason=\"x\"", true, "[EMR-\u017fC-005]|x|||[]"},
		{`# tfemrcheck:ignore EMR-SC-001`, true, `[EMR-SC-001]||||[]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason="  "`, true, `[EMR-SC-001]||||[]`},
		{`# tfemrcheck:ignore reason="no id"`, true, `[]|no id|||[no rule id (write e.g. tfemrcheck:ignore EMR-SC-005 reason="...")]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason="x" expires=31/12/2027`, true, `[EMR-SC-001]|x|||[expires="31/12/2027" is not a date of the form YYYY-MM-DD]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason="x" until=2027-01-01`, true, `[EMR-SC-001]|x|||[unknown option "until" (want reason, expires or ticket)]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason=two words`, true, `[EMR-SC-001]|two|||[unexpected "words" after the options (quote values with spaces, e.g. reason="...")]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason="open`, true, `[EMR-SC-001]||||[reason: unterminated quoted value]`},
		{`# tfemrcheck:ignore EMR-SC-001 reason=a reason=b`, true, `[EMR-SC-001]|a|||[reason is given twice]`},
		{`# tfemrcheck:ignored EMR-SC-001`, false, ``},
		{`# see the tfemrcheck:ignore docs`, false, ``},
		{`/* tfemrcheck:ignore EMR-SC-001 reason="x" */`, false, ``},
		{`# plain comment`, false, ``},
	}
	for _, c := range cases {
		d, ok := parseComment(c.text)
		require.Equal(t, c.ok, ok, c.text)
		if !ok {
			continue
		}
		got := fmt.Sprintf("%v|%s|%s|%s|%v", d.RuleIDs, d.Reason, d.Expires, d.Ticket, d.Errors)
		assert.Equal(t, c.want, got, c.text)
	}
}

// placements returns "line scope covers resource errors" per directive.
func placements(t *testing.T, src string) []string {
	t.Helper()
	ds, _, _ := scanFile([]byte(src), "main.tf")
	var out []string
	for _, d := range ds {
		s := fmt.Sprintf("%d %s %d-%d %s", d.Range.Start.Line, d.Scope, d.Covers.Start.Line, d.Covers.End.Line, d.Resource)
		if len(d.Errors) > 0 {
			s += " error"
		}
		out = append(out, s)
	}
	return out
}

func TestPlacement(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"stacked directives above a block", `
# tfemrcheck:ignore EMR-CL-001 reason="a"
// tfemrcheck:ignore EMR-LOG-001 reason="b"
resource "aws_emr_cluster" "c" {
  name = "c"
}
`, []string{"2 resource 4-6 aws_emr_cluster.c", "3 resource 4-6 aws_emr_cluster.c"}},
		{"nested block and its attribute", `
resource "aws_emr_cluster" "c" {
  # tfemrcheck:ignore EMR-NET-001 reason="a"
  ec2_attributes {
    subnet_id = "s" # tfemrcheck:ignore EMR-NET-002 reason="b"
  }
}
`, []string{"3 range 4-6 aws_emr_cluster.c", "5 range 5-5 aws_emr_cluster.c"}},
		{"one-line block: the outermost wins", `
resource "aws_emr_cluster" "c" { name = "c" } # tfemrcheck:ignore EMR-CL-001 reason="a"
`, []string{"2 resource 2-2 aws_emr_cluster.c"}},
		{"heredoc attribute covers all its lines", `
resource "aws_emr_security_configuration" "sc" {
  # tfemrcheck:ignore EMR-SC-001 reason="a"
  configuration = <<EOT
# tfemrcheck:ignore EMR-SC-002 reason="inside the heredoc is text, not a comment"
{"EncryptionConfiguration": {}}
EOT
}
`, []string{"3 range 4-7 aws_emr_security_configuration.sc"}},
		{"not on a resource", `
# tfemrcheck:ignore EMR-CL-001 reason="a"
module "m" {
  source = "./m"
}

# tfemrcheck:ignore EMR-CL-001 reason="b"
data "aws_caller_identity" "me" {}
resource "aws_emr_cluster" "c" {
  name = "c"
  # tfemrcheck:ignore EMR-CL-001 reason="c"

  release_label = "emr-7.5.0"
}
`, []string{"2 none 0-0  error", "7 none 0-0  error", "11 none 0-0  error"}},
		{"object item inside jsonencode on one line", `
resource "aws_emr_security_configuration" "sc" {
  configuration = jsonencode({
    A = { B = "x" } # tfemrcheck:ignore EMR-SC-001 reason="a"
  })
}
`, []string{"4 range 4-4 aws_emr_security_configuration.sc"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, placements(t, c.src), c.name)
	}
}

func TestScanFileFindsLocalModules(t *testing.T) {
	_, mods, _ := scanFile([]byte(`
module "a" { source = "./a" }
module "b" { source = "../b" }
module "c" { source = "terraform-aws-modules/vpc/aws" }
module "d" { source = var.x }
`), "main.tf")
	assert.Equal(t, []string{"./a", "../b"}, mods)
}

func TestScanFileWithSyntaxError(t *testing.T) {
	ds, _, diags := scanFile([]byte(`
# tfemrcheck:ignore EMR-CL-001 reason="a"
resource "aws_emr_cluster" "c" {
  name = 
}
`), "main.tf")
	assert.True(t, diags.HasErrors())
	require.Len(t, ds, 1, "comments are still read")
}

func TestOddCommentsDoNotPanic(t *testing.T) {
	for _, text := range []string{
		"#tfemrcheck:ignore", "# tfemrcheck:ignore =", `# tfemrcheck:ignore ="`, `# tfemrcheck:ignore a="\`,
		"# tfemrcheck:ignore ,,, ", "// tfemrcheck:ignore \t EMR-SC-001\treason=x", "#", "//",
	} {
		d, ok := parseComment(text)
		assert.True(t, ok || text == "#" || text == "//", text)
		if ok && len(d.RuleIDs) == 0 {
			assert.NotEmpty(t, d.Errors, text)
		}
	}
}
