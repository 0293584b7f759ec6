package report

// This file holds the reference implementation for sarifref_test.go and
// the SARIF tests: the SARIF log built whole as structs and written by
// encoding/json, as the format was written before it was streamed.

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	ColumnKind  string            `json:"columnKind"`
	Results     []sarifResult     `json:"results"`
	Properties  *sarifRunProps    `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Severity    string `json:"severity"`
	Status      string `json:"status"`
	Remediation string `json:"remediation,omitempty"`
	// Root and Input say where the finding came from (rules.Finding).
	Root  string `json:"root,omitempty"`
	Input string `json:"input,omitempty"`
}

type sarifSuppression struct {
	Kind          string                `json:"kind"`
	Status        string                `json:"status"`
	Justification string                `json:"justification"`
	Location      *sarifLocation        `json:"location,omitempty"`
	Properties    *sarifSuppressionProp `json:"properties,omitempty"`
}

type sarifSuppressionProp struct {
	Expires string `json:"expires,omitempty"`
	Ticket  string `json:"ticket,omitempty"`
}

// sarifReflect writes the report as a SARIF 2.1.0 log with one run, indented,
// with a final newline. Failing findings are results of kind "fail"
// (level error at HIGH and CRITICAL, warning at MEDIUM and LOW, note at
// INFO); indeterminate ones are of kind "review", whose level must be
// "none" (SARIF §3.27.9). Suppressed findings keep their result and carry
// a suppression ("inSource" for an inline comment, "external" for the
// policy file) with status "accepted" and the reason as justification.
// Input errors are tool execution notifications.
func sarifReflect(w io.Writer, r *Report, opts SARIFOptions) error {
	paths, err := newPathMapper(opts.BaseDir, opts.WorkDir)
	if err != nil {
		return err
	}
	catalogue := opts.Rules
	if catalogue == nil {
		catalogue = rules.Catalogue()
	}
	driver := sarifDriver{Name: r.ToolName, Version: r.ToolVersion, InformationURI: ToolInformationURI, Rules: []sarifRule{}}
	if driver.Name == "" {
		driver.Name = "tfemrcheck"
	}
	index := map[string]int{}
	addRule := func(rule *rules.Rule) {
		if _, ok := index[rule.ID]; ok {
			return
		}
		index[rule.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}
	for _, rule := range catalogue {
		addRule(rule)
	}
	for _, f := range r.Findings {
		if _, ok := index[f.RuleID]; !ok {
			addRule(&rules.Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation})
		}
	}

	origins := newRefOriginIndex(evaluations(r))
	fingerprints := newFingerprinter()
	results := []sarifResult{}
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: index[f.RuleID],
			Kind:      "fail",
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: findingText(f)},
			Properties: sarifResultProps{
				Severity: f.Severity.String(), Status: string(f.Status), Remediation: f.Remediation,
			},
		}
		if f.Status != rules.Fail {
			res.Kind, res.Level = "review", "none"
		}
		primary := sarifLocation{PhysicalLocation: paths.physical(f.Location)}
		if primary.PhysicalLocation == nil && f.Input != "" && f.Input != "-" && !strings.HasSuffix(f.Input, "...") {
			// Several plans hold the same address: the finding's own.
			primary.PhysicalLocation = paths.fileOnly(f.Input)
		}
		if primary.PhysicalLocation == nil {
			if o := origins.lookup(f.RuleID, f.Address); o != "" {
				primary.PhysicalLocation = paths.fileOnly(o)
			}
		}
		if f.Address != "" {
			primary.LogicalLocations = []sarifLogicalLocation{resourceLocation(f.Address)}
		}
		if primary.PhysicalLocation != nil || primary.LogicalLocations != nil {
			res.Locations = []sarifLocation{primary}
		}
		for i, rel := range f.Related {
			id := i + 1
			loc := sarifLocation{ID: &id, PhysicalLocation: paths.physical(rel.Location)}
			if loc.PhysicalLocation == nil {
				if o := origins.anyRule(rel.Address); o != "" {
					loc.PhysicalLocation = paths.fileOnly(o)
				}
			}
			if rel.Address != "" {
				loc.LogicalLocations = []sarifLogicalLocation{resourceLocation(rel.Address)}
			}
			if rel.Message != "" {
				loc.Message = &sarifText{Text: rel.Message}
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		if sp := f.Suppressed; sp != nil {
			res.Suppressions = []sarifSuppression{sarifSuppressionOf(sp, paths)}
		}
		key := f.Address
		if key == "" && f.Location != nil {
			key = "file:" + paths.uri(f.Location.Filename)
		}
		if f.Root != "" || f.Input != "" {
			// Two roots sharing a module: same rule, address and file.
			key = "input:" + f.Input + "\x00root:" + f.Root + "\x00" + key
		}
		res.Properties.Root, res.Properties.Input = f.Root, f.Input
		res.PartialFingerprints = map[string]string{sarifFingerprint: fingerprints.next(f.RuleID, key)}
		results = append(results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		msg := e.Message
		if o := e.origin(); o != "" {
			msg += " (" + o + ")"
		}
		n := sarifNotification{Level: "error", Message: sarifText{Text: msg}}
		if e.File != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: paths.fileOnly(e.File)}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}

	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: driver},
			Invocations: []sarifInvocation{inv},
			ColumnKind:  "unicodeCodePoints",
			Results:     results,
			Properties:  withCoverage(sarifRunProperties(r), r.Checked),
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func sarifSuppressionOf(sp *rules.Suppression, paths *pathMapper) sarifSuppression {
	s := sarifSuppression{Kind: "external", Status: "accepted", Justification: sp.Reason}
	if sp.Kind == "inline" {
		s.Kind = "inSource"
	}
	if pl := paths.physical(sp.Location); pl != nil {
		s.Location = &sarifLocation{PhysicalLocation: pl}
	}
	if sp.Expires != "" || sp.Ticket != "" {
		s.Properties = &sarifSuppressionProp{Expires: sp.Expires, Ticket: sp.Ticket}
	}
	return s
}

func resourceLocation(address string) sarifLogicalLocation {
	return sarifLogicalLocation{Name: address, FullyQualifiedName: address, Kind: "resource"}
}

// evaluations is every pair of the report as one list: Evaluated, then
// each of Pairs (as the reports were built before Pairs).
func evaluations(r *Report) []check.Evaluation {
	evs := slices.Clone(r.Evaluated)
	for _, p := range r.Pairs {
		for e := range p.All() {
			evs = append(evs, e)
		}
	}
	return evs
}

// refOriginIndex finds the input a resource came from, for findings that
// have no source location.
type refOriginIndex struct {
	byPair    map[[2]string]string
	byAddress map[string]string
}

func newRefOriginIndex(evs []check.Evaluation) *refOriginIndex {
	ix := &refOriginIndex{byPair: map[[2]string]string{}, byAddress: map[string]string{}}
	for _, e := range evs {
		if e.Origin == "" {
			continue
		}
		k := [2]string{e.RuleID, e.Address}
		if _, ok := ix.byPair[k]; !ok {
			ix.byPair[k] = e.Origin
		}
		if _, ok := ix.byAddress[e.Address]; !ok && e.Address != "" {
			ix.byAddress[e.Address] = e.Origin
		}
	}
	return ix
}

func (ix *refOriginIndex) lookup(ruleID, address string) string {
	if o, ok := ix.byPair[[2]string{ruleID, address}]; ok {
		return o
	}
	if address == "" {
		return ""
	}
	return ix.byAddress[address]
}

func (ix *refOriginIndex) anyRule(address string) string {
	if address == "" {
		return ""
	}
	return ix.byAddress[address]
}
