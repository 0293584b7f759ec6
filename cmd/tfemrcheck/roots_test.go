package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The attacks of issue 24.2 on DIR/...: a pull request that takes a root
// out of the check by writing something in the checked tree. Each test
// puts the SSE-C configuration (EMR-SC-001) where the deploy job would
// apply it and expects the gate to fail on it.

// failsAt returns the files of the EMR-SC-001 failures, relative to dir.
func failsAt(t *testing.T, o jsonOut, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" && f.Status == "fail" && f.Location != nil {
			r, err := filepath.Rel(dir, f.Location.File)
			require.NoError(t, err)
			out = append(out, filepath.ToSlash(r))
		}
	}
	return out
}

// TestAttackSiblingCallsProdWithCountZero: envs/dev calls ../prod as a
// module with count = 0, so prod, "called by something", was not a root
// and dev creates nothing; terraform apply in envs/prod applies SSE-C.
func TestAttackSiblingCallsProdWithCountZero(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"envs/prod/main.tf": sseC,
		"envs/dev/main.tf":  "module \"prod\" {\n  source = \"../prod\"\n  count  = 0\n}\n",
	})
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, failsAt(t, decode(t, r.stdout), dir), "envs/prod/main.tf")
}

// TestAttackDirectoriesCallingEachOther: a calls b and b calls a, so
// neither was a root and only the unrelated c was checked. Each of a and b
// is checked as a root now.
func TestAttackDirectoriesCallingEachOther(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/main.tf": sseC + "module \"b\" {\n  source = \"../b\"\n  count  = 0\n}\n",
		"b/main.tf": sseC + "module \"a\" {\n  source = \"../a\"\n  count  = 0\n}\n",
		"c/main.tf": sseKMS,
	})
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, []string{"a/main.tf", "b/main.tf"}, failsAt(t, decode(t, r.stdout), dir))
}

// TestAttackRootsUnderVendorAndNodeModules: vendor/ and node_modules/
// were never walked.
func TestAttackRootsUnderVendorAndNodeModules(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"vendor/prod/main.tf":            sseC,
		"web/node_modules/infra/main.tf": sseC,
	})
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, []string{"vendor/prod/main.tf", "web/node_modules/infra/main.tf"}, failsAt(t, decode(t, r.stdout), dir))
}

// TestAttackProdLinkedToAHiddenDirectory: envs/prod is a symbolic link to
// .hidden/prod. Hidden directories are roots like any other, so the code
// the link leads to is checked; a link into .terraform, which is never
// walked, is an input error naming the link (exit 2).
func TestAttackProdLinkedToAHiddenDirectory(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".hidden/prod/main.tf": sseC,
		"envs/dev/main.tf":     sseKMS,
	})
	require.NoError(t, os.Symlink("../.hidden/prod", filepath.Join(dir, "envs", "prod")))
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, []string{".hidden/prod/main.tf"}, failsAt(t, decode(t, r.stdout), dir))

	dir = writeTree(t, map[string]string{
		".terraform/modules/prod/main.tf": sseC,
		"envs/dev/main.tf":                sseKMS,
	})
	link := filepath.Join(dir, "envs", "prod")
	require.NoError(t, os.Symlink("../.terraform/modules/prod", link))
	r = runCLI(t, "", dir+"/...")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "Error: "+link+": a symbolic link into a directory that is not checked")
}

// TestAttackLinkLeavesTheTree: envs/prod links to a directory outside the
// tree. It is not followed (nothing outside is read) and not dropped: an
// input error, unless the trusted policy excludes the link.
func TestAttackLinkLeavesTheTree(t *testing.T) {
	outside := writeTree(t, map[string]string{"prod/main.tf": sseC})
	dir := writeTree(t, map[string]string{"envs/dev/main.tf": sseKMS})
	link := filepath.Join(dir, "envs", "prod")
	require.NoError(t, os.Symlink(filepath.Join(outside, "prod"), link))
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	o := decode(t, r.stdout)
	require.Len(t, o.Errors, 1)
	assert.Equal(t, link, o.Errors[0].File)
	assert.Contains(t, o.Errors[0].Message, "outside the checked tree")
	assert.NotContains(t, r.stdout, "SSE-C", "nothing outside the tree is read")

	pol := filepath.Join(t.TempDir(), "policy.hcl")
	require.NoError(t, os.WriteFile(pol, []byte(`exclude_roots = ["envs/prod"]`+"\n"), 0o644))
	r = runCLI(t, "", "--config", pol, "--format", "json", dir+"/...")
	assert.NotEqual(t, 2, r.code, r.stdout+r.stderr)
	assert.Empty(t, decode(t, r.stdout).Errors)
}

