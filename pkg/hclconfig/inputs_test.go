package hclconfig

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Options.Inputs gives values as values: they beat -var, and an unknown one (even with a default) stays
// unknown, named by its blocker.
func TestInputsAsValues(t *testing.T) {
	opts := Options{Vars: []string{"release=emr-cli"}, Inputs: map[string]cty.Value{"release": cty.StringVal("emr-input")}}
	m := loadOK(t, "vars", opts)
	assert.Equal(t, "emr-input", str(t, m.Resources[0].Attr("release_label")))

	unknown := cty.UnknownVal(cty.String).Mark(marks.Blocker(model.NoValueBlocker("var.release")))
	m = loadOK(t, "vars", Options{Inputs: map[string]cty.Value{"release": unknown}})
	v := m.Resources[0].Attr("release_label")
	require.NotNil(t, v)
	assert.Equal(t, model.Unknown, v.State)
	assert.Contains(t, v.Blockers(), model.NoValueBlocker("var.release"))

	_, diags := Load(filepath.Join("testdata", "vars"), Options{Inputs: map[string]cty.Value{"undeclared": cty.True}})
	assert.True(t, diags.HasErrors())
}
