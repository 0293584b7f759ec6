package hclconfig

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

// fileCalls are the functions that read files; templatefile also reads
// for the file functions its template calls.
var fileCalls = map[string]bool{
	"file": true, "filebase64": true, "fileexists": true, "fileset": true, "templatefile": true,
	"filemd5": true, "filesha1": true, "filesha256": true, "filesha512": true,
	"filebase64sha256": true, "filebase64sha512": true,
}

// noteRefused reports each file read the file system refused while
// evaluating expr: a warning diagnostic and a note at the call, naming it
// and the reason. The value is already unknown, blocked by the call, so
// the rules that read it report indeterminate; the run does not fail for
// the refusal alone. It works from the value's blockers, so any function
// table that blocks refused reads with text holding tffuncs.ErrRefused
// ("read refused: …") is reported the same way.
func (in *instance) noteRefused(expr hcl.Expression, v cty.Value) {
	if v == cty.NilVal || expr == nil {
		return
	}
	for _, b := range deepMarks(v).blockers {
		if !strings.Contains(b, "("+tffuncs.ErrRefused.Error()) {
			continue
		}
		name, _, _ := strings.Cut(b, "(")
		subject := fileCallRange(expr, name)
		if subject == nil {
			continue // reached through a reference; reported where the call is
		}
		key := b + "\x00" + subject.String()
		if in.l.refused[key] {
			continue
		}
		if in.l.refused == nil {
			in.l.refused = map[string]bool{}
		}
		in.l.refused[key] = true
		call, reason := b, tffuncs.ErrRefused.Error()
		if i := strings.LastIndex(b, " ("+tffuncs.ErrRefused.Error()); i > 0 {
			call, reason = b[:i], strings.TrimSuffix(b[i+2:], ")")
		}
		why := "values computed from it are unknown and the rules that depend on them report indeterminate; file functions read only regular files inside the scanned tree, never under .git"
		in.l.diags = append(in.l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning, Summary: "File read refused",
			Detail:  fmt.Sprintf("%s was not read (%s): %s.", call, reason, why),
			Subject: subject.Ptr(),
		})
		// one note per call site (in.note would merge equal messages)
		in.l.model.Notes = append(in.l.model.Notes, model.Note{Address: in.prefix() + call, Range: toRange(*subject), Message: reason + ": " + why})
	}
}

// fileCallRange finds the call named name in expr, or else the first
// templatefile call (whose template made the call).
func fileCallRange(expr hcl.Expression, name string) *hcl.Range {
	se, ok := expr.(hclsyntax.Expression)
	if !ok {
		return nil
	}
	var exact, tmpl *hcl.Range
	_ = hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		fc, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || !fileCalls[strings.TrimPrefix(fc.Name, "core::")] {
			return nil
		}
		r := fc.Range()
		switch {
		case strings.TrimPrefix(fc.Name, "core::") == name && exact == nil:
			exact = &r
		case fc.Name == "templatefile" && tmpl == nil:
			tmpl = &r
		}
		return nil
	})
	if exact != nil {
		return exact
	}
	return tmpl
}

// hideKeys keeps secrets out of addresses: a for_each key that is
// sensitive, or tainted (read from a file or the environment) and shaped
// neither like a value a message may show (model.TaintShowable) nor like
// a name a person chose (model.TaintNameLike: "prod", "analytics-eu"), is
// written in addresses as its place in key order with where it came from,
// e.g. aws_emr_cluster.c["(value read from file clusters.json) #2"].
// Names stay readable because addresses are identities: a plan and its
// source are merged by address, and a hidden key does not match the
// plan's (that instance is then checked on the plan's values alone).
func hideKeys(keys []instKey) {
	for i := range keys {
		k := &keys[i]
		s, ok := k.key.(string)
		if !ok || k.rep.eachKey == cty.NilVal {
			continue
		}
		mi := deepMarks(k.rep.eachKey)
		switch {
		case mi.sensitive:
			k.shown = fmt.Sprintf("(sensitive value) #%d", i+1)
		case strings.HasPrefix(mi.taint, "environment"):
			// A TF_VAR_ value is the pipeline's, often a secret the pull
			// request's author must not see: no key of it is shown, not
			// even a name-like one (for_each over split("", var.token)
			// would spell the token out one address at a time).
			k.shown = fmt.Sprintf("%s #%d", model.TaintedText(mi.taint), i+1)
		case mi.taint != "" && !model.TaintShowable(s) && !model.TaintNameLike(s):
			k.shown = fmt.Sprintf("%s #%d", model.TaintedText(mi.taint), i+1)
		}
	}
}
