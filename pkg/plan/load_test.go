package plan

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// examplesDir holds the real plans of the tfplan tool's examples, copied
// into the repository (.ci/run checks the copy against shared/ when present).
const examplesDir = "../../testdata/tfplan-examples"

func load(t *testing.T, path string) *model.Model {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	m, err := Load(f, filepath.Base(path))
	require.NoError(t, err)
	require.NotNil(t, m)
	return m
}

func addresses(rs []*model.Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Address
	}
	return out
}

func cluster(t *testing.T, m *model.Model, addr string) *model.Cluster {
	t.Helper()
	for _, c := range m.Clusters {
		if c.Resource.Address == addr {
			return c
		}
	}
	t.Fatalf("no cluster %s", addr)
	return nil
}

func secConfig(t *testing.T, m *model.Model, addr string) *model.SecurityConfig {
	t.Helper()
	for _, sc := range m.SecurityConfigs {
		if sc.Address() == addr {
			return sc
		}
	}
	t.Fatalf("no security configuration %s", addr)
	return nil
}

func TestExampleMinimal(t *testing.T) {
	m := load(t, filepath.Join(examplesDir, "01-minimal-cluster.plan.json"))
	assert.Equal(t, []string{"aws_emr_cluster.this", "aws_emr_security_configuration.this"}, addresses(m.Resources))
	c := cluster(t, m, "aws_emr_cluster.this")
	assert.Equal(t, model.LinkResolved, c.Link)
	assert.Equal(t, "aws_emr_security_configuration.this", c.SC.Address())
	sc := c.SC
	require.NotNil(t, sc.Document)
	assert.Nil(t, sc.ParseError)
	for _, r := range m.Resources {
		assert.Equal(t, "01-minimal-cluster.plan.json", r.Origin)
		assert.Equal(t, model.ActionCreate, r.Action)
	}
}

func TestExampleKMSJSONEncode(t *testing.T) {
	m := load(t, filepath.Join(examplesDir, "02-kms-security-configuration.plan.json"))
	// Only relevant managed types are kept: no KMS key, IAM role or bucket.
	for _, r := range m.Resources {
		assert.True(t, model.IsRelevantType(r.Type), r.Address)
	}
	sc := secConfig(t, m, "aws_emr_security_configuration.this")
	assert.Equal(t, model.Unknown, sc.Configuration.State)
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, sc.Configuration.Blockers())
	assert.Nil(t, sc.Document)
	assert.Nil(t, sc.ParseError)
	// The whole document is unknown with the same blocker.
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, sc.Doc("EncryptionConfiguration").Blockers())
	// The name is a literal: known, and the cluster links by reference.
	name, ok := sc.Name().AsString()
	assert.True(t, ok)
	assert.Equal(t, "emr-kms-sc", name)
	assert.Len(t, sc.Clusters, 1)
}