// TestExcludeRootsComesOnlyFromTheTrustedPolicy: the policy given with
// --config excludes a root (a note says so, with the pattern); the same
// setting in a .tfemrcheck.hcl inside the checked tree is not read.
func TestExcludeRootsComesOnlyFromTheTrustedPolicy(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"envs/prod/main.tf":         sseC,
		"modules/emr/main.tf":       sseC,
		"envs/prod/.tfemrcheck.hcl": `exclude_roots = ["**"]` + "\n",
		".tfemrcheck.hcl":           `exclude_roots = ["**"]` + "\n",
	})
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, []string{"envs/prod/main.tf", "modules/emr/main.tf"}, failsAt(t, decode(t, r.stdout), dir))

	pol := filepath.Join(t.TempDir(), "policy.hcl")
	require.NoError(t, os.WriteFile(pol, []byte(`exclude_roots = ["modules/**"]`+"\n"), 0o644))
	r = runCLI(t, "", "--config", pol, "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	assert.Equal(t, []string{"envs/prod/main.tf"}, failsAt(t, o, dir))
	assert.Equal(t, []string{"modules/**"}, o.Policy.ExcludeRoots)
	var notes []string
	for _, n := range o.Notes {
		if strings.Contains(n.Message, "exclude_roots") {
			notes = append(notes, n.Message)
		}
	}
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], filepath.Join(dir, "modules", "emr")+": root module not checked: the policy excludes it (exclude_roots \"modules/**\", "+pol+":1)")

	r = runCLI(t, "", "--config", pol, dir+"/...")
	assert.Contains(t, r.stdout, `roots excluded: ["modules/**"]`)
}

func TestExcludeRootsMustBeValid(t *testing.T) {
	for _, bad := range []string{`["/abs"]`, `["a/[b"]`, `[""]`, `"modules/**"`, `["a\\b"]`} {
		pol := filepath.Join(t.TempDir(), "policy.hcl")
		require.NoError(t, os.WriteFile(pol, []byte("exclude_roots = "+bad+"\n"), 0o644))
		r := runCLI(t, "", "--config", pol, t.TempDir()+"/...")
		assert.Equal(t, 2, r.code, bad)
		assert.Contains(t, r.stderr, pol+":1:", bad)
	}
}

// sharedModuleTree is two roots calling one module that fails EMR-SC-001:
// the same rule, address and file in both (issue 20.2). The module's own
// directory is excluded by the policy returned with it.
func sharedModuleTree(t *testing.T, policyText string) (dir, pol string) {
	t.Helper()
	call := "module \"emr\" {\n  source = \"../../modules/emr\"\n}\n"
	dir = writeTree(t, map[string]string{
		"modules/emr/main.tf":  sseC,
		"envs/prod/main.tf":    call,
		"envs/staging/main.tf": call,
	})
	pol = filepath.Join(t.TempDir(), "policy.hcl")
	require.NoError(t, os.WriteFile(pol, []byte("exclude_roots = [\"modules/**\"]\n"+policyText), 0o644))
	return dir, pol
}

const sharedAddress = "module.emr.aws_emr_security_configuration.sc"

