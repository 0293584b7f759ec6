package hclconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

func loadOK(t *testing.T, dir string, opts Options) *model.Model {
	t.Helper()
	m, diags := Load(filepath.Join("testdata", dir), opts)
	require.False(t, diags.HasErrors(), "diagnostics: %v", diags)
	require.NotNil(t, m)
	return m
}

func loadErr(t *testing.T, dir string) hcl.Diagnostics {
	t.Helper()
	m, diags := Load(filepath.Join("testdata", dir), Options{})
	require.NotNil(t, m)
	require.True(t, diags.HasErrors(), "expected errors")
	return diags
}

func str(t *testing.T, v *model.Value) string {
	t.Helper()
	s, ok := v.AsString()
	require.True(t, ok, "value is %s, not a known string", v.State)
	return s
}

func addresses(rs []*model.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Address)
	}
	return out
}

func scByAddr(t *testing.T, m *model.Model, addr string) *model.SecurityConfig {
	t.Helper()
	for _, sc := range m.SecurityConfigs {
		if sc.Address() == addr {
			return sc
		}
	}
	t.Fatalf("no security configuration %s", addr)
	return nil
}

func clusterByAddr(t *testing.T, m *model.Model, addr string) *model.Cluster {
	t.Helper()
	for _, c := range m.Clusters {
		if c.Resource.Address == addr {
			return c
		}
	}
	t.Fatalf("no cluster %s", addr)
	return nil
}

func TestHeredocAndLiteralJSON(t *testing.T) {
	m := loadOK(t, "heredoc", Options{})
	// only relevant types are kept; the unknown function in aws_iam_role is never evaluated
	assert.Equal(t, []string{
		"aws_emr_cluster.c", "aws_emr_cluster.ext",
		"aws_emr_security_configuration.broken", "aws_emr_security_configuration.inline",
		"aws_emr_security_configuration.sc",
	}, addresses(m.Resources))

	sc := scByAddr(t, m, "aws_emr_security_configuration.sc")
	require.NotNil(t, sc.Document)
	mode := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode")
	assert.Equal(t, "SSE-S3", str(t, mode))
	require.NotNil(t, mode.Range)
	assert.Equal(t, 10, mode.Range.Start.Line, "key range lands on the heredoc line")
	assert.True(t, strings.HasSuffix(mode.Range.Filename, "main.tf"))
	assert.True(t, sc.Resource.Constant["configuration"])
	assert.Equal(t, 1, sc.Resource.Range.Start.Line)

	inline := scByAddr(t, m, "aws_emr_security_configuration.inline")
	b, ok, _ := inline.Doc("EncryptionConfiguration", "EnableAtRestEncryption").AsBool(false)
	assert.True(t, ok)
	assert.False(t, b)
	assert.Equal(t, 20, inline.Doc("EncryptionConfiguration").Range.Start.Line)

	broken := scByAddr(t, m, "aws_emr_security_configuration.broken")
	assert.Nil(t, broken.Document)
	require.NotNil(t, broken.ParseError)

	// .id of a security configuration stays unknown, but the reference links
	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	assert.True(t, c.SCName.IsUnknown())
	assert.Equal(t, []string{"aws_emr_security_configuration.sc.id"}, c.SCName.Blockers())
	assert.Equal(t, model.LinkResolved, c.Link)
	assert.Same(t, sc, c.SC)
	assert.Equal(t, []string{"aws_emr_security_configuration.sc.id", "aws_emr_security_configuration.sc"},
		c.Resource.Refs["security_configuration"])

	ext := clusterByAddr(t, m, "aws_emr_cluster.ext")
	assert.Equal(t, model.LinkExternal, ext.Link)
}