func TestExampleModuleForEach(t *testing.T) {
	m := load(t, filepath.Join(examplesDir, "03-local-module-for-each.plan.json"))
	assert.Equal(t, []string{
		`module.emr["dev"].aws_emr_cluster.this`,
		`module.emr["dev"].aws_emr_security_configuration.this`,
		`module.emr["prod"].aws_emr_cluster.this`,
		`module.emr["prod"].aws_emr_security_configuration.this`,
	}, addresses(m.Resources))
	r := m.Lookup(`module.emr["prod"].aws_emr_cluster.this`)
	require.NotNil(t, r)
	assert.Equal(t, `module.emr["prod"]`, r.Module)
	assert.Equal(t, "aws_emr_cluster.this", r.ConfigAddress)
	assert.Equal(t, "aws_emr_cluster", r.Type)
	assert.Equal(t, "this", r.Name)
	assert.Nil(t, r.Key)

	// name_prefix: unknown names, linked per instance by reference.
	for _, env := range []string{"dev", "prod"} {
		c := cluster(t, m, `module.emr["`+env+`"].aws_emr_cluster.this`)
		assert.Equal(t, model.LinkResolved, c.Link, env)
		assert.Equal(t, `module.emr["`+env+`"].aws_emr_security_configuration.this`, c.SC.Address())
		assert.Equal(t, model.Unknown, c.SCName.State)
		assert.Equal(t, []string{`module.emr["` + env + `"].aws_emr_security_configuration.this.name`}, c.SCName.Blockers())
	}
	// A module input from each.value is known; the random suffix blocks the name.
	assert.Equal(t, []string{`module.emr["prod"].random_id.suffix.hex`}, r.Attr("name").Blockers())
	assert.Equal(t, "subnet-0bbbbbbbbbbbbbbb2", r.Attr("ec2_attributes", 0, "subnet_id").Str)
	assert.Equal(t, []string{"var.subnet_id"}, r.Refs["ec2_attributes.subnet_id"])
	assert.True(t, r.Constant["ec2_attributes.instance_profile"])
	// A computed attribute the configuration does not write is not set by
	// the user (reference §4.3): Absent, as the source shows it.
	assert.Equal(t, model.Absent, r.Attr("id").State)
}

func TestExampleKerberos(t *testing.T) {
	m := load(t, filepath.Join(examplesDir, "04-kerberos-cluster.plan.json"))
	c := m.Clusters[0]
	pw := c.Resource.Attr("kerberos_attributes", 0, "kdc_admin_password")
	assert.Equal(t, model.Known, pw.State)
	assert.True(t, pw.Sensitive)
	assert.Equal(t, "(sensitive value)", pw.Display())
	realm := c.Resource.Attr("kerberos_attributes", 0, "realm")
	assert.False(t, realm.Sensitive)
}

func TestLinking(t *testing.T) {
	for _, file := range []string{"testdata/linking/plan.json", "testdata/edited/reordered.plan.json"} {
		t.Run(file, func(t *testing.T) {
			m := load(t, file)
			want := map[string]string{
				"aws_emr_cluster.prefixed":            "aws_emr_security_configuration.prefixed",
				"aws_emr_cluster.counted":             "aws_emr_security_configuration.counted[1]",
				"aws_emr_cluster.via_output":          "module.sec.aws_emr_security_configuration.this",
				"aws_emr_cluster.via_counted_output":  "module.sec_counted[1].aws_emr_security_configuration.this",
				"module.cluster.aws_emr_cluster.this": "aws_emr_security_configuration.prefixed",
			}
			for cl, sc := range want {
				c := cluster(t, m, cl)
				assert.Equal(t, model.LinkResolved, c.Link, cl)
				if assert.NotNil(t, c.SC, cl) {
					assert.Equal(t, sc, c.SC.Address(), cl)
				}
			}
			ext := cluster(t, m, "aws_emr_cluster.external")
			assert.Equal(t, model.LinkExternal, ext.Link)
			assert.Nil(t, ext.SC)
			assert.True(t, ext.Resource.Constant["security_configuration"])

			// Count keys and the module input's blocker.
			assert.Equal(t, 1, m.Lookup("aws_emr_security_configuration.counted[1]").Key)
			inMod := cluster(t, m, "module.cluster.aws_emr_cluster.this")
			assert.Equal(t, []string{"aws_emr_security_configuration.prefixed.name"}, inMod.SCName.Blockers())
			assert.Equal(t, []string{"module.sec.aws_emr_security_configuration.this.name"},
				cluster(t, m, "aws_emr_cluster.via_output").SCName.Blockers())
			assert.Nil(t, m.Lookup("aws_s3_bucket.logs"))
			assert.Len(t, secConfig(t, m, "aws_emr_security_configuration.prefixed").Clusters, 2)
		})
	}
}