// TestTwoRootsSharingAModuleAreToldApart: every format says which root
// each finding came from.
func TestTwoRootsSharingAModuleAreToldApart(t *testing.T) {
	dir, pol := sharedModuleTree(t, "")
	run := func(format string) string {
		t.Helper()
		r := runCLI(t, "", "--config", pol, "--format", format, dir+"/...")
		require.Equal(t, 1, r.code, r.stderr)
		return r.stdout
	}

	o := decode(t, run("json"))
	var roots []string
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" {
			assert.Equal(t, sharedAddress, f.Address)
			assert.Equal(t, "", f.Input, "one command-line input: no input field")
			roots = append(roots, f.Root)
		}
	}
	assert.Equal(t, []string{"envs/prod", "envs/staging"}, roots)
	for _, f := range o.Findings {
		assert.NotEmpty(t, f.Root, "every finding of DIR/... names its root: %s %s", f.RuleID, f.Address)
	}

	text := run("text")
	assert.Contains(t, text, "  resource: "+sharedAddress+"\n  root:     envs/prod\n")
	assert.Contains(t, text, "  resource: "+sharedAddress+"\n  root:     envs/staging\n")

	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID              string                `json:"ruleId"`
				Message             struct{ Text string } `json:"message"`
				PartialFingerprints map[string]string     `json:"partialFingerprints"`
				Properties          struct {
					Root string `json:"root"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(run("sarif")), &sarif))
	prints := map[string]string{}
	for _, res := range sarif.Runs[0].Results {
		if res.RuleID == "EMR-SC-001" {
			prints[res.Properties.Root] = res.PartialFingerprints["tfemrcheckFindingHash/v1"]
			assert.Contains(t, res.Message.Text, "(root "+res.Properties.Root+")")
		}
	}
	require.Len(t, prints, 2)
	assert.NotEqual(t, prints["envs/prod"], prints["envs/staging"], "fingerprints include the root")

	junit := run("junit")
	assert.Contains(t, junit, `name="`+sharedAddress+` (root envs/prod)"`)
	assert.Contains(t, junit, `name="`+sharedAddress+` (root envs/staging)"`)

	gh := run("github")
	assert.Contains(t, gh, "title=EMR-SC-001%3A SSE-C is not a valid EMRFS encryption mode (root envs/prod)::")
	assert.Contains(t, gh, "title=EMR-SC-001%3A SSE-C is not a valid EMRFS encryption mode (root envs/staging)::")

	md := run("markdown")
	assert.Contains(t, md, "`"+sharedAddress+"`<br>root: `envs/prod`")
	assert.Contains(t, md, "`"+sharedAddress+"`<br>root: `envs/staging`")

	// Deterministic: the same bytes on a second run.
	assert.Equal(t, text, run("text"))
}

// TestExceptionNamingOneRootDoesNotCoverTheOther: a policy exception with
// root = "envs/staging" suppresses the staging finding only.
func TestExceptionNamingOneRootDoesNotCoverTheOther(t *testing.T) {
	dir, pol := sharedModuleTree(t, `
exception {
  rule    = "EMR-SC-001"
  address = "module.emr.*"
  root    = "envs/stag*"
  reason  = "staging holds no data"
}
`)
	r := runCLI(t, "", "--config", pol, "--format", "json", dir+"/...")
	require.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	got := map[string]string{}
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" {
			got[f.Root] = f.Status
			if f.Suppression != nil {
				got[f.Root] += " suppressed"
			}
		}
	}
	assert.Equal(t, map[string]string{"envs/prod": "fail", "envs/staging": "fail suppressed"}, got)
	require.Len(t, o.Policy.Exceptions, 1)
	assert.Equal(t, "envs/stag*", o.Policy.Exceptions[0].Root)

	// Without a root, the exception covers both, as before.
	dir, pol = sharedModuleTree(t, `
exception {
  rule    = "EMR-SC-001"
  address = "module.emr.*"
  reason  = "accepted everywhere"
}
`)
	r = runCLI(t, "", "--config", pol, "--format", "json", dir+"/...")
	for _, f := range decode(t, r.stdout).Findings {
		if f.RuleID == "EMR-SC-001" {
			assert.NotNil(t, f.Suppression, f.Root)
		}
	}

	// A root glob does not match a run of one directory (no root).
	dir, pol = sharedModuleTree(t, `
exception {
  rule    = "EMR-SC-001"
  address = "module.emr.*"
  root    = "**"
  reason  = "roots only"
}
`)
	r = runCLI(t, "", "--config", pol, "--format", "json", filepath.Join(dir, "envs", "prod"))
	for _, f := range decode(t, r.stdout).Findings {
		if f.RuleID == "EMR-SC-001" {
			assert.Nil(t, f.Suppression)
		}
	}
}

// TestTwoPlansNameTheirInput: the same plan given twice (two workspaces'
// plans of one configuration) gives findings with the same address; each
// names its input (issue 25.3).
func TestTwoPlansNameTheirInput(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "insecure", "plan.json"))
	require.NoError(t, err)
	dir := writeTree(t, map[string]string{"prod.json": string(src), "staging.json": string(src)})
	a, b := filepath.Join(dir, "prod.json"), filepath.Join(dir, "staging.json")
	r := runCLI(t, "", "--format", "json", a, b)
	require.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	inputs := map[string]int{}
	for _, f := range o.Findings {
		assert.Empty(t, f.Root)
		inputs[f.Input]++
	}
	require.Len(t, inputs, 2, "every finding names one of the two inputs")
	assert.Equal(t, inputs[a], inputs[b])
	assert.Positive(t, inputs[a])

	text := runCLI(t, "", a, b).stdout
	assert.Contains(t, text, "  input:    "+a+"\n")
	assert.Contains(t, text, "  input:    "+b+"\n")

	// One input: no input field, as before.
	for _, f := range decode(t, runCLI(t, "", "--format", "json", a).stdout).Findings {
		assert.Empty(t, f.Input)
	}
}

// TestEveryRootIsListedWithWhatItHeld: a DIR/... report lists every root
// it checked in summary.checked.roots, a root that gave nothing at all
// included, so that a table per root (scripts/scan-repos.sh TABLE=1) can
// tell "no finding" from "not looked at"; a module call that was not
// evaluated names its root, as a finding does.
func TestEveryRootIsListedWithWhatItHeld(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"prod/main.tf":  sseC,
		"quiet/main.tf": "variable \"x\" {\n  default = 1\n}\n",
		"remote/main.tf": "module \"label\" {\n  source  = \"cloudposse/label/null\"\n  version = \"0.25.0\"\n}\n" +
			"resource \"aws_emr_block_public_access_configuration\" \"bpa\" {\n  block_public_security_group_rules = true\n}\n",
	})
	r := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	type row struct {
		root                   string
		securityConfigurations int
		otherEMR               int
		notEvaluated           int
	}
	var got []row
	for _, c := range o.Summary.Checked.Roots {
		got = append(got, row{c.Root, c.SecurityConfigurations, c.OtherEMRResources, c.ModulesNotEvaluated})
	}
	assert.Equal(t, []row{{"prod", 1, 0, 0}, {"quiet", 0, 0, 0}, {"remote", 0, 1, 1}}, got)
	require.Len(t, o.Summary.Checked.ModulesNotEvaluated, 1)
	assert.Equal(t, "remote", o.Summary.Checked.ModulesNotEvaluated[0].Root)
	assert.Equal(t, "module.label", o.Summary.Checked.ModulesNotEvaluated[0].Address)
}
