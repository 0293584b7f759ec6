package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// lowOnlyDoc is a security-configuration document whose only finding is
// LOW (EMR-SC-015, a misspelt key): it fails at the default threshold and
// passes at MEDIUM, whichever entry point checks it. The provider's tests
// read it too.
const lowOnlyDoc = "../../testdata/docs/low-only.json"

// TestEveryEntryPointDefaultsToTheOneThreshold: the command line, serve,
// the GitHub Action and the pre-commit hook apply rules.DefaultThreshold
// when nothing sets one (the provider's own test checks it there), and
// every text that states the default states that one.
func TestEveryEntryPointDefaultsToTheOneThreshold(t *testing.T) {
	def := rules.DefaultThreshold.String()

	t.Run("command line", func(t *testing.T) {
		r := runCLI(t, "", "--format", "json", lowOnlyDoc)
		assert.Equal(t, exitFindings, r.code, r.stderr)
		o := decode(t, r.stdout)
		require.NotNil(t, o.Policy)
		require.NotNil(t, o.Policy.SeverityThreshold, "the JSON names the threshold in force")
		assert.Equal(t, def, *o.Policy.SeverityThreshold)
		assert.Equal(t, "default", o.Policy.ThresholdSource)
		assert.Equal(t, exitOK, runCLI(t, "", "--severity-threshold", "MEDIUM", lowOnlyDoc).code)
		text := runCLI(t, "", lowOnlyDoc).stdout
		assert.Contains(t, text, "\n  severity threshold: "+def+" (default)\n")
	})

	t.Run("serve", func(t *testing.T) {
		st, err := serveSetup(nil, env{environ: []string{hmacKeyEnv + "=k"}})
		require.NoError(t, err)
		assert.Equal(t, rules.DefaultThreshold, st.opts.Threshold)
		// The same policy file gives the same threshold as the command line.
		pol := filepath.Join(t.TempDir(), "policy.hcl")
		require.NoError(t, os.WriteFile(pol, []byte("severity_threshold = \"HIGH\"\n"), 0o644))
		st, err = serveSetup([]string{"--config", pol}, env{environ: []string{hmacKeyEnv + "=k"}})
		require.NoError(t, err)
		assert.Equal(t, rules.High, st.opts.Threshold)
		r := runCLI(t, "", "--format", "json", "--config", pol, lowOnlyDoc)
		assert.Equal(t, "HIGH", *decode(t, r.stdout).Policy.SeverityThreshold)
		st, err = serveSetup([]string{"--config", pol, "--severity-threshold", "info"}, env{environ: []string{hmacKeyEnv + "=k"}})
		require.NoError(t, err)
		assert.Equal(t, rules.Info, st.opts.Threshold, "the flag wins over the policy file, as on the command line")
	})

	t.Run("action", func(t *testing.T) {
		b, err := os.ReadFile("../../action.yml")
		require.NoError(t, err)
		var action struct {
			Inputs map[string]struct {
				Description string `yaml:"description"`
				Default     string `yaml:"default"`
			} `yaml:"inputs"`
			Runs struct {
				Steps []struct {
					ID  string `yaml:"id"`
					Run string `yaml:"run"`
				} `yaml:"steps"`
			} `yaml:"runs"`
		}
		require.NoError(t, yaml.Unmarshal(b, &action))
		in, ok := action.Inputs["severity-threshold"]
		require.True(t, ok)
		assert.Empty(t, in.Default, "an empty input leaves the tool's default")
		assert.Contains(t, in.Description, "else "+def)
		var script string
		for _, s := range action.Runs.Steps {
			if s.ID == "scan" {
				script = s.Run
			}
		}
		require.NotEmpty(t, script)
		// The only --severity-threshold the step passes is the input's,
		// and only when it is set.
		assert.Equal(t, 1, strings.Count(script, "--severity-threshold"))
		assert.Contains(t, script, `[ -n "$IN_THRESHOLD" ] && flags+=(--severity-threshold "$IN_THRESHOLD")`)
	})

	t.Run("pre-commit hook", func(t *testing.T) {
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Skip("no bash")
		}
		dir := t.TempDir()
		fake := filepath.Join(dir, "tfemrcheck")
		argsFile := filepath.Join(dir, "args")
		require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > '"+argsFile+"'\n"), 0o755))
		mod := filepath.Join(dir, "mod")
		require.NoError(t, os.Mkdir(mod, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(mod, "main.tf"), nil, 0o644))
		cmd := exec.Command(bash, "../../scripts/pre-commit-hook.sh", filepath.Join(mod, "main.tf"))
		cmd.Env = append(os.Environ(), "TFEMRCHECK="+fake)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		got, err := os.ReadFile(argsFile)
		require.NoError(t, err)
		assert.Equal(t, mod+"\n", string(got), "the hook adds no threshold: the tool's default applies")
	})

	t.Run("documentation", func(t *testing.T) {
		assert.Contains(t, usage, "else "+def)
		assert.Contains(t, serveUsage, "else "+def)
		for file, want := range map[string]string{
			"../../README.md":        "else **" + def + "**",
			"../../docs/run-task.md": "the policy file's, else `" + def + "`",
			"../../docs/provider.md": "It defaults to **" + def + "**",
		} {
			b, err := os.ReadFile(file)
			require.NoError(t, err)
			assert.Contains(t, strings.Join(strings.Fields(string(b)), " "), want, file)
		}
	})
}