func TestContent(t *testing.T) {
	// The conversion of every attribute, unread ones included
	// (TestUnreadAttributesDropped tests what the loader leaves out).
	defer keepUnread()()
	m := load(t, "testdata/content/plan.json")

	kms := secConfig(t, m, "aws_emr_security_configuration.kms")
	assert.Equal(t, model.Unknown, kms.Configuration.State)
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, kms.Configuration.Blockers())
	assert.Nil(t, kms.Document)
	assert.Equal(t, []string{"aws_kms_key.emr.arn", "aws_kms_key.emr"}, kms.Resource.Refs["configuration"])
	assert.False(t, kms.Resource.Constant["configuration"])

	heredoc := secConfig(t, m, "aws_emr_security_configuration.heredoc")
	require.NotNil(t, heredoc.Document)
	mode, ok := heredoc.Doc("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode").AsString()
	assert.True(t, ok)
	assert.Equal(t, "SSE-S3", mode)
	assert.True(t, heredoc.Resource.Constant["configuration"])
	assert.Equal(t, []string{}, heredoc.Resource.Refs["configuration"])

	c := cluster(t, m, "aws_emr_cluster.kerberos")
	r := c.Resource
	assert.Equal(t, heredoc, c.SC)
	kdc := r.Attr("kerberos_attributes", 0, "kdc_admin_password")
	assert.True(t, kdc.Sensitive)
	assert.Equal(t, "literal-kdc-secret", kdc.Str)
	assert.True(t, r.Constant["kerberos_attributes.kdc_admin_password"])
	cross := r.Attr("kerberos_attributes", 0, "cross_realm_trust_principal_password")
	assert.True(t, cross.Sensitive)
	// A variable whose literal default is used counts as constant.
	assert.True(t, r.Constant["kerberos_attributes.cross_realm_trust_principal_password"])
	assert.Equal(t, []string{"var.cross_realm_password"}, r.Refs["kerberos_attributes.cross_realm_trust_principal_password"])
	assert.False(t, r.Attr("kerberos_attributes", 0, "realm").Sensitive)

	// A subnet created in the same plan blocks subnet_id.
	sub := r.Attr("ec2_attributes", 0, "subnet_id")
	assert.Equal(t, model.Unknown, sub.State)
	assert.Equal(t, []string{"aws_subnet.emr.id"}, sub.Blockers())
	// An unknown list element is null in after and true in after_unknown.
	args := r.Attr("bootstrap_action", 0, "args")
	require.Equal(t, model.KindList, args.Kind)
	require.Len(t, args.Elems(), 2)
	assert.Equal(t, "--key", args.Elems()[0].Str)
	assert.Equal(t, model.Unknown, args.Elems()[1].State)
	assert.Equal(t, []string{"aws_kms_key.emr.arn"}, args.Elems()[1].Blockers())

	// Computed and unwritten (omitted from after), null, absent.
	assert.Equal(t, model.Absent, r.Attr("id").State)
	assert.Equal(t, model.Null, r.Attr("log_uri").State)
	assert.Equal(t, model.Absent, r.Attr("no_such_attribute").State)
	assert.Equal(t, model.KindNumber, r.Attr("step_concurrency_level").Kind)
	assert.Equal(t, "1", r.Attr("step_concurrency_level").Str)
	assert.True(t, sortedKeys(r.Attrs))

	assert.Equal(t, []string{"aws_vpc.main.id"}, m.Lookup("aws_subnet.emr").Attr("vpc_id").Blockers())
}

func sortedKeys(v *model.Value) bool {
	ok := true
	v.Walk(func(_ string, x *model.Value) {
		if x.Kind == model.KindObject {
			for i := 1; i < len(x.Keys()); i++ {
				if x.Keys()[i-1] >= x.Keys()[i] {
					ok = false
				}
			}
		}
	})
	return ok
}

