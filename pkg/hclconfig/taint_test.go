package hclconfig

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

const taintCanary = "TAINTCANARY9f3e1c77b2"

func warnings(diags hcl.Diagnostics) []*hcl.Diagnostic {
	var out []*hcl.Diagnostic
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			out = append(out, d)
		}
	}
	return out
}

func TestFileValuesAreTainted(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"sc.json":    `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"` + taintCanary + `":"x","AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS","AwsKmsKey":"` + taintCanary + `"}}}}`,
		"label.txt":  "emr-6.15.0",
		"keys.json":  `{"` + taintCanary + `": "v"}`,
		"tmpl.tftpl": `{"EncryptionConfiguration":{"EnableInTransitEncryption":${tls}}}`,
		"main.tf": `
locals {
  keys = jsondecode(file("keys.json"))
}
resource "aws_emr_security_configuration" "file" {
  name          = "file"
  configuration = file("${path.module}/sc.json")
}
resource "aws_emr_security_configuration" "tmpl" {
  name          = "tmpl"
  configuration = templatefile("tmpl.tftpl", { tls = true })
}
resource "aws_emr_security_configuration" "enc" {
  name          = "enc"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, Tag = keys(local.keys)[0] } })
}
resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = trimspace(file("label.txt"))
  log_uri                = base64decode(filebase64("keys.json"))
  security_configuration = aws_emr_security_configuration.file.name
}
`,
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), "%v", diags)

	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	label := c.ReleaseLabel()
	assert.Equal(t, "file label.txt", label.Taint())
	assert.Equal(t, `"emr-6.15.0"`, label.Display(), "a release label is shown")
	logURI := c.Resource.Attr("log_uri")
	assert.Equal(t, "file keys.json", logURI.Taint())
	assert.Equal(t, "(value read from file keys.json)", logURI.Display())

	doc := scByAddr(t, m, "aws_emr_security_configuration.file").Document
	require.NotNil(t, doc)
	doc.Walk(func(path string, v *model.Value) {
		assert.Equal(t, "file sc.json", v.Taint(), "every value and key of a document read from a file: %s", path)
	})
	key := doc.Get("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "AwsKmsKey")
	assert.Equal(t, "(value read from file sc.json)", key.Display())
	mode := doc.Get("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode")
	assert.Equal(t, `"SSE-KMS"`, mode.Display(), "an enum is shown")
	enc := doc.Get("EncryptionConfiguration")
	assert.Equal(t, "(value read from file sc.json)", enc.KeyDisplay(taintCanary))
	assert.Equal(t, `"EnableAtRestEncryption"`, model.NewObject().KeyDisplay("EnableAtRestEncryption"))

	tdoc := scByAddr(t, m, "aws_emr_security_configuration.tmpl").Document
	require.NotNil(t, tdoc)
	assert.Equal(t, "file tmpl.tftpl", tdoc.Get("EncryptionConfiguration", "EnableInTransitEncryption").Taint())

	edoc := scByAddr(t, m, "aws_emr_security_configuration.enc").Document
	require.NotNil(t, edoc)
	assert.Equal(t, "", edoc.Get("EncryptionConfiguration", "EnableAtRestEncryption").Taint(), "jsonencode keeps taint per value")
	tag := edoc.Get("EncryptionConfiguration", "Tag")
	assert.Equal(t, "file keys.json", tag.Taint(), "a key of a decoded file is tainted as a value")
	assert.Equal(t, "(value read from file keys.json)", tag.Display())
}

func TestEnvironmentVariablesAreTainted(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
variable "label" { type = string }
variable "cfg" { type = map(string) }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = var.label
  log_uri       = "s3://${var.cfg["bucket"]}/logs"
}
`})
	m, diags := Load(dir, Options{Env: []string{"TF_VAR_label=" + taintCanary, `TF_VAR_cfg={bucket="` + taintCanary + `"}`}})
	require.False(t, diags.HasErrors(), "%v", diags)
	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	assert.Equal(t, "environment TF_VAR_label", c.ReleaseLabel().Taint())
	assert.Equal(t, "(value read from environment TF_VAR_label)", c.ReleaseLabel().Display())
	assert.Equal(t, "environment TF_VAR_cfg", c.Resource.Attr("log_uri").Taint())

	// -var is the user's own input, not tainted.
	m, diags = Load(dir, Options{Vars: []string{"label=emr-7.1.0", `cfg={bucket="b"}`}})
	require.False(t, diags.HasErrors(), "%v", diags)
	assert.Equal(t, "", clusterByAddr(t, m, "aws_emr_cluster.c").ReleaseLabel().Taint())
}

func TestEnvironmentValueErrorsDoNotQuoteIt(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
variable "cfg" { type = list(string) }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = var.cfg[0]
}
`})
	_, diags := Load(dir, Options{Env: []string{"TF_VAR_cfg=" + taintCanary + "()"}})
	require.True(t, diags.HasErrors())
	assert.NotContains(t, diags.Error(), taintCanary)
}

