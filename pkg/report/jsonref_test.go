package report

// This file holds the reference implementation for json_test.go.

import (
	"encoding/json"
	"io"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Policy   *jsonPolicy   `json:"policy,omitempty"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
	Notes    []jsonNote    `json:"notes"`
	Summary  Summary       `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	RuleID      string        `json:"rule_id"`
	Title       string        `json:"title"`
	Severity    string        `json:"severity"`
	Status      string        `json:"status"`
	Address     string        `json:"address"`
	Message     string        `json:"message"`
	Remediation string        `json:"remediation"`
	Location    *jsonLocation `json:"location"`
	Related     []jsonRelated `json:"related"`
	Suppression *jsonSuppress `json:"suppression"`
}

type jsonSuppress struct {
	Kind     string        `json:"kind"`
	Reason   string        `json:"reason"`
	Expires  string        `json:"expires,omitempty"`
	Ticket   string        `json:"ticket,omitempty"`
	Location *jsonLocation `json:"location"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonRelated struct {
	Address  string        `json:"address"`
	Message  string        `json:"message"`
	Location *jsonLocation `json:"location"`
}

type jsonNote struct {
	Address  string        `json:"address"`
	Message  string        `json:"message"`
	Location *jsonLocation `json:"location"`
}

type jsonError struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

func location(r *model.Range) *jsonLocation {
	if r == nil {
		return nil
	}
	return &jsonLocation{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// jsonReflect is the former encoding/json implementation of JSON, kept as
// the reference that JSON must match byte for byte.
func jsonReflect(w io.Writer, r *Report) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: r.ToolName, Version: r.ToolVersion},
		Findings: []jsonFinding{},
		Errors:   []jsonError{},
		Notes:    []jsonNote{},
		Summary:  r.Summarize(),
		Policy:   policyObject(r),
	}
	for _, f := range r.Findings {
		jf := jsonFinding{
			RuleID: f.RuleID, Title: f.Title, Severity: f.Severity.String(), Status: string(f.Status),
			Address: f.Address, Message: f.Message, Remediation: f.Remediation,
			Location: location(f.Location), Related: []jsonRelated{},
		}
		if sp := f.Suppressed; sp != nil {
			jf.Suppression = &jsonSuppress{Kind: sp.Kind, Reason: sp.Reason, Expires: sp.Expires, Ticket: sp.Ticket, Location: location(sp.Location)}
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{Address: rel.Address, Message: rel.Message, Location: location(rel.Location)})
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonError{File: e.File, Message: e.Message})
	}
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, jsonNote{Address: n.Address, Message: n.Message, Location: location(n.Range)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
