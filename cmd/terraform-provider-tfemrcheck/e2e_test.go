package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/cmd/terraform-provider-tfemrcheck/internal/provider"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// These tests build the provider, install it for the real terraform CLI
// through a filesystem mirror (as ../../../shared/tools/tfplan/mkplan
// does for its stand-in) and run terraform init and plan on modules that
// use it. Without a terraform binary (1.8 or later, for provider
// functions) they are skipped with the reason.

const mirrorVersion = "0.1.0"

// sseC uses SSE-C, which EMR does not support (EMR-SC-001).
const sseC = `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":false,` +
	`"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-C"}}}}`

// compliant is the reference baseline (§1.7) without Kerberos.
const compliant = `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":true,` +
	`"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://example-config/tls/certs.zip"}},` +
	`"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS","AwsKmsKey":"arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"},` +
	`"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000001","EnableEbsEncryption":true}}},` +
	`"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`

// terraformEnv is a terraform binary with the provider installed.
type terraformEnv struct {
	bin string
	env []string
}

func TestTerraformEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds the provider and runs terraform init and plan; run without -short (.ci/run does)")
	}
	tf := setupTerraform(t)

	sc001Fix := rules.SC001.Remediation

	t.Run("example module, compliant defaults", func(t *testing.T) {
		out, err := tf.plan(t, "../../examples/provider-module")
		require.NoError(t, err, out)
		assert.Contains(t, out, "Plan: 1 to add")
		assert.Contains(t, out, "findings               = []")
		assert.NotContains(t, out, "Warning:")
	})
	t.Run("example module, consumer picks SSE-C", func(t *testing.T) {
		out, err := tf.plan(t, "../../examples/provider-module", "-var", "s3_encryption_mode=SSE-C")
		require.Error(t, err, "the plan must fail")
		t.Log(out)
		flat := flatten(out)
		assert.Contains(t, flat, `Error: Error in function call`)
		assert.Contains(t, flat, `Call to function "provider::tfemrcheck::validated" failed`)
		assert.Contains(t, flat, `EMR-SC-001 [CRITICAL, fail] EMRFS encryption mode (default) is "SSE-C"`)
		assert.Contains(t, flat, "fix: "+sc001Fix)
		// The check block reports it too, as a warning.
		assert.Contains(t, flat, "Warning: Check block assertion failed")
	})
	t.Run("validated, SSE-C", func(t *testing.T) {
		out, err := tf.plan(t, "testdata/validated", "-var", "configuration="+sseC, "-var", "release_label=emr-7.2.0")
		require.Error(t, err, "the plan must fail")
		flat := flatten(out)
		assert.Contains(t, flat, "EMR-SC-001")
		assert.Contains(t, flat, "fix: "+sc001Fix)
		assert.Contains(t, flat, "rules/EMR-SC-001.md")
	})
	t.Run("validated, compliant", func(t *testing.T) {
		out, err := tf.plan(t, "testdata/validated", "-var", "configuration="+compliant, "-var", "release_label=emr-7.2.0")
		require.NoError(t, err, out)
		assert.Contains(t, out, "Plan: 1 to add")
		assert.NotContains(t, out, "EMR-")
	})
	t.Run("validated, release too old for EBS encryption", func(t *testing.T) {
		out, err := tf.plan(t, "testdata/validated", "-var", "configuration="+compliant, "-var", "release_label=emr-5.20.0")
		require.Error(t, err, "the plan must fail")
		assert.Contains(t, flatten(out), "EMR-REL-001")
	})
	t.Run("release unknown at plan, compliant", func(t *testing.T) {
		out, err := tf.plan(t, "testdata/pending", "-var", "configuration="+compliant, "-var", "release_label=emr-7.2.0")
		require.NoError(t, err, out)
		assert.Contains(t, out, "Plan: 2 to add")
		assert.Regexp(t, `input\s+= \(known after apply\)`, out, "validated() is unknown until the release is")
	})
	t.Run("release unknown at plan, SSE-C fails at once", func(t *testing.T) {
		out, err := tf.plan(t, "testdata/pending", "-var", "configuration="+sseC, "-var", "release_label=emr-7.2.0")
		require.Error(t, err, "the document's own findings do not wait for the release")
		assert.Contains(t, flatten(out), "EMR-SC-001")
	})
}

// setupTerraform finds terraform, builds the provider into a filesystem
// mirror and writes a CLI configuration that installs it from there.
func setupTerraform(t *testing.T) *terraformEnv {
	t.Helper()
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skipf("end-to-end tests need the terraform CLI (1.8 or later) on PATH: %v", err)
	}
	if v, err := terraformVersion(bin); err != nil {
		t.Skipf("cannot tell the version of %s: %v", bin, err)
	} else if !atLeast(v, 1, 8) {
		t.Skipf("terraform %s at %s has no provider functions (1.8 or later needed)", v, bin)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}

	root := t.TempDir()
	mirror := filepath.Join(root, "mirror")
	exe := filepath.Join(mirror, provider.Address, mirrorVersion,
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-tfemrcheck_v"+mirrorVersion)
	build := exec.Command(goBin, "build", "-o", exe, "-ldflags", "-X main.version="+mirrorVersion, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}

	cliConfig := filepath.Join(root, "cli.tfrc")
	namespace := strings.TrimSuffix(provider.Address, "/tfemrcheck") + "/*"
	cfg := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%q]
  }
  direct {
    exclude = [%q]
  }
}
`, mirror, namespace, namespace)
	require.NoError(t, os.WriteFile(cliConfig, []byte(cfg), 0o644))

	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return &terraformEnv{bin: bin, env: env}
}

// plan copies the module in dir to a fresh directory, runs terraform init
// there and then terraform plan with args; it returns plan's output and
// its error (non-nil when the plan fails).
func (tf *terraformEnv) plan(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(work, e.Name()), b, 0o644))
	}
	if out, err := tf.run(work, "init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	return tf.run(work, append([]string{"plan", "-input=false", "-no-color", "-lock=false"}, args...)...)
}

func (tf *terraformEnv) run(dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tf.bin, args...)
	cmd.Dir = dir
	cmd.Env = tf.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// flatten joins the lines Terraform wraps, so that messages can be
// matched whole.
func flatten(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func terraformVersion(bin string) (string, error) {
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		return "", err
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

var versionPattern = regexp.MustCompile(`^(\d+)\.(\d+)`)

// atLeast reports whether version v is major.minor or later.
func atLeast(v string, major, minor int) bool {
	m := versionPattern.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	ma, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	return ma > major || ma == major && mi >= minor
}

func TestAtLeast(t *testing.T) {
	assert.True(t, atLeast("1.11.4", 1, 8))
	assert.True(t, atLeast("1.8.0", 1, 8))
	assert.True(t, atLeast("2.0.0", 1, 8))
	assert.False(t, atLeast("1.7.5", 1, 8))
	assert.False(t, atLeast("dev", 1, 8))
}