func TestRefusedReadsAreUnknownWithAWarning(t *testing.T) {
	base := writeTree(t, map[string]string{
		"outside/secret":       taintCanary,
		"repo/.git/config":     "[http]\n\textraheader = AUTHORIZATION: basic " + taintCanary + "\n",
		"repo/infra/tmpl.json": `{"x": "${file("/proc/self/environ")}"}`,
		"repo/infra/main.tf": `
resource "aws_emr_cluster" "proc" {
  name          = "proc"
  release_label = "emr-${regex("TOKEN=(.*)", file("/proc/self/environ"))[0]}"
}
resource "aws_emr_cluster" "git" {
  name          = "git"
  release_label = file("../.git/config")
}
resource "aws_emr_cluster" "out" {
  name          = "out"
  release_label = filebase64("../../outside/secret")
  log_uri       = fileexists("/etc/passwd") ? "a" : "b"
}
resource "aws_emr_cluster" "tmpl" {
  name          = "tmpl"
  release_label = templatefile("tmpl.json", {})
}
`,
	})
	m, diags := Load(filepath.Join(base, "repo/infra"), Options{})
	require.False(t, diags.HasErrors(), "a refused read is not an error: %v", diags)
	want := map[string]string{
		"aws_emr_cluster.proc": `file("/proc/self/environ") (read refused: outside the scanned tree)`,
		"aws_emr_cluster.git":  `file("../.git/config") (read refused: inside a .git directory)`,
		"aws_emr_cluster.out":  `filebase64("../../outside/secret") (read refused: outside the scanned tree)`,
		"aws_emr_cluster.tmpl": `file("/proc/self/environ") (read refused: outside the scanned tree)`,
	}
	for addr, blocker := range want {
		v := clusterByAddr(t, m, addr).ReleaseLabel()
		assert.Equal(t, model.Unknown, v.State, addr)
		assert.Equal(t, []string{blocker}, v.Blockers(), addr)
	}
	assert.Equal(t, []string{`fileexists("/etc/passwd") (read refused: outside the scanned tree)`},
		clusterByAddr(t, m, "aws_emr_cluster.out").Resource.Attr("log_uri").Blockers())

	ws := warnings(diags)
	require.Len(t, ws, 5, "one warning per refused call: %v", ws)
	for _, w := range ws {
		assert.Equal(t, "File read refused", w.Summary)
		require.NotNil(t, w.Subject)
		assert.True(t, strings.HasSuffix(w.Subject.Filename, "main.tf"), w.Subject.Filename)
		assert.NotContains(t, w.Detail, taintCanary)
	}
	assert.Equal(t, 4, ws[0].Subject.Start.Line, "the warning points at the call")
	require.Len(t, m.Notes, 5, "each refused call is also a note in the report")
	var warnLines, noteLines []int
	for i, n := range m.Notes {
		warnLines = append(warnLines, ws[i].Subject.Start.Line)
		noteLines = append(noteLines, n.Range.Start.Line)
		assert.Contains(t, n.Message, "read refused: ")
	}
	assert.ElementsMatch(t, warnLines, noteLines)
	assert.NotContains(t, diags.Error(), taintCanary)
}