func TestJSONEncodeWithUnknownLeaves(t *testing.T) {
	m := loadOK(t, "jsonencode", Options{})
	sc := scByAddr(t, m, "aws_emr_security_configuration.sc")
	// like a plan, the rendered string is unknown
	require.True(t, sc.Configuration.IsUnknown())
	assert.Contains(t, sc.Configuration.Blockers(), "aws_kms_key.emr.arn")
	// but the document is visible key by key
	require.NotNil(t, sc.Document)
	s3 := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration")
	assert.Equal(t, "SSE-C", str(t, s3.Get("EncryptionMode")))
	assert.Equal(t, 14, s3.Get("EncryptionMode").Range.Start.Line)
	key := s3.Get("AwsKmsKey")
	assert.True(t, key.IsUnknown())
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, key.Blockers())
	assert.Equal(t, 15, key.Range.Start.Line)
	ld := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration")
	assert.Equal(t, []string{"data.aws_caller_identity.current.account_id"}, ld.Get("AwsKmsKey").Blockers())
	ebs, ok, exact := ld.Get("EnableEbsEncryption").AsBool(false)
	assert.True(t, ebs && ok && exact)
	n, ok := sc.Doc("InstanceMetadataServiceConfiguration", "MinimumInstanceMetadataServiceVersion").AsInt(false)
	assert.True(t, ok)
	assert.Equal(t, int64(2), n)
	assert.Equal(t, []string{"EncryptionConfiguration", "InstanceMetadataServiceConfiguration"}, sc.Document.Keys())

	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	assert.Equal(t, "kms-sc", str(t, c.SCName))
	assert.Equal(t, model.LinkResolved, c.Link)
	assert.Equal(t, []string{"aws_kms_key.emr.id"}, c.Resource.Attr("log_uri").Blockers())
	pw := c.Resource.Attr("kerberos_attributes", 0, "kdc_admin_password")
	assert.True(t, pw.Sensitive)
	assert.Equal(t, "(sensitive value)", pw.Display())
	assert.True(t, c.Resource.Constant["kerberos_attributes.kdc_admin_password"])
	assert.False(t, c.Resource.Constant["security_configuration"])
	assert.Equal(t, 37, c.Resource.Attr("kerberos_attributes").Range.Start.Line)
	assert.Equal(t, 38, pw.Range.Start.Line)
}

func TestVariablePrecedence(t *testing.T) {
	m := loadOK(t, "vars", Options{})
	c := m.Resources[0]
	// terraform.tfvars overrides the default; *.auto.tfvars(.json) override
	// terraform.tfvars, in lexical order (b.auto.tfvars.json wins)
	assert.Equal(t, "tfvars-b-auto", str(t, c.Attr("name")))
	assert.Equal(t, "emr-5.0.0", str(t, c.Attr("release_label")))
	// "3" in tfvars is converted to the number type
	n, ok := c.Attr("step_concurrency_level").AsInt(false)
	assert.True(t, ok)
	assert.Equal(t, int64(3), n)
	// optional attribute default
	assert.Equal(t, "dflt", str(t, c.Attr("tags", "extra")))
	assert.Equal(t, "s3://default/", str(t, c.Attr("log_uri")))
	// no value at all: unknown with a blocker
	sc := c.Attr("security_configuration")
	assert.True(t, sc.IsUnknown())
	assert.Equal(t, []string{"var.missing (no value given)"}, sc.Blockers())
	// sensitive variable with a literal default: sensitive and constant
	pw := c.Attr("kerberos_attributes", 0, "kdc_admin_password")
	assert.True(t, pw.Sensitive)
	assert.True(t, c.Constant["kerberos_attributes.kdc_admin_password"])
	assert.True(t, c.Constant["release_label"])
	assert.False(t, c.Constant["name"])
}

