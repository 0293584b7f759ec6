package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/ruledoc"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const rulesUsage = `usage: tfemrcheck rules [--format text|json] [--severity LEVEL,...] [TEXT...]

Lists the rule catalogue: id, severity and title, one rule a line.

Flags:
  --format FORMAT   text (default) or json (id, title, severity, targets,
                    rationale, remediation and doc_url of each rule)
  -f FORMAT         the same as --format
  --severity LEVEL  only rules of these severities (comma-separated or
                    repeated): --severity HIGH,CRITICAL
  --help            show this help

TEXT keeps the rules whose id, title, rationale or remediation holds every
word given, in any case: 'tfemrcheck rules kerberos', 'tfemrcheck rules sc-0'.

'tfemrcheck explain RULE-ID' prints one rule's full documentation.
`

const explainUsage = `usage: tfemrcheck explain RULE-ID...

Prints a rule's documentation: what it checks and why, a failing and a
passing example, and how to fix it. Rule ids may be written in any case
(EMR-SC-001 or emr-sc-001).

'tfemrcheck rules' lists every rule id.
`

// helpTopics are the commands 'tfemrcheck help TOPIC' knows.
var helpTopics = map[string]string{
	"rules":   rulesUsage,
	"explain": explainUsage,
	"serve":   serveUsage,
	"module":  moduleUsage,
	"version": versionUsage,
}

// help prints the usage, or a command's with a topic.
func help(args []string, e env) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(e.stdout, usage)
		return exitOK
	case len(args) > 1:
		return printUsageError(e.stderr, &usageError{msg: "help takes one topic at most"})
	}
	topic := strings.ToLower(args[0])
	if text, ok := helpTopics[topic]; ok {
		fmt.Fprint(e.stdout, text)
		return exitOK
	}
	topics := make([]string, 0, len(helpTopics))
	for t := range helpTopics {
		topics = append(topics, t)
	}
	slices.Sort(topics)
	return printUsageError(e.stderr, &usageError{msg: fmt.Sprintf("no help topic %q%s (topics: %s)",
		args[0], didYouMean(topic, topics, ""), strings.Join(topics, ", "))})
}

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
	fs.StringVar(format, "f", "text", "")
	var sevs listFlag
	fs.Var(ruleList{&sevs}, "severity", "")
	var helpFlag bool
	fs.BoolVar(&helpFlag, "help", false, "")
	fs.BoolVar(&helpFlag, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return printUsageError(e.stderr, flagError(err, fs, "tfemrcheck rules"))
	}
	if helpFlag {
		fmt.Fprint(e.stdout, rulesUsage)
		return exitOK
	}
	words := fs.Args()
	for _, w := range words {
		if strings.HasPrefix(w, "-") {
			return printUsageError(e.stderr, &usageError{msg: fmt.Sprintf("flags come before the search text, got %q", w), help: "tfemrcheck rules"})
		}
	}
	want := map[rules.Severity]bool{}
	for _, s := range sevs {
		sev, err := rules.ParseSeverity(s)
		if err != nil {
			return printUsageError(e.stderr, &usageError{msg: "--severity: " + err.Error(), help: "tfemrcheck rules"})
		}
		want[sev] = true
	}
	switch *format = strings.ToLower(*format); *format {
	case "text", "json":
	default:
		return printUsageError(e.stderr, &usageError{msg: fmt.Sprintf("unknown format %q for rules --format%s (want text or json)",
			*format, didYouMean(*format, []string{"text", "json"}, "")), help: "tfemrcheck rules"})
	}
	cat := filterRules(rules.Catalogue(), want, words)
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
	if len(cat) == 0 {
		fmt.Fprintln(e.stderr, "No rule matches.")
	}
	return exitOK
}

// filterRules keeps the rules of the severities in sevs (all when empty)
// whose text holds every word, ignoring case.
func filterRules(all []*rules.Rule, sevs map[rules.Severity]bool, words []string) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range all {
		if len(sevs) > 0 && !sevs[r.Severity] {
			continue
		}
		text := strings.ToLower(strings.Join([]string{r.ID, r.Title, r.Rationale, r.Remediation}, "\n"))
		match := true
		for _, w := range words {
			if !strings.Contains(text, strings.ToLower(w)) {
				match = false
				break
			}
		}
		if match {
			out = append(out, r)
		}
	}
	return out
}

// explain prints the documentation of the rules named; ids are matched
// without regard to case.
func explain(args []string, e env) int {
	var ids []string
	for _, a := range args {
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			fmt.Fprint(e.stdout, explainUsage)
			return exitOK
		case strings.HasPrefix(a, "-") && a != "-":
			return printUsageError(e.stderr, &usageError{msg: "unknown flag " + a + " (explain takes rule ids only)", help: "tfemrcheck explain"})
		}
		ids = append(ids, a)
	}
	if len(ids) == 0 {
		return printUsageError(e.stderr, &usageError{msg: "explain needs a rule id, e.g. 'tfemrcheck explain EMR-SC-001'", help: "tfemrcheck explain"})
	}
	var found []*rules.Rule
	for _, id := range ids {
		r := rules.ByID(strings.ToUpper(id))
		if r == nil {
			var known []string
			for _, r := range rules.Catalogue() {
				known = append(known, r.ID)
			}
			fmt.Fprintf(e.stderr, "Error: unknown rule %q%s\nRun 'tfemrcheck rules' for the list.\n",
				id, didYouMean(strings.ToUpper(id), known, ""))
			return exitError
		}
		found = append(found, r)
	}
	for i, r := range found {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprint(e.stdout, ruledoc.Text(r))
	}
	return exitOK
}
