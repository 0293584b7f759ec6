package nesting

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDepth(t *testing.T) {
	assert.Equal(t, 0, Depth([]byte("a = 1")))
	assert.Equal(t, 3, Depth([]byte(`x = {a = [f(1)]} y = [1]`)))
	assert.Equal(t, 1, Depth([]byte(")))( ")), "stray closers do not go negative")
	assert.Equal(t, 100000, Depth([]byte(strings.Repeat("[", 100000))))
}

func TestHCL(t *testing.T) {
	cases := map[string]struct {
		src  string
		want int
	}{
		"flat":                  {"a = 1\nb = \"x\"\n", 1},
		"brackets":              {`x = {a = [f(1)]}`, 3},
		"unary run":             {"a = " + strings.Repeat("!", 50) + "true", 50},
		"negation run":          {"a = " + strings.Repeat("-", 50) + "1", 50},
		"binary chain":          {"a = 1" + strings.Repeat(" + 1", 40), 40},
		"two-byte operators":    {"a = b && c || d == e != f <= g >= h", 6},
		"conditional chain":     {"a = " + strings.Repeat("x ? 1 : ", 30) + "2", 30},
		"comma resets":          {"a = [1-1, 1-1, 1-1, 1-1]", 2},
		"newline in body":       {"a = 1-1\nb = 1-1\nc = 1-1\n", 1},
		"newline inside parens": {"a = (1\n-1\n-1\n-1)", 4},
		"string operators":      {`a = "emr-5.20.0 --- !!! + * / %"`, 1},
		"identifier dashes":     {"a = my-long-dashed-name", 0},
		"interpolation":         {`a = "x-${1 - 1}-${f(2)}"`, 3},
		"escaped interpolation": {`a = "$${!!!!!!!!}"`, 1},
		"directive nesting":     {`a = "%{if a}%{if b}%{for x in c}y%{endfor}%{endif}%{endif}"`, 5},
		"heredoc":               {"a = <<EOT\nx-${[1]}\n!!!!!!!!\nEOT\nb = 1\n", 3},
		"indented heredoc":      {"a = <<-EOT\n  ${!!true}\n  EOT\n", 4},
		"comments":              {"# !!!!!!! (((\n// -----\n/* [[[[[ */ a = 1", 0},
		"json":                  {`{"locals": {"a": [1, -2, "${!x}"]}}`, 6},
		"index chain":           {"a = x[a][b][c]", 4},
		"splat chain":           {"a = x[*][*]", 4},
		"list after =":          {"a = [1]", 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, HCL([]byte(tc.src)), tc.src)
		})
	}
}

func TestTemplate(t *testing.T) {
	assert.Equal(t, 0, Template([]byte("plain - text ! with \" quotes")))
	assert.Equal(t, 2, Template([]byte("${a - b}")))
	assert.Equal(t, 1, Template([]byte("${a-b}")), "a-b is one identifier")
	assert.Equal(t, 101, Template([]byte(strings.Repeat("%{if a}", 100)+"x")))
	assert.Equal(t, 2, Template([]byte(strings.Repeat("%{if a}x%{endif}", 100))))
}

func TestYAML(t *testing.T) {
	assert.Equal(t, 3, YAML([]byte("a:\n  b: 1\n")), "indentation counts each column")
	assert.Equal(t, 3, YAML([]byte("- - - x\n")))
	assert.Equal(t, 3, YAML([]byte("a: [[[1]]]\n")))
}

// TestHostileNestingRefused: each shape that overflowed the stack before
// (issue 11) is now above Max.
func TestHostileNestingRefused(t *testing.T) {
	n := 100000
	for name, src := range map[string]string{
		"unary":       "a = " + strings.Repeat("!", n) + "true\n",
		"minus":       "a = " + strings.Repeat("-", n) + "1\n",
		"spaced":      "a = " + strings.Repeat("! ", n) + "true\n",
		"binary":      "a = 1" + strings.Repeat("+1", n) + "\n",
		"conditional": "a = " + strings.Repeat("x?1:", n) + "2\n",
		"parens":      "a = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n",
		"interp":      "a = " + strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n) + "\n",
		"directives":  `a = "` + strings.Repeat("%{if true}", n) + `"`,
		"splats":      "a = x" + strings.Repeat("[*]", n) + "\n",
		"indexes":     "a = x" + strings.Repeat("[a]", n) + "\n",
	} {
		var err *Error
		require.ErrorAs(t, CheckHCL([]byte(src)), &err, name)
		assert.Greater(t, err.Depth, Max, name)
	}
	require.Error(t, CheckTemplate([]byte(strings.Repeat("%{for x in y}", n))))
	require.Error(t, CheckJSON([]byte(strings.Repeat("[", n))))
	require.Error(t, CheckYAML([]byte(strings.Repeat("- ", n)+"x")))
}

// TestHCLAcceptsWhatParses: source under the limit parses, and the count
// agrees with the parser on what a level is for simple chains.
func TestHCLAcceptsWhatParses(t *testing.T) {
	src := []byte("a = " + strings.Repeat("!", Max-1) + "true\n")
	require.NoError(t, CheckHCL(src))
	_, diags := hclsyntax.ParseConfig(src, "x.tf", hcl.InitialPos)
	require.False(t, diags.HasErrors(), diags.Error())
}