func TestActions(t *testing.T) {
	m := load(t, "testdata/edited/delete.plan.json")
	// delete and forget are dropped; create-then-forget is a create.
	assert.Nil(t, m.Lookup("aws_emr_cluster.kerberos"))
	assert.Nil(t, m.Lookup("aws_emr_security_configuration.kms"))
	assert.Equal(t, model.ActionCreate, m.Lookup("aws_emr_security_configuration.heredoc").Action)
	assert.Equal(t, model.ActionReplace, m.Lookup("aws_subnet.emr").Action)
	assert.Empty(t, m.Clusters)
}

func TestState(t *testing.T) {
	m := load(t, "testdata/state/state.json")
	assert.Equal(t, []string{
		"aws_emr_security_configuration.this",
		`module.emr["prod"].aws_emr_cluster.this`,
	}, addresses(m.Resources))
	c := cluster(t, m, `module.emr["prod"].aws_emr_cluster.this`)
	assert.Equal(t, `module.emr["prod"]`, c.Resource.Module)
	assert.Equal(t, model.ActionNone, c.Resource.Action)
	// No configuration: linked by the known name.
	assert.Equal(t, model.LinkResolved, c.Link)
	assert.Equal(t, "aws_emr_security_configuration.this", c.SC.Address())
	assert.NotNil(t, c.SC.Document)
	assert.Nil(t, c.Resource.Refs)
	kdc := c.Resource.Attr("kerberos_attributes", 0, "kdc_admin_password")
	assert.True(t, kdc.Sensitive)
	assert.Equal(t, "state-kdc-secret", kdc.Str)
	// Listed in model.SensitiveAttributes though not marked in the state.
	assert.True(t, c.Resource.Attr("kerberos_attributes", 0, "ad_domain_join_password").Sensitive)
	c.Resource.Attrs.Walk(func(p string, v *model.Value) {
		assert.NotEqual(t, model.Unknown, v.State, p)
	})
}

// TestNullsAndUnwrittenAreShared: every null that is not sensitive, and
// every unknown attribute the configuration does not write (absent, left
// to the provider), is one shared value per plan (issue 22.1: half of a
// cluster's values), and so is every other leaf with the same kind and
// text (the region, the instance profile...); a sensitive value is a
// value of its own, as it must say so.
func TestNullsAndUnwrittenAreShared(t *testing.T) {
	ms, err := filepath.Glob(filepath.Join(examplesDir, "*.plan.json"))
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	nulls, absents := 0, 0
	for _, path := range ms {
		m := load(t, path)
		var null, absent *model.Value
		leaves := map[[3]string]*model.Value{}
		for _, r := range m.Resources {
			r.Attrs.Walk(func(p string, v *model.Value) {
				switch {
				case v.State == model.Known && v.Kind != model.KindObject && v.Kind != model.KindList:
					assert.Equal(t, !v.Sensitive, v.IsShared(), "%s %s.%s", path, r.Address, p)
					if v.Sensitive {
						return
					}
					k := [3]string{v.Kind.String(), v.Str, strconv.FormatBool(v.Bool)}
					if leaves[k] == nil {
						leaves[k] = v
					}
					assert.Same(t, leaves[k], v, "%s %s.%s", path, r.Address, p)
				case v.State == model.Null && !v.Sensitive:
					nulls++
					assert.True(t, v.IsShared(), "%s %s.%s", path, r.Address, p)
					if null == nil {
						null = v
					}
					assert.Same(t, null, v, "%s %s.%s", path, r.Address, p)
				case v.State == model.Null:
					assert.False(t, v.IsShared(), "%s %s.%s", path, r.Address, p)
				case v.State == model.Absent:
					absents++
					assert.True(t, v.IsShared(), "%s %s.%s", path, r.Address, p)
					if absent == nil {
						absent = v
					}
					assert.Same(t, absent, v, "%s %s.%s", path, r.Address, p)
				}
			})
		}
	}
	assert.NotZero(t, nulls)
	assert.NotZero(t, absents)
}
