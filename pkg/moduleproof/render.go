package moduleproof

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// RenderOptions are what every format needs besides the result.
type RenderOptions struct {
	Threshold   rules.Severity
	PolicyFile  string // "" without one
	ToolVersion string
}

// Fails reports whether a verdict fails the run: anything but safe, at or
// above the threshold.
func (v *Verdict) Fails(th rules.Severity) bool {
	return v.Verdict != Safe && v.Severity >= th
}

// Failed reports whether any verdict fails the run.
func (r *Result) Failed(th rules.Severity) bool {
	for i := range r.Verdicts {
		if r.Verdicts[i].Fails(th) {
			return true
		}
	}
	return false
}

// Counts returns how many verdicts of each kind there are.
func (r *Result) Counts() map[string]int {
	c := map[string]int{Safe: 0, Unsafe: 0, Unconstrained: 0, Indeterminate: 0}
	for _, v := range r.Verdicts {
		c[v.Verdict]++
	}
	return c
}

// SummaryLine is the last line of the text report.
func SummaryLine(r *Result, th rules.Severity) string {
	c := r.Counts()
	head := "PROVED"
	if r.Failed(th) {
		head = "NOT PROVED"
	}
	return fmt.Sprintf("%s: %d verdicts: %d safe, %d unsafe, %d unconstrained, %d indeterminate (threshold %s); %d evaluations of the module",
		head, len(r.Verdicts), c[Safe], c[Unsafe], c[Unconstrained], c[Indeterminate], th, r.Evaluations)
}

// order puts what fails first: unsafe, unconstrained, indeterminate,
// then safe; most severe first; then rule and address.
func order(vs []Verdict) []Verdict {
	rank := map[string]int{Unsafe: 0, Unconstrained: 1, Indeterminate: 2, Safe: 3}
	out := append([]Verdict{}, vs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Verdict] != rank[b.Verdict] {
			return rank[a.Verdict] < rank[b.Verdict]
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Address < b.Address
	})
	return out
}

