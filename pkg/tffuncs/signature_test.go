package tffuncs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// metadataParam is one parameter in `terraform metadata functions -json`.
type metadataParam struct {
	Name       string          `json:"name"`
	Type       json.RawMessage `json:"type"`
	IsNullable bool            `json:"is_nullable"`
}

// metadataFunc is one function signature in that output.
type metadataFunc struct {
	ReturnType        json.RawMessage `json:"return_type"`
	Parameters        []metadataParam `json:"parameters"`
	VariadicParameter *metadataParam  `json:"variadic_parameter"`
}

func loadMetadata(t *testing.T) map[string]metadataFunc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "functions", "terraform-1.11-metadata.json"))
	require.NoError(t, err)
	var doc struct {
		FormatVersion string                  `json:"format_version"`
		Signatures    map[string]metadataFunc `json:"function_signatures"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Equal(t, "1.0", doc.FormatVersion)
	require.Len(t, doc.Signatures, 236, "118 functions and their core:: aliases")
	return doc.Signatures
}

// typeJSON encodes a parameter type as the metadata does (cty's own JSON
// type encoding). Expression-closure parameters (can's and try's, which
// take any expression, and templatestring's template, which must evaluate
// to a string; a closure lets it refuse a literal template as Terraform
// does) are encoded by the type their expression must have.
func typeJSON(t *testing.T, fn string, ty cty.Type) string {
	t.Helper()
	if ty.Equals(customdecode.ExpressionClosureType) {
		if strings.TrimPrefix(fn, "core::") == "templatestring" {
			return `"string"`
		}
		return `"dynamic"`
	}
	b, err := json.Marshal(ty)
	require.NoError(t, err)
	return string(b)
}

func compactJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// returnType is what the metadata's return_type holds: the function's
// return type for unknown arguments of its parameters' types, one of each.
func returnType(f function.Function) (cty.Type, error) {
	var types []cty.Type
	for _, p := range f.Params() {
		types = append(types, p.Type)
	}
	if vp := f.VarParam(); vp != nil {
		types = append(types, vp.Type)
	}
	return f.ReturnType(types)
}

func TestSignaturesMatchTerraformMetadata(t *testing.T) {
	meta := loadMetadata(t)
	fns := Functions(Options{BaseDir: t.TempDir(), ModuleDir: t.TempDir()})

	removed := map[string]bool{}
	for _, n := range RemovedFunctions {
		removed[n], removed["core::"+n] = true, true
	}
	var ours []string
	for name := range fns {
		if !strings.HasPrefix(name, ProviderFunctionPrefix) && !removed[name] {
			ours = append(ours, name)
		}
	}
	var theirs []string
	for name := range meta {
		theirs = append(theirs, name)
	}
	sort.Strings(ours)
	sort.Strings(theirs)
	require.Equal(t, theirs, ours, "the table has exactly Terraform's functions and core:: aliases")

	for _, name := range theirs {
		m, f := meta[name], fns[name]
		t.Run(name, func(t *testing.T) {
			params := f.Params()
			require.Len(t, params, len(m.Parameters), "parameter count")
			for i, mp := range m.Parameters {
				p := params[i]
				assert.Equal(t, mp.Name, p.Name, "parameter %d name", i)
				assert.Equal(t, compactJSON(t, mp.Type), typeJSON(t, name, p.Type), "parameter %q type", mp.Name)
				assert.Equal(t, mp.IsNullable, p.AllowNull, "parameter %q nullability", mp.Name)
			}
			vp := f.VarParam()
			if m.VariadicParameter == nil {
				assert.Nil(t, vp, "no variadic parameter")
			} else if assert.NotNil(t, vp, "variadic parameter") {
				assert.Equal(t, m.VariadicParameter.Name, vp.Name, "variadic parameter name")
				assert.Equal(t, compactJSON(t, m.VariadicParameter.Type), typeJSON(t, name, vp.Type), "variadic parameter type")
				assert.Equal(t, m.VariadicParameter.IsNullable, vp.AllowNull, "variadic parameter nullability")
			}
			if base := strings.TrimPrefix(name, "core::"); base == "can" || base == "try" {
				return // their Type reads the expression, which a type alone is not
			}
			rt, err := returnType(f)
			require.NoError(t, err, "return type")
			assert.Equal(t, compactJSON(t, m.ReturnType), typeJSON(t, name, rt), "return type")
		})
	}
}

func TestCoreAliasesAreTheSameFunctions(t *testing.T) {
	fns := Functions(Options{BaseDir: t.TempDir()})
	for name, f := range fns {
		if strings.Contains(name, "::") {
			continue
		}
		alias, ok := fns["core::"+name]
		require.True(t, ok, "core::%s", name)
		assert.Equal(t, f.Params(), alias.Params(), name)
	}
}

func TestOpenTofuAddsItsFunctions(t *testing.T) {
	tf := Functions(Options{BaseDir: t.TempDir()})
	tofu := Functions(Options{BaseDir: t.TempDir(), OpenTofu: true})
	for _, name := range []string{"base64gunzip", "cidrcontains", "urldecode"} {
		_, inTF := tf[name]
		_, inTofu := tofu[name]
		assert.False(t, inTF, "%s is not Terraform's", name)
		assert.True(t, inTofu, "%s is OpenTofu's", name)
		_, alias := tofu["core::"+name]
		assert.True(t, alias, "core::%s", name)
	}
	for name := range tf {
		_, ok := tofu[name]
		assert.True(t, ok, "OpenTofu keeps %s", name)
	}
}