func TestVariableCommandLineAndEnv(t *testing.T) {
	opts := Options{
		Env:      []string{"TF_VAR_release=emr-env", "TF_VAR_password=from-env", "TF_VAR_from_tfvars=env", "HOME=/x"},
		VarFiles: []string{filepath.Join("testdata", "vars", "extra.tfvars")},
		Vars:     []string{"tags={team=\"x\"}", "auto=cli"},
	}
	m := loadOK(t, "vars", opts)
	c := m.Resources[0]
	// -var-file beats TF_VAR_; terraform.tfvars beats TF_VAR_; -var beats auto.tfvars
	assert.Equal(t, "emr-6.0.0", str(t, c.Attr("release_label")))
	assert.Equal(t, "tfvars-cli", str(t, c.Attr("name")))
	assert.Equal(t, "x", str(t, c.Attr("tags", "team")))
	// a value from outside the code is not a constant
	assert.False(t, c.Constant["kerberos_attributes.kdc_admin_password"])
	assert.False(t, c.Constant["release_label"])

	// TF_VAR_ alone beats the default
	m = loadOK(t, "vars", Options{Env: []string{"TF_VAR_release=emr-env"}})
	assert.Equal(t, "emr-env", str(t, m.Resources[0].Attr("release_label")))

	// -var beats -var-file
	m = loadOK(t, "vars", Options{VarFiles: opts.VarFiles, Vars: []string{"release=emr-cli"}})
	assert.Equal(t, "emr-cli", str(t, m.Resources[0].Attr("release_label")))
}

func TestVariableConversionError(t *testing.T) {
	_, diags := Load(filepath.Join("testdata", "vars"), Options{VarFiles: []string{filepath.Join("testdata", "vars", "bad.tfvars")}})
	require.True(t, diags.HasErrors())
	var found bool
	for _, d := range diags {
		if d.Summary == "Invalid value for input variable" {
			found = true
			require.NotNil(t, d.Subject)
			assert.Equal(t, 1, d.Subject.Start.Line)
			assert.True(t, strings.HasSuffix(d.Subject.Filename, "bad.tfvars"))
		}
	}
	assert.True(t, found, "%v", diags)

	_, diags = Load(filepath.Join("testdata", "vars"), Options{Vars: []string{"undeclared=1"}})
	assert.True(t, diags.HasErrors())
}

func TestLocalsAndFiles(t *testing.T) {
	m := loadOK(t, "locals", Options{Workspace: "staging"})
	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	assert.Equal(t, "EMR-X", str(t, c.Resource.Attr("name")))
	assert.Equal(t, "b-1", str(t, c.Resource.Attr("release_label")))
	assert.Equal(t, "data", str(t, c.Resource.Attr("tags", "Team")))
	assert.Equal(t, "staging", str(t, c.Resource.Attr("tags", "Env")))
	assert.Equal(t, "s3://bucket/", str(t, c.Resource.Attr("log_uri")))
	assert.Equal(t, 2, len(c.Resource.Attr("applications").Elems()))
	assert.Equal(t, []string{"local.name"}, c.Resource.Refs["name"])
	assert.Equal(t, model.LinkResolved, c.Link)

	f := scByAddr(t, m, "aws_emr_security_configuration.file")
	require.NotNil(t, f.Document)
	at := f.Doc("EncryptionConfiguration", "EnableAtRestEncryption")
	b, ok, _ := at.AsBool(false)
	assert.True(t, b && ok)
	assert.True(t, strings.HasSuffix(at.Range.Filename, "sc.json"))
	assert.Equal(t, 4, at.Range.Start.Line)

	tp := scByAddr(t, m, "aws_emr_security_configuration.tpl")
	require.NotNil(t, tp.Document)
	s3 := tp.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration")
	assert.Equal(t, "SSE-KMS", str(t, s3.Get("EncryptionMode")))
	assert.Equal(t, "arn:aws:kms:eu-west-1:111122223333:key/abc", str(t, s3.Get("AwsKmsKey")))
}