// Text writes the report for a terminal or a CI log: what is not safe,
// with its witness as a module block or the validation to add, then a
// count of what is safe. Text from the module is escaped.
func Text(w io.Writer, r *Result, o RenderOptions) error {
	e := report.EscapeLine
	pol := "none"
	if o.PolicyFile != "" {
		pol = o.PolicyFile
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Module: %s\nPolicy: %s\n\n", e(r.Module), e(pol))
	safe := 0
	for _, v := range order(r.Verdicts) {
		if v.Verdict == Safe {
			safe++
			continue
		}
		fmt.Fprintf(&b, "%s %s %s: %s\n", v.Severity, v.RuleID, strings.ToUpper(v.Verdict), e(v.Title))
		fmt.Fprintf(&b, "  resource: %s\n", e(v.Address))
		if v.Location != nil {
			fmt.Fprintf(&b, "  at:       %s:%d:%d\n", e(v.Location.Filename), v.Location.Start.Line, v.Location.Start.Column)
		}
		fmt.Fprintf(&b, "  %s\n", e(v.Message))
		if v.Verdict == Unsafe && len(v.Inputs) > 0 {
			b.WriteString("  a caller that fails it:\n")
			for _, line := range strings.Split(ModuleBlock(r.Module, v.Inputs), "\n") {
				fmt.Fprintf(&b, "    %s\n", e(line))
			}
		}
		if v.Suggestion != "" {
			b.WriteString("  suggested validation:\n")
			for _, line := range strings.Split(v.Suggestion, "\n") {
				fmt.Fprintf(&b, "    %s\n", e(line))
			}
		}
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "NOTE %s: %s\n", e(n.Address), e(n.Message))
	}
	if len(r.Verdicts) == 0 {
		b.WriteString("no EMR resource in this module (nor in the modules it calls): nothing to prove\n")
	} else {
		fmt.Fprintf(&b, "%d rule × resource pairs safe for every allowed input\n", safe)
	}
	b.WriteString(SummaryLine(r, o.Threshold) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ModuleBlock writes the module block a caller would write to reproduce
// a witness.
func ModuleBlock(dir string, inputs map[string]cty.Value) string {
	names := sortedNames(inputs)
	width := 6 // "source"
	for _, n := range names {
		width = max(width, len(n))
	}
	src := filepath.ToSlash(dir)
	if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
		src = "./" + src
	}
	var b strings.Builder
	b.WriteString("module \"emr\" {\n")
	fmt.Fprintf(&b, "  %-*s = %s\n", width, "source", quoteHCL(src))
	for _, n := range names {
		fmt.Fprintf(&b, "  %-*s = %s\n", width, n, RenderValue(inputs[n]))
	}
	b.WriteString("}")
	return b.String()
}

func sortedNames(m map[string]cty.Value) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

type jsonReport struct {
	Version   int            `json:"version"`
	Tool      jsonTool       `json:"tool"`
	Module    string         `json:"module"`
	Policy    *string        `json:"policy"`
	Verdicts  []jsonVerdict  `json:"verdicts"`
	Variables []jsonVariable `json:"variables"`
	Notes     []jsonNote     `json:"notes"`
	Summary   jsonSummary    `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonVerdict struct {
	RuleID       string         `json:"rule_id"`
	Title        string         `json:"title"`
	Severity     string         `json:"severity"`
	Address      string         `json:"address"`
	Verdict      string         `json:"verdict"`
	Inputs       map[string]any `json:"inputs"`
	Variables    []string       `json:"variables"`
	Message      string         `json:"message"`
	Suggestion   string         `json:"suggestion,omitempty"`
	Location     *jsonLocation  `json:"location"`
	Combinations int            `json:"combinations"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonVariable struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Constrained bool     `json:"constrained"`
	Allowed     []any    `json:"allowed"`
	Partial     []string `json:"unrestricted_attributes,omitempty"`
	Why         string   `json:"why"`
}

type jsonNote struct {
	Address string `json:"address"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Total         int    `json:"total"`
	Safe          int    `json:"safe"`
	Unsafe        int    `json:"unsafe"`
	Unconstrained int    `json:"unconstrained"`
	Indeterminate int    `json:"indeterminate"`
	Threshold     string `json:"severity_threshold"`
	Failed        bool   `json:"failed"`
	Evaluations   int    `json:"evaluations"`
}

// JSON writes the report as one object (format version 1; fields are
// only ever added). Witness values are JSON values; an unknown part of an
// object (an attribute nothing restricts, any value fails) is left out.
func JSON(w io.Writer, r *Result, o RenderOptions) error {
	out := jsonReport{Version: 1, Tool: jsonTool{Name: "tfemrcheck", Version: o.ToolVersion}, Module: r.Module,
		Verdicts: []jsonVerdict{}, Variables: []jsonVariable{}, Notes: []jsonNote{}}
	if o.PolicyFile != "" {
		out.Policy = &o.PolicyFile
	}
	for _, v := range r.Verdicts {
		jv := jsonVerdict{RuleID: v.RuleID, Title: v.Title, Severity: v.Severity.String(), Address: v.Address,
			Verdict: v.Verdict, Variables: v.Variables, Message: v.Message, Suggestion: v.Suggestion, Combinations: v.Combinations}
		if jv.Variables == nil {
			jv.Variables = []string{}
		}
		if v.Inputs != nil {
			jv.Inputs = map[string]any{}
			for n, val := range v.Inputs {
				jv.Inputs[n] = jsonValue(val)
			}
		}
		if v.Location != nil {
			jv.Location = &jsonLocation{File: v.Location.Filename, Line: v.Location.Start.Line, Column: v.Location.Start.Column}
		}
		out.Verdicts = append(out.Verdicts, jv)
	}
	for _, v := range r.Variables {
		jv := jsonVariable{Name: v.Name, Type: typeString(v.Type), Constrained: v.Constrained(), Allowed: []any{}, Partial: v.Partial, Why: v.Why}
		for _, a := range v.Allowed {
			if v.Sensitive && v.Default != cty.NilVal && a.RawEquals(v.Default) {
				continue // never printed
			}
			jv.Allowed = append(jv.Allowed, jsonValue(a))
		}
		out.Variables = append(out.Variables, jv)
	}
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, jsonNote{Address: n.Address, Message: n.Message})
	}
	c := r.Counts()
	out.Summary = jsonSummary{Total: len(r.Verdicts), Safe: c[Safe], Unsafe: c[Unsafe], Unconstrained: c[Unconstrained],
		Indeterminate: c[Indeterminate], Threshold: o.Threshold.String(), Failed: r.Failed(o.Threshold), Evaluations: r.Evaluations}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func typeString(t cty.Type) string {
	if t == cty.DynamicPseudoType {
		return "any"
	}
	return t.FriendlyNameForConstraint()
}

// jsonValue converts a value for encoding/json; unknown parts are nil at
// the top and left out of objects.
func jsonValue(v cty.Value) any {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Bool:
		return v.True()
	case ty == cty.Number:
		f := v.AsBigFloat()
		if f.IsInt() {
			i, _ := f.Int(new(big.Int))
			return json.Number(i.String())
		}
		return json.Number(f.Text('g', -1))
	case ty.IsObjectType() || ty.IsMapType():
		m := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if ev.IsKnown() {
				m[k.AsString()] = jsonValue(ev)
			}
		}
		return m
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		l := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			l = append(l, jsonValue(ev))
		}
		return l
	}
	return nil
}

// Markdown writes a pull-request comment: a summary line, a table of what
// is not safe, and the witnesses and suggested validations.
func Markdown(w io.Writer, r *Result, o RenderOptions) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## tfemrcheck module proof: %s\n\n", mdCell(r.Module))
	fmt.Fprintf(&b, "%s\n\n", mdCell(SummaryLine(r, o.Threshold)))
	bad := 0
	for _, v := range order(r.Verdicts) {
		if v.Verdict == Safe {
			continue
		}
		if bad == 0 {
			b.WriteString("| verdict | severity | rule | resource | detail |\n|---|---|---|---|---|\n")
		}
		bad++
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", v.Verdict, v.Severity, v.RuleID, mdCell(v.Address), mdCell(v.Message))
	}
	if bad == 0 {
		b.WriteString("Every rule holds for every input a caller may give.\n")
	}
	for _, v := range order(r.Verdicts) {
		var code string
		switch {
		case v.Verdict == Unsafe && len(v.Inputs) > 0:
			code = ModuleBlock(r.Module, v.Inputs)
		case v.Suggestion != "":
			code = v.Suggestion
		default:
			continue
		}
		fmt.Fprintf(&b, "\n### %s %s on %s\n\n", v.RuleID, v.Verdict, mdCell(v.Address))
		var lines []string
		for _, l := range strings.Split(code, "\n") {
			lines = append(lines, report.EscapeLine(l))
		}
		fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
		fmt.Fprintf(&b, "%shcl\n%s\n%s\n", fence, strings.Join(lines, "\n"), fence)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// mdCell escapes text for a Markdown table cell (as pkg/report does).
func mdCell(s string) string {
	return strings.NewReplacer(
		"\\", "\\\\", "&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "\\|",
		"`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	).Replace(report.EscapeLine(s))
}