func TestTaintedPathIsNotNamed(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
variable "p" { type = string }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = file(var.p)
}
`})
	m, diags := Load(dir, Options{Env: []string{"TF_VAR_p=/" + taintCanary}})
	require.False(t, diags.HasErrors(), "%v", diags)
	v := clusterByAddr(t, m, "aws_emr_cluster.c").ReleaseLabel()
	assert.Equal(t, []string{"file(…) (read refused: outside the scanned tree)"}, v.Blockers())
	assert.NotContains(t, diags.Error(), taintCanary)

	// inside the tree, a missing file is an error as in Terraform, and the
	// error does not quote the tainted path
	_, diags = Load(dir, Options{Env: []string{"TF_VAR_p=" + taintCanary}})
	require.True(t, diags.HasErrors())
	assert.NotContains(t, diags.Error(), taintCanary)
}

func TestDiagnosticsAboutTaintedValuesAreRedacted(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"bad.json": `{"a": ` + taintCanary + `}`,
		"main.tf": `
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = jsondecode(file("bad.json"))["a"]
  log_uri       = tonumber(file("bad.json"))
}
`})
	_, diags := Load(dir, Options{})
	require.True(t, diags.HasErrors())
	assert.NotContains(t, diags.Error(), taintCanary)
	assert.Contains(t, diags.Error(), "value read from file bad.json")
}

func TestTaintedForEachKeysAreNotInAddresses(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"clusters.json": `{"prod": "emr-7.1.0", "` + taintCanary + `": "emr-6.15.0"}`,
		"main.tf": `
variable "names" { type = set(string) }
resource "aws_emr_cluster" "f" {
  for_each      = jsondecode(file("clusters.json"))
  name          = each.key
  release_label = each.value
}
resource "aws_emr_cluster" "e" {
  for_each      = var.names
  name          = each.key
  release_label = "emr-7.1.0"
}
`})
	m, diags := Load(dir, Options{Env: []string{`TF_VAR_names=["` + taintCanary + `", "analytics-eu"]`}})
	require.False(t, diags.HasErrors(), "%v", diags)
	assert.Equal(t, []string{
		`aws_emr_cluster.e["(value read from environment TF_VAR_names) #1"]`,
		`aws_emr_cluster.e["(value read from environment TF_VAR_names) #2"]`,
		`aws_emr_cluster.f["(value read from file clusters.json) #1"]`,
		`aws_emr_cluster.f["prod"]`,
	}, addresses(m.Resources), "names from the tree's files stay, token-like keys are hidden; no key from the environment is shown (issue 24.11)")
}

func TestTaintedTextInParseErrorsIsNotQuoted(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"bad.json":   `{"` + taintCanary + `" 1}`,
		"bad.tftpl":  `x ${` + taintCanary + `} y`,
		"bad2.tftpl": `x ${` + taintCanary + `(1)} y`,
		"main.tf": `
resource "aws_emr_security_configuration" "bad" {
  name          = "bad"
  configuration = file("bad.json")
}
resource "aws_emr_cluster" "t" {
  name          = "t"
  release_label = templatefile("bad.tftpl", {})
  log_uri       = templatefile("bad2.tftpl", {})
}
`})
	m, diags := Load(dir, Options{})
	require.True(t, diags.HasErrors(), "a template with errors is an error, as in Terraform")
	var all strings.Builder
	for _, d := range diags {
		all.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	assert.NotContains(t, all.String(), taintCanary)
	// Terraform's messages, with the template's token-like text left out
	assert.Contains(t, all.String(), "vars map does not contain key (value read from file bad.tftpl)")
	assert.Contains(t, all.String(), "the template (file bad2.tftpl) has errors")
	sc := scByAddr(t, m, "aws_emr_security_configuration.bad")
	require.NotNil(t, sc.ParseError)
	assert.Equal(t, "a syntax error in the value read from file bad.json", sc.ParseError.Message)
}

// mapFS is a tffuncs.FileSystem over a map, for Options.Files.
type mapFS map[string]string

func (m mapFS) ReadFile(p string) ([]byte, error) {
	if s, ok := m[p]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
}

func (m mapFS) Stat(p string) (fs.FileInfo, error) {
	if _, ok := m[p]; ok {
		return os.Stat(".") // any existing info; only existence is used
	}
	return nil, &fs.PathError{Op: "stat", Path: p, Err: fs.ErrNotExist}
}

func (m mapFS) ReadDir(string) ([]fs.DirEntry, error) { return nil, nil }

// The file functions read only through the loader's file system.
func TestOptionsFilesOverridesTheFileSystem(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"label.txt": "emr-5.0.0",
		"main.tf": `
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = file("label.txt")
}
`})
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	m, diags := Load(dir, Options{Files: mapFS{filepath.Join(abs, "label.txt"): "emr-7.1.0"}})
	require.False(t, diags.HasErrors(), "%v", diags)
	assert.Equal(t, "emr-7.1.0", str(t, clusterByAddr(t, m, "aws_emr_cluster.c").ReleaseLabel()))
}
