package main

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// engineNames are the values of --engine.
var engineNames = []string{hclconfig.EngineTerraform, hclconfig.EngineOpenTofu}

// engineTitle is how a message names an engine.
var engineTitle = map[string]string{hclconfig.EngineTerraform: "Terraform", hclconfig.EngineOpenTofu: "OpenTofu"}

// checkBothEngines checks a source input the way each engine reads it
// when the user did not name the engine: Terraform ignores .tofu files,
// OpenTofu reads x.tofu instead of x.tf, and a pull request must not be
// able to show the gate one configuration while the deploy job applies
// the other. The Terraform view is checked first; when the source holds
// no .tofu files the two views are the same and it is the result.
// Otherwise both results are merged: what both views find is reported
// once, what only one finds names its engine (Finding.Engine, and the
// message), so the report is the worse of the two.
func checkBothEngines(run func(opts hclconfig.Options) (inputResult, *model.Model), opts hclconfig.Options) inputResult {
	opts.Engine, opts.OpenTofu = hclconfig.EngineTerraform, false
	tf, m := run(opts)
	if m == nil || len(m.OpenTofuFiles) == 0 {
		return tf
	}
	opts.Engine = hclconfig.EngineOpenTofu
	tofu, _ := run(opts)
	return mergeEngineResults(tf, tofu, m.OpenTofuFiles)
}

// mergeEngineResults merges the Terraform and the OpenTofu view's results.
func mergeEngineResults(tf, tofu inputResult, tofuFiles []string) inputResult {
	out := inputResult{coverage: tf.coverage, done: tf.done && tofu.done}
	// Coverage: the larger view's counts (the report's totals stay counts
	// of one configuration).
	if tofu.coverage.Clusters+tofu.coverage.SecurityConfigurations > tf.coverage.Clusters+tf.coverage.SecurityConfigurations {
		out.coverage = tofu.coverage
	}
	inTF := map[string]bool{}
	for _, f := range tf.findings {
		inTF[findingKey(f)] = true
	}
	inTofu := map[string]bool{}
	for _, f := range tofu.findings {
		inTofu[findingKey(f)] = true
	}
	for _, f := range tf.findings {
		if !inTofu[findingKey(f)] {
			f = onlyEngine(f, hclconfig.EngineTerraform)
		}
		out.findings = append(out.findings, f)
	}
	for _, f := range tofu.findings {
		if !inTF[findingKey(f)] {
			out.findings = append(out.findings, onlyEngine(f, hclconfig.EngineOpenTofu))
		}
	}
	errKey := func(e report.InputError) string { return e.File + "\x00" + e.Message }
	tfErr := map[string]bool{}
	for _, e := range tf.errors {
		tfErr[errKey(e)] = true
	}
	tofuErr := map[string]bool{}
	for _, e := range tofu.errors {
		tofuErr[errKey(e)] = true
	}
	for _, e := range tf.errors {
		if !tofuErr[errKey(e)] {
			e.Message += " (as Terraform reads the configuration; it also has .tofu files, so OpenTofu reads it differently: pass --engine opentofu if only OpenTofu deploys it)"
		}
		out.errors = append(out.errors, e)
	}
	for _, e := range tofu.errors {
		if !tfErr[errKey(e)] {
			e.Message += " (as OpenTofu reads the configuration, with its .tofu files; pass --engine terraform if only Terraform deploys it)"
			out.errors = append(out.errors, e)
		}
	}
	noteKey := func(n model.Note) string { return n.Address + "\x00" + n.Message }
	seen := map[string]bool{}
	for _, n := range append(append([]model.Note{}, tf.notes...), tofu.notes...) {
		if !seen[noteKey(n)] {
			seen[noteKey(n)] = true
			out.notes = append(out.notes, n)
		}
	}
	var names []string
	for _, f := range tofuFiles {
		names = append(names, f)
		if len(names) == 3 {
			names = append(names, "…")
			break
		}
	}
	out.notes = append(out.notes, model.Note{Message: fmt.Sprintf(
		"the configuration reads differently under Terraform and OpenTofu (%s): both views were checked, and a finding of one view only names its engine; pass --engine terraform or --engine opentofu to check only the engine that deploys it",
		strings.Join(names, ", "))})
	// The pairs of both views, once: OpenTofu's view adds the pairs
	// Terraform's has not.
	out.pairs = append([]*check.Pairs{}, tf.pairs...)
	for _, p := range tofu.pairs {
		for _, q := range tf.pairs {
			p = p.Except(q)
		}
		out.pairs = append(out.pairs, p)
	}
	return out
}

// findingKey identifies a finding across the two views.
func findingKey(f rules.Finding) string {
	k := f.RuleID + "\x00" + string(f.Status) + "\x00" + f.Address + "\x00" + f.Message
	if f.Location != nil {
		k += fmt.Sprintf("\x00%s:%d:%d", f.Location.Filename, f.Location.Start.Line, f.Location.Start.Column)
	}
	if f.Suppressed != nil {
		k += "\x00suppressed"
	}
	return k
}

// onlyEngine marks a finding as one engine's.
func onlyEngine(f rules.Finding, engine string) rules.Finding {
	f.Engine = engine
	f.Message += fmt.Sprintf(" [%s only: the engines read this configuration differently]", engineTitle[engine])
	return f
}