func TestModules(t *testing.T) {
	m := loadOK(t, "modules", Options{})
	assert.Equal(t, []string{
		"aws_emr_cluster.counted[0]",
		"aws_emr_cluster.counted[1]",
		"aws_emr_cluster.np",
		"aws_emr_security_configuration.root_sc",
		"aws_security_group.sg",
		`module.emr["dev"].aws_emr_cluster.this`,
		`module.emr["prod"].aws_emr_cluster.this`,
		"module.sc.aws_emr_security_configuration.this",
		"module.wrap[0].module.inner.aws_emr_cluster.this",
	}, addresses(m.Resources))

	prod := clusterByAddr(t, m, `module.emr["prod"].aws_emr_cluster.this`)
	assert.Equal(t, `module.emr["prod"]`, prod.Resource.Module)
	assert.Nil(t, prod.Resource.Key, "the key belongs to the module, not the resource")
	assert.Equal(t, "aws_emr_cluster.this", prod.Resource.ConfigAddress)
	assert.Equal(t, "emr-7.5.0", str(t, prod.ReleaseLabel()))
	assert.Equal(t, "emr-prod", str(t, prod.Resource.Attr("name")))
	// linked through a module output passed into a module variable
	assert.True(t, prod.SCName.IsUnknown())
	assert.Equal(t, []string{"module.sc.aws_emr_security_configuration.this.name"}, prod.SCName.Blockers())
	assert.Equal(t, model.LinkResolved, prod.Link)
	assert.Equal(t, "module.sc.aws_emr_security_configuration.this", prod.SC.Address())
	assert.Equal(t, []string{"var.sc_name"}, prod.Resource.Refs["security_configuration"])
	// a literal passed into a module input counts as constant
	assert.True(t, prod.Resource.Constant["kerberos_attributes.kdc_admin_password"])

	inner := clusterByAddr(t, m, "module.wrap[0].module.inner.aws_emr_cluster.this")
	assert.Equal(t, "emr-5.20.0", str(t, inner.ReleaseLabel()))
	assert.Equal(t, model.LinkExternal, inner.Link)
	assert.True(t, inner.Resource.Constant["kerberos_attributes.kdc_admin_password"], "default of the caller's variable")

	// name_prefix: the name is unknown but the reference links
	np := clusterByAddr(t, m, "aws_emr_cluster.np")
	assert.Equal(t, model.LinkResolved, np.Link)
	assert.Equal(t, "aws_emr_security_configuration.root_sc", np.SC.Address())
	subnet := np.Resource.Attr("ec2_attributes", 0, "subnet_id")
	assert.True(t, subnet.IsUnknown())
	assert.Equal(t, []string{"module.vpc (source not evaluated)"}, subnet.Blockers())

	counted := m.Lookup("aws_emr_cluster.counted[1]")
	require.NotNil(t, counted)
	assert.Equal(t, 1, counted.Key)
	assert.Equal(t, "counted-1", str(t, counted.Attr("name")))

	sg := m.Lookup("aws_security_group.sg")
	require.NotNil(t, sg)
	ingress := sg.Attr("ingress")
	require.Equal(t, 2, len(ingress.Elems()))
	p, ok := ingress.Get(1, "from_port").AsInt(false)
	assert.True(t, ok)
	assert.Equal(t, int64(8443), p)
	assert.Equal(t, "0.0.0.0/0", str(t, ingress.Get(0, "cidr_blocks", 0)))

	require.Len(t, m.Notes, 1)
	assert.Equal(t, "module.vpc", m.Notes[0].Address)
	assert.Contains(t, m.Notes[0].Message, "terraform-aws-modules/vpc/aws is not local")
	assert.Equal(t, 29, m.Notes[0].Range.Start.Line)
}

func TestOverride(t *testing.T) {
	m := loadOK(t, "override", Options{})
	require.Len(t, m.Resources, 1)
	c := m.Resources[0]
	assert.Equal(t, "base", str(t, c.Attr("name")))
	assert.Equal(t, "emr-7.5.0", str(t, c.Attr("release_label")))
	assert.Equal(t, "s3://base/", str(t, c.Attr("log_uri")))
	assert.Equal(t, "subnet-override", str(t, c.Attr("ec2_attributes", 0, "subnet_id")))
	assert.True(t, strings.HasSuffix(c.Attr("release_label").Range.Filename, "override.tf"))
}

func TestTFJSON(t *testing.T) {
	m := loadOK(t, "tfjson", Options{})
	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	assert.Equal(t, "emr-7.5.0", str(t, c.ReleaseLabel()))
	assert.Equal(t, "subnet-json", str(t, c.Resource.Attr("ec2_attributes", 0, "subnet_id")))
	assert.Equal(t, model.LinkResolved, c.Link)
	sc := scByAddr(t, m, "aws_emr_security_configuration.sc")
	require.NotNil(t, sc.Document)
	b, ok, _ := sc.Doc("EncryptionConfiguration", "EnableAtRestEncryption").AsBool(false)
	assert.True(t, b && ok)
	assert.Equal(t, 7, sc.Doc("EncryptionConfiguration").Range.Start.Line)
}

