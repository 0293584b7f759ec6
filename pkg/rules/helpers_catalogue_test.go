package rules_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

func parseDoc(s string) (*model.Value, *model.ParseError) { return secconf.Parse([]byte(s), nil) }

// val turns a Go literal into a model value: string, bool, int,
// []any (list) or *model.Value as is.
func val(x any) *model.Value {
	switch v := x.(type) {
	case *model.Value:
		return v
	case string:
		return model.NewString(v)
	case bool:
		return model.NewBool(v)
	case int:
		return model.NewNumber(strconv.Itoa(v))
	case []any:
		l := model.NewList()
		for _, e := range v {
			l.Append(val(e))
		}
		return l
	}
	panic("val: unsupported type")
}

// obj builds a known object from key, value pairs.
func obj(kv ...any) *model.Value {
	o := model.NewObject()
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), val(kv[i+1]))
	}
	return o
}

// blk builds a one-element block list.
func blk(kv ...any) *model.Value { return model.NewList(obj(kv...)) }

// unk is an unknown value blocked by ref.
func unk(ref string) *model.Value { return model.NewUnknown(ref) }

// res builds a root-module resource from its address.
func res(addr string, attrs *model.Value) *model.Resource {
	typ, name, _ := strings.Cut(addr, ".")
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if attrs == nil {
		attrs = model.NewObject()
	}
	return &model.Resource{Address: addr, ConfigAddress: typ + "." + name, Type: typ, Name: name, Attrs: attrs,
		Refs: map[string][]string{}, Constant: map[string]bool{}}
}

// resModel builds a linked model of resources; clusters and security
// configurations (documents parsed from their configuration) are indexed.
func resModel(t *testing.T, rs ...*model.Resource) *model.Model {
	t.Helper()
	m := &model.Model{}
	for _, r := range rs {
		m.Resources = append(m.Resources, r)
		switch r.Type {
		case model.TypeCluster:
			m.Clusters = append(m.Clusters, &model.Cluster{Resource: r})
		case model.TypeSecurityConfiguration:
			sc := &model.SecurityConfig{Resource: r, Configuration: r.Attr("configuration")}
			require.True(t, sc.Configuration.IsSet(), "security configuration without configuration")
			if s, ok := sc.Configuration.AsString(); ok {
				sc.Document, sc.ParseError = parseDoc(s)
			}
			m.SecurityConfigs = append(m.SecurityConfigs, sc)
		}
	}
	model.Link(m, nil)
	return m
}

// cluster builds aws_emr_cluster.c with the given attributes added to a
// compliant base (release, log_uri, subnet).
func cluster(kv ...any) *model.Resource {
	base := []any{"release_label", "emr-7.2.0", "log_uri", "s3://logs/", "ec2_attributes", blk("subnet_id", "subnet-1")}
	o := obj(base...)
	extra := obj(kv...)
	for i, k := range extra.Keys() {
		o.Set(k, extra.Elems()[i])
	}
	return res("aws_emr_cluster.c", o)
}

// scRes builds aws_emr_security_configuration.sc named "sc" with doc.
func scRes(doc string) *model.Resource {
	return res("aws_emr_security_configuration.sc", obj("name", "sc", "configuration", doc))
}

// setDoc replaces the value at path in the first security configuration.
func setDoc(t *testing.T, m *model.Model, v *model.Value, path ...any) {
	t.Helper()
	parent := m.SecurityConfigs[0].Document.Get(path[:len(path)-1]...)
	require.True(t, parent.IsKnown(), "setDoc: no parent at %v", path)
	parent.Set(path[len(path)-1].(string), v)
}

// findings runs rules and returns the findings.
func findings(t *testing.T, m *model.Model, params *rules.Params, rs ...*rules.Rule) []rules.Finding {
	t.Helper()
	fs, err := check.Run(m, check.Options{Rules: rs, Params: params})
	require.NoError(t, err)
	return fs
}

// ruleCase is one table row: a model and the expected "ID status address" lines.
type ruleCase struct {
	name string
	m    func(t *testing.T) *model.Model
	want []string
}

func runCases(t *testing.T, r *rules.Rule, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(r.ID+"/"+c.name, func(t *testing.T) {
			got := run(t, c.m(t), r)
			if len(c.want) == 0 {
				c.want = nil
			}
			require.Equal(t, c.want, got)
		})
	}
}

// doc returns a model builder for one SC (and a cluster using it).
func doc(d string) func(t *testing.T) *model.Model {
	return func(t *testing.T) *model.Model {
		m := scModel(t, d, "emr-7.2.0")
		require.Nil(t, m.SecurityConfigs[0].ParseError, "test document is not valid JSON: %s", d)
		return m
	}
}

// docWith is doc with a value replaced at path.
func docWith(d string, v *model.Value, path ...any) func(t *testing.T) *model.Model {
	return func(t *testing.T) *model.Model {
		m := doc(d)(t)
		setDoc(t, m, v, path...)
		return m
	}
}

func failSC(id string) []string  { return []string{id + " fail " + scAddr} }
func indetSC(id string) []string { return []string{id + " indeterminate " + scAddr} }

const clAddr = "aws_emr_cluster.c"

func failCL(id string) []string  { return []string{id + " fail " + clAddr} }
func indetCL(id string) []string { return []string{id + " indeterminate " + clAddr} }

func itoa(i int) string { return strconv.Itoa(i) }