// SARIF writes a SARIF 2.1.0 log: one result for each verdict that is not
// safe, at the failing value's location when known, else at the module's
// directory with the resource as a logical location.
func SARIF(w io.Writer, r *Result, o RenderOptions, catalogue []*rules.Rule) error {
	type msg struct {
		Text string `json:"text"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	type physical struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *region `json:"region,omitempty"`
	}
	type logical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	type location struct {
		Physical *physical `json:"physicalLocation,omitempty"`
		Logical  []logical `json:"logicalLocations,omitempty"`
	}
	type result struct {
		RuleID     string         `json:"ruleId"`
		Level      string         `json:"level"`
		Message    msg            `json:"message"`
		Locations  []location     `json:"locations"`
		Properties map[string]any `json:"properties"`
	}
	type rule struct {
		ID               string         `json:"id"`
		ShortDescription msg            `json:"shortDescription"`
		HelpURI          string         `json:"helpUri,omitempty"`
		Properties       map[string]any `json:"properties"`
	}
	byID := map[string]*rules.Rule{}
	for _, ru := range catalogue {
		byID[ru.ID] = ru
	}
	var rs []rule
	seen := map[string]bool{}
	results := []result{}
	for _, v := range order(r.Verdicts) {
		if v.Verdict == Safe {
			continue
		}
		if !seen[v.RuleID] {
			seen[v.RuleID] = true
			ru := rule{ID: v.RuleID, ShortDescription: msg{v.Title}, Properties: map[string]any{"security-severity": securitySeverity(v.Severity)}}
			if cr := byID[v.RuleID]; cr != nil {
				ru.HelpURI = cr.DocURL()
			}
			rs = append(rs, ru)
		}
		text := v.Address + ": " + v.Verdict + ": " + v.Message
		if v.Verdict == Unsafe && len(v.Inputs) > 0 {
			text += "\n" + ModuleBlock(r.Module, v.Inputs)
		}
		if v.Suggestion != "" {
			text += "\nSuggested validation:\n" + v.Suggestion
		}
		loc := location{Logical: []logical{{FullyQualifiedName: v.Address, Kind: "resource"}}}
		ph := &physical{}
		if v.Location != nil {
			ph.ArtifactLocation.URI = uri(r.Module, v.Location)
			ph.Region = &region{StartLine: v.Location.Start.Line, StartColumn: max(1, v.Location.Start.Column)}
		} else {
			ph.ArtifactLocation.URI = filepath.ToSlash(filepath.Clean(r.Module)) + "/"
		}
		loc.Physical = ph
		props := map[string]any{"verdict": v.Verdict}
		if len(v.Variables) > 0 {
			props["variables"] = v.Variables
		}
		results = append(results, result{RuleID: v.RuleID, Level: sarifLevel(v.Severity), Message: msg{text},
			Locations: []location{loc}, Properties: props})
	}
	if rs == nil {
		rs = []rule{}
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "tfemrcheck", "version": o.ToolVersion, "informationUri": "https://github.com/tfemrcheck/tfemrcheck", "rules": rs}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// uri is a location's file relative to the working directory, with
// forward slashes (the evaluator's file names are relative to the
// module's directory or already include it).
func uri(dir string, at *model.Range) string {
	f := at.Filename
	if !filepath.IsAbs(f) && !strings.HasPrefix(filepath.Clean(f), filepath.Clean(dir)+string(filepath.Separator)) {
		f = filepath.Join(dir, f)
	}
	return filepath.ToSlash(filepath.Clean(f))
}

func sarifLevel(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s >= rules.Low:
		return "warning"
	}
	return "note"
}

func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return "9.5"
	case rules.High:
		return "8.0"
	case rules.Medium:
		return "5.5"
	case rules.Low:
		return "3.0"
	}
	return "0.0"
}
