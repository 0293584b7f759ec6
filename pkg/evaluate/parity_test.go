package evaluate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// parityDocs are documents checked both here and by the CLI's code paths.
var parityDocs = map[string]string{
	"compliant": compliantDoc,
	"sse-c":     sseCDoc,
	"invalid":   `{"EncryptionConfiguration": {"EnableAtRestEncryption": true,}}`,
	"ebs-custom": `{
  "EncryptionConfiguration": {
    "EnableAtRestEncryption": true,
    "EnableInTransitEncryption": false,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {"EncryptionMode": "sse_c"},
      "LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "Custom", "EnableEbsEncryption": true}
    }
  },
  "InstanceMetadataServiceConfiguration": {"MinimumInstanceMetadataServiceVersion": 3}
}`,
}

// outcome is what the provider shows of a finding (its location aside).
type outcome struct {
	Rule, Severity, Status, Address, Message, Remediation string
}

func outcomes(fs []rules.Finding) []outcome {
	out := []outcome{}
	for _, f := range fs {
		out = append(out, outcome{f.RuleID, f.Severity.String(), string(f.Status), f.Address, f.Message, f.Remediation})
	}
	return out
}

// TestParityWithDocumentMode compares a document without a release with
// the CLI reading the same text as a bare security-configuration file
// (scan.Document), on the same rules.
func TestParityWithDocumentMode(t *testing.T) {
	for name, doc := range parityDocs {
		t.Run(name, func(t *testing.T) {
			want, err := check.Run(scan.Document([]byte(doc), DocumentFile), check.Options{Rules: Rules()})
			require.NoError(t, err)
			got, err := SecurityConfiguration(doc, "")
			require.NoError(t, err)
			require.Len(t, got, len(want))
			for i := range want {
				// A bare document has no address; everything else matches,
				// including the position inside the text.
				assert.Equal(t, SCAddress, got[i].Address)
				got[i].Address = want[i].Address
				assert.Equal(t, want[i], got[i])
			}
		})
	}
}

// TestParityWithHCLMode compares a document and a release with the CLI
// reading a module that holds the document in an
// aws_emr_security_configuration and a cluster of that release using it
// (scan.Dir, the CLI's HCL mode), on the same rules.
func TestParityWithHCLMode(t *testing.T) {
	releases := []string{"emr-7.2.0", "emr-5.20.0", "emr-4.7.0", "7.2"}
	seen := map[string]bool{}
	for name, doc := range parityDocs {
		for _, rel := range releases {
			t.Run(name+"/"+rel, func(t *testing.T) {
				dir := t.TempDir()
				require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(module(doc, rel)), 0o644))
				// The provider's Region is the one the documents' keys are
				// in: a bare document has no Region to compare with.
				m, err := scan.Dir(dir, hclconfig.Options{Env: []string{"AWS_REGION=eu-west-1"}})
				require.NoError(t, err)
				want, err := check.Run(m, check.Options{Rules: Rules()})
				require.NoError(t, err)
				got, err := SecurityConfiguration(doc, rel)
				require.NoError(t, err)
				assert.Equal(t, outcomes(want), outcomes(got))
				for _, f := range want {
					seen[f.RuleID] = true
				}
			})
		}
	}
	// The cases exercise document, release and meta rules alike.
	for _, id := range []string{"EMR-SC-000", "EMR-SC-001", "EMR-REL-001", "EMR-REL-002", "EMR-META-003"} {
		assert.True(t, seen[id], "no case produced %s", id)
	}
}

// module is a root module with the document in a heredoc (so its text is
// the same) and a cluster of the release that uses it.
func module(doc, rel string) string {
	if strings.Contains(doc, "EOT") || strings.Contains(doc, "${") || strings.Contains(doc, "%{") {
		panic("document cannot be written in a heredoc")
	}
	return fmt.Sprintf(`resource "aws_emr_security_configuration" "this" {
  name          = %q
  configuration = <<EOT
%s
EOT
}

resource "aws_emr_cluster" "this" {
  name                   = "parity"
  release_label          = %q
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name
}
`, SCName, doc, rel)
}