func diagWith(t *testing.T, diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Severity == hcl.DiagError && strings.Contains(d.Summary, summary) {
			return d
		}
	}
	t.Fatalf("no error %q in %v", summary, diags)
	return nil
}

func TestDiagnostics(t *testing.T) {
	d := loadErr(t, "errors/syntax")
	require.NotNil(t, d[0].Subject)
	assert.Equal(t, 3, d[0].Subject.Start.Line)
	assert.True(t, strings.HasSuffix(d[0].Subject.Filename, "main.tf"))

	d = loadErr(t, "errors/cycle")
	cyc := diagWith(t, d, "Cycle in local values")
	assert.Contains(t, cyc.Detail, "local.a")
	assert.Contains(t, cyc.Detail, "local.b")
	assert.Contains(t, cyc.Detail, "main.tf:2")

	d = loadErr(t, "errors/missing")
	miss := diagWith(t, d, "Module directory not found")
	assert.Equal(t, 2, miss.Subject.Start.Line)

	d = loadErr(t, "errors/self")
	self := diagWith(t, d, "Module calls itself")
	assert.True(t, strings.HasSuffix(self.Subject.Filename, filepath.Join("mod", "main.tf")))

	d = loadErr(t, "errors/undeclared")
	v := diagWith(t, d, "undeclared input variable")
	assert.Equal(t, 2, v.Subject.Start.Line)
	l := diagWith(t, d, "undeclared local value")
	assert.Equal(t, 3, l.Subject.Start.Line)
	r := diagWith(t, d, "Reference to undeclared resource")
	assert.Equal(t, 4, r.Subject.Start.Line)
	for _, x := range d {
		assert.NotEqual(t, "Unknown variable", x.Summary, "HCL's generic message is dropped for the same reference")
	}

	_, diags := Load(filepath.Join("testdata", "no-such-dir"), Options{})
	assert.True(t, diags.HasErrors())
}

func TestFlushHeredocColumns(t *testing.T) {
	m, diags := Load(filepath.Join(examplesDir, "01-minimal-cluster"), Options{})
	require.False(t, diags.HasErrors(), "%v", diags)
	sc := scByAddr(t, m, "aws_emr_security_configuration.this")
	ec := sc.Doc("EncryptionConfiguration")
	require.NotNil(t, ec.Range)
	// `      "EncryptionConfiguration": {` on line 29 of the example
	assert.Equal(t, 29, ec.Range.Start.Line)
	assert.Equal(t, 7, ec.Range.Start.Column)
	mode := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode")
	assert.Equal(t, 34, mode.Range.Start.Line)
	assert.Equal(t, 13, mode.Range.Start.Column)
}

// TestNoInternalErrors loads every fixture and checks the loader never
// falls back to its panic recovery.
func TestNoInternalErrors(t *testing.T) {
	var dirs []string
	require.NoError(t, filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	}))
	for _, dir := range dirs {
		_, diags := Load(dir, Options{Vars: []string{"x=1"}, Env: []string{"TF_VAR_y=2"}})
		for _, d := range diags {
			assert.NotContains(t, d.Summary, "Internal error", "%s: %s", dir, d.Detail)
		}
	}
}

