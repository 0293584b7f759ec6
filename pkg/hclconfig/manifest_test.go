package hclconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// writeTree writes files (path -> content) below a new temporary root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(c), 0o644))
	}
	return root
}

const installedCluster = `
variable "release" { type = string }
resource "aws_emr_cluster" "this" {
  count         = 1
  name          = "c"
  release_label = var.release
  service_role  = "r"
}
module "inner" {
  source = "./inner"
}
module "remote_inner" {
  source = "git::https://git.example.com/sc.git?ref=v1"
}
`

func manifestTree(manifest string) map[string]string {
	return map[string]string{
		"main.tf": `module "emr" {
  source  = "example-org/emr/aws"
  version = "~> 2.0"
  release = "emr-7.2.0"
}
`,
		".terraform/modules/emr/main.tf":       installedCluster,
		".terraform/modules/emr/inner/main.tf": `resource "aws_emr_security_configuration" "local" { configuration = "{}" }`,
		".terraform/modules/emr.remote_inner/main.tf": `resource "aws_emr_security_configuration" "remote" {
  name          = "x"
  configuration = "{}"
}`,
		".terraform/modules/modules.json": manifest,
	}
}

const goodManifest = `{"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"emr","Source":"registry.terraform.io/example-org/emr/aws","Version":"2.1.0","Dir":".terraform/modules/emr"},
{"Key":"emr.inner","Source":"./inner","Dir":".terraform/modules/emr/inner"},
{"Key":"emr.remote_inner","Source":"git::https://git.example.com/sc.git?ref=v1","Dir":".terraform/modules/emr.remote_inner"}]}`

func addrs(m *model.Model) []string {
	var out []string
	for _, r := range m.Resources {
		out = append(out, r.Address)
	}
	return out
}

// TestInstalledModules: registry, nested remote and local-in-remote
// modules are evaluated from .terraform/modules with the plan's addresses.
func TestInstalledModules(t *testing.T) {
	root := writeTree(t, manifestTree(goodManifest))
	m, diags := Load(root, Options{TrustInstalledModules: true})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, []string{
		"module.emr.aws_emr_cluster.this[0]",
		"module.emr.module.inner.aws_emr_security_configuration.local",
		"module.emr.module.remote_inner.aws_emr_security_configuration.remote",
	}, addrs(m))
	assert.Empty(t, m.Notes)
	var calls []string
	for _, c := range m.ModuleCalls {
		assert.True(t, c.Evaluated, c.Address)
		calls = append(calls, c.Address)
	}
	assert.Equal(t, []string{"module.emr", "module.emr.module.inner", "module.emr.module.remote_inner"}, calls)
	assert.Len(t, m.ModuleDirs, 2, "the two installed remote modules")
	rel, _ := m.Resources[0].Attr("release_label").AsString()
	assert.Equal(t, "emr-7.2.0", rel)
}

// TestManifestMismatch: a manifest that does not match the configuration
// is a note naming the module, and the call is not evaluated.
func TestManifestMismatch(t *testing.T) {
	cases := map[string]struct{ manifest, want string }{
		"missing key": {strings.Replace(goodManifest, `"Key":"emr",`, `"Key":"other",`, 1), "has no entry for this call"},
		"source":      {strings.Replace(goodManifest, "example-org/emr/aws", "example-org/emr-old/aws", 1), `records source "registry.terraform.io/example-org/emr-old/aws"`},
		"version":     {strings.Replace(goodManifest, `"2.1.0"`, `"1.9.0"`, 1), `records version "1.9.0"`},
		"outside":     {strings.Replace(goodManifest, `"Dir":".terraform/modules/emr"`, `"Dir":"../../../../etc"`, 1), "not a directory inside the configuration"},
		"absolute":    {strings.Replace(goodManifest, `"Dir":".terraform/modules/emr"`, `"Dir":"/etc"`, 1), "not a directory inside the configuration"},
		"invalid":     {`{"Modules": [`, "is not a Terraform module manifest"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, manifestTree(c.manifest))
			m, diags := Load(root, Options{TrustInstalledModules: true})
			require.False(t, diags.HasErrors(), diags.Error())
			assert.Empty(t, m.Resources)
			require.Len(t, m.Notes, 1)
			assert.Equal(t, "module.emr", m.Notes[0].Address)
			assert.Contains(t, m.Notes[0].Message, c.want)
			require.Len(t, m.ModuleCalls, 1)
			assert.False(t, m.ModuleCalls[0].Evaluated)
			assert.True(t, m.ModuleCalls[0].MayCreateEMR(), "the release label and the source say EMR")
		})
	}
}

// TestManifestSymlinkOutsideRoot: a manifest directory that is a symbolic
// link out of the configuration is not read.
func TestManifestSymlinkOutsideRoot(t *testing.T) {
	outside := writeTree(t, map[string]string{"main.tf": installedCluster})
	files := manifestTree(goodManifest)
	delete(files, ".terraform/modules/emr/main.tf")
	delete(files, ".terraform/modules/emr/inner/main.tf")
	root := writeTree(t, files)
	require.NoError(t, os.Symlink(outside, filepath.Join(root, ".terraform/modules/emr")))
	m, diags := Load(root, Options{TrustInstalledModules: true})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Empty(t, m.Resources)
	require.Len(t, m.Notes, 1)
	assert.Contains(t, m.Notes[0].Message, "not a directory inside the configuration")
}

func TestNormalizeSource(t *testing.T) {
	for in, want := range map[string]string{
		"example-org/emr/aws":                         "registry.terraform.io/example-org/emr/aws",
		"example-org/emr/aws//modules/sc":             "registry.terraform.io/example-org/emr/aws//modules/sc",
		"app.terraform.io/example-org/emr/aws":        "app.terraform.io/example-org/emr/aws",
		"github.com/example-org/terraform-emr":        "git::https://github.com/example-org/terraform-emr.git",
		"github.com/example-org/terraform-emr?ref=v1": "git::https://github.com/example-org/terraform-emr.git?ref=v1",
		"github.com/example-org/tf.git//emr?ref=v1":   "git::https://github.com/example-org/tf.git//emr?ref=v1",
		"git::https://git.example.com/emr.git?ref=v2": "git::https://git.example.com/emr.git?ref=v2",
		"s3::https://s3.amazonaws.com/bucket/emr.zip": "s3::https://s3.amazonaws.com/bucket/emr.zip",
	} {
		assert.Equal(t, want, normalizeSource(in), in)
	}
}
