package plan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// keepUnread makes the loader convert every attribute until the returned
// function is called.
func keepUnread() func() {
	saved := unreadAttributes
	unreadAttributes = nil
	return func() { unreadAttributes = saved }
}

// TestUnreadAttributesDropped: the unread attributes of a cluster are not
// in the model, whether known or unknown; what the rules read is.
func TestUnreadAttributesDropped(t *testing.T) {
	m := load(t, "testdata/content/plan.json")
	var r *model.Resource
	for _, c := range m.Clusters {
		r = c.Resource
	}
	require.NotNil(t, r)
	for _, a := range []string{"bootstrap_action", "step_concurrency_level"} {
		assert.Equal(t, model.Absent, r.Attr(a).State, a)
		assert.NotContains(t, r.Attrs.Keys(), a)
	}
	assert.Equal(t, model.Unknown, r.Attr("ec2_attributes", 0, "subnet_id").State)
	assert.Equal(t, "literal-kdc-secret", r.Attr("kerberos_attributes", 0, "kdc_admin_password").Str)
	assert.Len(t, r.Attrs.Elems(), len(r.Attrs.Keys()))
}

// TestUnreadAttributeKeptWhenSensitive: an unread attribute holding a
// sensitive value stays, so that its secret is scrubbed from messages.
func TestUnreadAttributeKeptWhenSensitive(t *testing.T) {
	c := &converter{unread: unreadAttributes[model.TypeCluster]}
	s := newScanner(strings.NewReader(`[{"step":[{"args":["s3cret-token"]}],"tags":{"a":"b"},"release_label":"emr-7.0.0"},` +
		`{"step":[{"args":[true]}]}]`))
	n, err := s.decode()
	require.NoError(t, err)
	v := c.convert(n.vals[0], true, nil, n.vals[1], false)
	assert.Equal(t, []string{"release_label", "step"}, v.Keys())
	assert.True(t, v.Get("step", 0, "args", 0).Sensitive)
}

// TestUnreadAttributesAreUnread: no string literal of the code that reads
// a loaded model (its own accessors, the rules, the checker, the
// plan-and-source merge, the reports, the CLI) names an unread attribute,
// alone or as the first step of a path ("step", "step.0.name"), outside the rules' documentation and
// examples. A rule that starts reading one must take it off the list.
func TestUnreadAttributesAreUnread(t *testing.T) {
	var files []string
	for _, dir := range []string{"../model", "../rules", "../check", "../scan", "../report", "../evaluate", "../../cmd/tfemrcheck"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, fs, dir)
		for _, f := range fs {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	fset := token.NewFileSet()
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		file, err := parser.ParseFile(fset, f, src, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			// The schema's list of nested block types names blocks, it
			// reads none.
			if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "NestedBlockTypes" {
				return false
			}
			// Documentation and examples are text about HCL, not reads.
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && (id.Name == "Doc" || id.Name == "Examples" || id.Name == "HCL" || id.Name == "Good" || id.Name == "Bad") {
					return false
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			str, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			first, _, _ := strings.Cut(str, ".")
			first, _, _ = strings.Cut(first, "[")
			for typ, attrs := range unreadAttributes {
				if attrs[first] {
					t.Errorf("%s: %q names %s's %s, which the plan loader drops (unreadAttributes in pkg/plan/unread.go)", fset.Position(lit.Pos()), str, typ, first)
				}
			}
			return true
		})
	}
}

// TestSharedKeyListsStayApart: objects of the same shape share one key
// list (memory, issue 22.1); adding an attribute to one of them leaves
// the others as they were.
func TestSharedKeyListsStayApart(t *testing.T) {
	m := load(t, "../../testdata/plans/count-two/plan.json")
	require.GreaterOrEqual(t, len(m.Clusters), 2)
	a := m.Clusters[0].Resource.Attr("ec2_attributes", 0)
	b := m.Clusters[1].Resource.Attr("ec2_attributes", 0)
	require.Equal(t, model.KindObject, a.Kind)
	require.Equal(t, a.Keys(), b.Keys())
	require.Same(t, &a.Keys()[0], &b.Keys()[0], "equal key lists are shared")
	before := slices.Clone(b.Keys())
	a.Set("zzz_added", model.NewString("x"))
	a.Set("aaa_added", model.NewString("y"))
	assert.Equal(t, before, b.Keys())
	assert.Equal(t, model.Absent, b.Get("zzz_added").State)
	assert.Equal(t, "x", a.Get("zzz_added").Str)
	assert.Equal(t, "y", a.Get("aaa_added").Str)
}