func TestInstanceReferences(t *testing.T) {
	m := loadOK(t, "instances", Options{})
	links := map[string]string{}
	for _, c := range m.Clusters {
		require.Equal(t, model.LinkResolved, c.Link, c.Resource.Address)
		links[c.Resource.Address] = c.SC.Address()
	}
	assert.Equal(t, map[string]string{
		`aws_emr_cluster.fe["a"]`: `aws_emr_security_configuration.sc["a"]`,
		`aws_emr_cluster.fe["b"]`: `aws_emr_security_configuration.sc["b"]`,
		"aws_emr_cluster.cn[0]":   "aws_emr_security_configuration.cnt[0]",
		"aws_emr_cluster.cn[1]":   "aws_emr_security_configuration.cnt[1]",
		"aws_emr_cluster.static":  `aws_emr_security_configuration.sc["b"]`,
		"aws_emr_cluster.splat":   "aws_emr_security_configuration.cnt[1]",
	}, links)
	cn := clusterByAddr(t, m, "aws_emr_cluster.cn[1]")
	assert.Equal(t, []string{"aws_emr_security_configuration.cnt[1].id"}, cn.SCName.Blockers())
	assert.Equal(t, "cnt-1", str(t, clusterByAddr(t, m, "aws_emr_cluster.splat").SCName))

	a := scByAddr(t, m, `aws_emr_security_configuration.sc["a"]`)
	b, ok, _ := a.Doc("EncryptionConfiguration", "EnableAtRestEncryption").AsBool(false)
	assert.True(t, b && ok)
	assert.Equal(t, "a", a.Resource.Key)
	key := scByAddr(t, m, "aws_emr_security_configuration.cnt[1]").Doc("AwsKmsKey")
	assert.True(t, key.IsUnknown())
	assert.Equal(t, []string{"aws_kms_key.k[1].arn"}, key.Blockers())
}

// A heredoc whose interpolation is unknown is still parsed: the
// interpolated string is Unknown with its blocker, the literal parts are
// checkable. An unknown interpolation outside a JSON string leaves the
// document unknown.
func TestHeredocWithUnknownInterpolation(t *testing.T) {
	m, diags := Load("testdata/heredoc-unknown", Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	sc := scByAddr(t, m, "aws_emr_security_configuration.sc")
	require.NotNil(t, sc.Document)
	s3 := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration")
	mode, ok := s3.Get("EncryptionMode").AsString()
	require.True(t, ok)
	assert.Equal(t, "SSE-C", mode)
	key := s3.Get("AwsKmsKey")
	assert.Equal(t, model.Unknown, key.State)
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, key.Blockers())
	require.NotNil(t, key.Range)
	assert.Equal(t, 15, key.Range.Start.Line)

	out := scByAddr(t, m, "aws_emr_security_configuration.outside_string")
	assert.Nil(t, out.Document)
	assert.Nil(t, out.ParseError)
	assert.True(t, out.Configuration.IsUnknown())
}

// yamldecode reads real YAML (go-cty-yaml, as Terraform uses).
func TestYAMLDecode(t *testing.T) {
	m, diags := Load("testdata/yaml", Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	sc := scByAddr(t, m, "aws_emr_security_configuration.from_yaml")
	mode, ok := sc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode").AsString()
	require.True(t, ok)
	assert.Equal(t, "SSE-C", mode)
	on, known, exact := sc.Doc("EncryptionConfiguration", "EnableAtRestEncryption").AsBool(false)
	assert.True(t, on && known && exact)
}

// TestInternalErrorNamesWhereItStood: a panic inside evaluation (here
// HCL's JSON syntax, which panics on a sensitive object key; Terraform
// itself fails on this configuration) is an error of the root module
// that names the expression being evaluated, with no stack trace.
func TestInternalErrorNamesWhereItStood(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf.json": `{"variable": {"s": {"sensitive": true, "default": "k"}},
 "locals": {"x": {"${var.s}": 1}},
 "resource": {"aws_emr_cluster": {"c": {"name": "c", "tags": "${local.x}"}}}}
`})
	_, diags := Load(dir, Options{})
	require.True(t, diags.HasErrors())
	var internal *hcl.Diagnostic
	for _, d := range diags {
		if d.Summary == "Internal error while loading configuration" {
			internal = d
		}
	}
	require.NotNil(t, internal, diags.Error())
	require.NotNil(t, internal.Subject, "the diagnostic names where evaluation stood")
	assert.Equal(t, filepath.Join(dir, "main.tf.json"), internal.Subject.Filename)
	assert.Equal(t, 2, internal.Subject.Start.Line)
	assert.NotContains(t, internal.Detail, "goroutine")
	assert.NotContains(t, internal.Detail, ".go:")
	assert.Contains(t, internal.Detail, "was not checked")
}
