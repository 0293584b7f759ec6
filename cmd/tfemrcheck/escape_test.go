package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Output injection (issue 11, item 6): text from the checked code (a file
// name, a module source, a JSON key, a configurations_json
// classification, a suppression reason) must not start a line of any
// output, standard error included, nor send an escape sequence to the
// terminal. GitHub reads a workflow command ("::error file=…::…") at the
// start of a line, after leading blanks.
func TestHostileTextNeverStartsALine(t *testing.T) {
	// payload is what the attacker writes; where a Terraform string
	// cannot hold a raw newline, its "\n" escape does.
	const payload = `\n::error file=evil.tf,line=1::pwned\r::warning::pwned\u001b[2J\u202e`
	dir := t.TempDir()
	files := map[string]string{
		"main.tf": `
module "net" {
  source = "git::https://example.com/x.git?ref=` + "\u001b[31m" + `\n::error file=evil.tf::pwned-source"
}

resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = false
    }
    "` + payload + `key" = 1
  })
}

# tfemrcheck:ignore EMR-NET-001 reason="` + "\u001b]0;owned\u0007\r::error file=evil.tf::pwned-reason" + `"
resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = "emr-7.1.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sc.name
  log_uri                = "s3://logs/"
  configurations_json = jsonencode([{
    Classification = "spark` + payload + `"
    Properties     = { "spark.authenticate" = "false" }
  }])
}
`,
		// A file whose name holds a newline and a workflow command, and
		// whose content does not parse: its name goes to standard error.
		"evil\n::error file=evil.tf::pwned-name\x1b[2J.tf": "resource \"x\" {\n",
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	policy := filepath.Join(t.TempDir(), "policy.hcl")
	require.NoError(t, os.WriteFile(policy, []byte(`exception {
  rule    = "EMR-LOG-002"
  address = "aws_emr_cluster.c"
  reason  = "`+payload+`pwned-policy"
}
`), 0o644))

	// Without the broken file first, so that the findings are reported.
	broken := filepath.Join(dir, "evil\n::error file=evil.tf::pwned-name\x1b[2J.tf")
	hidden := filepath.Join(t.TempDir(), "broken.tf")
	require.NoError(t, os.Rename(broken, hidden))
	for _, format := range allFormats {
		t.Run("findings/"+format, func(t *testing.T) {
			r := runCLI(t, "", "--format", format, "--config", policy, dir)
			require.Equal(t, exitFindings, r.code, r.stderr)
			assert.Contains(t, r.stdout, "pwned", "the hostile text is reported, escaped")
			if format == "text" || format == "json" {
				// These two carry notes and every suppression's reason.
				for _, s := range []string{"pwned-source", "pwned-reason", "pwned-policy", "pwned\\r::warning::pwned"} {
					assert.Contains(t, r.stdout, s)
				}
			}
			assertNoInjection(t, r.stdout+"\n"+r.stderr)
		})
	}
	require.NoError(t, os.Rename(hidden, broken))
	for _, format := range allFormats {
		t.Run("errors/"+format, func(t *testing.T) {
			r := runCLI(t, "", "--format", format, "--config", policy, dir)
			require.Equal(t, exitError, r.code)
			assert.Contains(t, r.stderr, "pwned-name", "the file is named, escaped")
			assertNoInjection(t, r.stdout+"\n"+r.stderr)
		})
	}
}

// assertNoInjection fails when a line, after leading blanks, starts with
// a workflow command the tool did not write, or when a control character
// other than a line break reaches the output.
func assertNoInjection(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		assert.False(t, strings.HasPrefix(trimmed, "::error file=evil"), "line starts with attacker text: %q", line)
		assert.False(t, strings.HasPrefix(trimmed, "::warning::pwned"), "line starts with attacker text: %q", line)
		assert.False(t, strings.ContainsAny(line, "\r\x1b\x07"), "control character in %q", line)
	}
}
