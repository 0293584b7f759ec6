package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/tfemrcheck/tfemrcheck/pkg/ruledoc"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// ruleJSON is one entry of `tfemrcheck rules --format json`.
type ruleJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Targets     []string `json:"targets"`
	Rationale   string   `json:"rationale"`
	Remediation string   `json:"remediation"`
	DocURL      string   `json:"doc_url"`
}

// listRules prints the catalogue.
func listRules(args []string, e env) int {
	fs := flag.NewFlagSet("tfemrcheck rules", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintf(e.stderr, "tfemrcheck: usage: tfemrcheck rules [--format text|json]\n")
		return exitError
	}
	cat := rules.Catalogue()
	if *format == "json" {
		out := []ruleJSON{}
		for _, r := range cat {
			out = append(out, ruleJSON{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Targets: r.TargetTypes(),
				Rationale: r.Rationale, Remediation: r.Remediation, DocURL: r.DocURL()})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return exitError
		}
		return exitOK
	}
	for _, r := range cat {
		fmt.Fprintf(e.stdout, "%-12s %-8s %s\n", r.ID, r.Severity, r.Title)
	}
	return exitOK
}

// explain prints one rule's documentation.
func explain(args []string, e env) int {
	if len(args) != 1 {
		fmt.Fprintf(e.stderr, "tfemrcheck: usage: tfemrcheck explain RULE-ID\n")
		return exitError
	}
	r := rules.ByID(args[0])
	if r == nil {
		fmt.Fprintf(e.stderr, "tfemrcheck: unknown rule %q (see tfemrcheck rules)\n", args[0])
		return exitError
	}
	fmt.Fprint(e.stdout, ruledoc.Text(r))
	return exitOK
}
