package scan_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/wanttest"
	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// TestSourceFixtures checks the fixtures that only source mode can read
// (testdata/source: modules that are not installed, unknown counts).
func TestSourceFixtures(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/source/*/main.tf")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, m := range dirs {
		dir := filepath.Dir(m)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			exp, err := wanttest.Read(dir)
			require.NoError(t, err)
			src, err := scan.Dir(dir, hclconfig.Options{TrustInstalledModules: true})
			require.NoError(t, err)
			assert.Equal(t, exp.Want(wanttest.Source), got(t, exp, src))
		})
	}
}

// TestNotInstalledModuleMessages checks what the user reads about module
// calls that were not evaluated: the document rules name the argument,
// EMR-MOD-001 says why and what to do, and a module with no sign of EMR
// is a note.
func TestNotInstalledModuleMessages(t *testing.T) {
	m, err := scan.Dir("../../testdata/source/module-not-installed", hclconfig.Options{TrustInstalledModules: true})
	require.NoError(t, err)
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, f := range fs {
		switch f.RuleID {
		case "EMR-SC-001":
			require.NotNil(t, f.Location, "%s located", f.Address)
			arg := map[string]string{"module.emr": "security_configuration", "module.analytics": "cluster_security"}[f.Address]
			assert.Contains(t, f.Message, "module argument "+arg+" (module not evaluated)")
			assert.Contains(t, f.Location.Filename, "main.tf")
		case "EMR-MOD-001":
			assert.Contains(t, f.Message, "run terraform init, or scan the plan")
			assert.NotContains(t, f.Message, "module argument", "the finding on the call is not one of its arguments")
		}
		seen[f.RuleID+" "+f.Address] = true
	}
	assert.True(t, seen["EMR-SC-001 module.emr"] && seen["EMR-SC-001 module.analytics"])
	var notes []string
	for _, n := range m.Notes {
		notes = append(notes, n.Address)
	}
	assert.Equal(t, []string{"module.vpc"}, notes, "only the module without a sign of EMR is a note")
	for _, mc := range m.ModuleCalls {
		assert.False(t, mc.Evaluated, mc.Address)
		assert.Equal(t, mc.Address != "module.vpc", mc.MayCreateEMR(), mc.Address)
	}
}

// TestStaleManifestIsANote checks that a modules.json that no longer
// matches the call is named in a note and not used.
func TestStaleManifestIsANote(t *testing.T) {
	m, err := scan.Dir("../../testdata/source/module-stale-manifest", hclconfig.Options{TrustInstalledModules: true})
	require.NoError(t, err)
	require.Len(t, m.Notes, 1)
	assert.Equal(t, "module.emr", m.Notes[0].Address)
	assert.True(t, strings.Contains(m.Notes[0].Message, `records version "1.0.4"`), m.Notes[0].Message)
	assert.Empty(t, m.Clusters, "the stale copy is not evaluated")
}

// TestUnknownCountMessage checks that a finding on a resource whose count
// is unknown says so.
func TestUnknownCountMessage(t *testing.T) {
	m, err := scan.Dir("../../testdata/source/label-module-count", hclconfig.Options{TrustInstalledModules: true})
	require.NoError(t, err)
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	n := 0
	for _, f := range fs {
		if f.RuleID == "EMR-SC-001" {
			n++
			assert.Equal(t, "aws_emr_security_configuration.default[*]", f.Address)
			assert.Contains(t, f.Message, "number of instances unknown: it depends on module.this")
		}
	}
	assert.Equal(t, 1, n)
}
