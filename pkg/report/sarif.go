package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/).
// Notes on what GitHub code scanning does with it:
//   - every result needs a physical location with an artifact URI, or
//     the whole file is rejected ("expected at least one location"), so a
//     plan-only finding points at line 1 of the plan file it came from
//     (its origin, from Report.Evaluated; GitHub also wants a
//     region.startLine) and carries the resource address as a logical
//     location;
//   - properties.security-severity on a rule ("9.5" …) and the
//     "security" tag make the alert a security alert with that severity;
//   - partialFingerprints keep alerts stable across runs.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifSrcRoot is the uriBaseId of repository-relative artifact URIs.
	sarifSrcRoot = "%SRCROOT%"
	// sarifFingerprint names the partial fingerprint (versioned, so the
	// hash input can change without matching old alerts wrongly).
	sarifFingerprint = "tfemrcheckFindingHash/v1"
	// ToolInformationURI is the tool's home page.
	ToolInformationURI = "https://github.com/tfemrcheck/tfemrcheck"
)

// SARIFOptions control the SARIF format.
type SARIFOptions struct {
	// BaseDir is the repository root: artifact URIs of files under it are
	// relative to it, with uriBaseId "%SRCROOT%". A relative BaseDir is
	// taken relative to WorkDir; "" means WorkDir.
	BaseDir string
	// WorkDir is the directory relative file names in findings are
	// relative to (the process's working directory when "").
	WorkDir string
	// Rules is the catalogue listed in tool.driver.rules; nil means
	// rules.Catalogue(). Rules of findings that are not in it are added
	// from the findings' own id, title and severity.
	Rules []*rules.Rule
}

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

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      *sarifText         `json:"fullDescription,omitempty"`
	Help                 *sarifHelp         `json:"help,omitempty"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	SecuritySeverity string   `json:"security-severity"`
	Severity         string   `json:"severity"`
	Tags             []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
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

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
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

// SARIF writes the report as a SARIF 2.1.0 log with one run, indented,
// with a final newline. Failing findings are results of kind "fail"
// (level error at HIGH and CRITICAL, warning at MEDIUM and LOW, note at
// INFO); indeterminate ones are of kind "review", whose level must be
// "none" (SARIF §3.27.9). Suppressed findings keep their result and carry
// a suppression ("inSource" for an inline comment, "external" for the
// policy file) with status "accepted" and the reason as justification.
// Input errors are tool execution notifications.
func SARIF(w io.Writer, r *Report, opts SARIFOptions) error {
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

	origins := newOriginIndex(r.Evaluated)
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

func sarifRuleOf(rule *rules.Rule) sarifRule {
	sr := sarifRule{
		ID:                   rule.ID,
		Name:                 pascalName(rule.Title, rule.ID),
		ShortDescription:     sarifText{Text: rule.Title},
		HelpURI:              rule.DocURL(),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties: sarifRuleProps{
			SecuritySeverity: securitySeverity(rule.Severity),
			Severity:         rule.Severity.String(),
			Tags:             []string{"security", "terraform", "emr"},
		},
	}
	if rule.Rationale != "" {
		sr.FullDescription = &sarifText{Text: rule.Rationale}
	}
	text := "Documentation: " + rule.DocURL()
	md := fmt.Sprintf("[%s documentation](%s)", rule.ID, rule.DocURL())
	if rule.Remediation != "" {
		text = "How to fix: " + rule.Remediation + "\n\n" + text
		md = "**How to fix:** " + rule.Remediation + "\n\n" + md
	}
	sr.Help = &sarifHelp{Text: text, Markdown: md}
	return sr
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

// findingText is the one-line message of a finding, led by its resource
// and, when the run has several roots or inputs, where it came from.
func findingText(f rules.Finding) string {
	lead := f.Address
	if o := Origin(f.Root, f.Input); o != "" {
		if lead == "" {
			lead = "(" + o + ")"
		} else {
			lead += " (" + o + ")"
		}
	}
	if lead == "" {
		return f.Message
	}
	return lead + ": " + f.Message
}

// sarifLevel maps a severity onto SARIF's levels (§3.27.10): error,
// warning, note.
func sarifLevel(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s >= rules.Low:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric security severity: over 9.0 is
// critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
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

// pascalName turns a title into a rule name such as
// "SecurityConfigurationDoesNotUseSSEC"; the id when the title has no
// letters.
func pascalName(title, id string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(word)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	if b.Len() == 0 {
		return strings.ReplaceAll(id, "-", "")
	}
	return b.String()
}

// fingerprinter hashes rule id and resource key, numbering repeats of the
// same pair in report order so each result keeps a distinct, stable
// fingerprint that does not depend on the message or the line.
type fingerprinter struct {
	seen map[string]int
}

func newFingerprinter() *fingerprinter { return &fingerprinter{seen: map[string]int{}} }

func (fp *fingerprinter) next(ruleID, key string) string {
	k := ruleID + "\x00" + key
	n := fp.seen[k]
	fp.seen[k]++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", k, n)))
	return hex.EncodeToString(sum[:16])
}

// originIndex finds the input a resource came from, for findings that
// have no source location.
type originIndex struct {
	byPair    map[[2]string]string
	byAddress map[string]string
}

func newOriginIndex(evs []check.Evaluation) *originIndex {
	ix := &originIndex{byPair: map[[2]string]string{}, byAddress: map[string]string{}}
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

func (ix *originIndex) lookup(ruleID, address string) string {
	if o, ok := ix.byPair[[2]string{ruleID, address}]; ok {
		return o
	}
	if address == "" {
		return ""
	}
	return ix.byAddress[address]
}

func (ix *originIndex) anyRule(address string) string {
	if address == "" {
		return ""
	}
	return ix.byAddress[address]
}

// pathMapper turns file names into artifact URIs relative to the base
// directory.
type pathMapper struct {
	work, base string
}

func newPathMapper(base, work string) (*pathMapper, error) {
	if work == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("finding the working directory for sarif paths: %w", err)
		}
		work = wd
	}
	if base == "" {
		base = work
	} else if !filepath.IsAbs(base) {
		base = filepath.Join(work, base)
	}
	return &pathMapper{work: filepath.Clean(work), base: filepath.Clean(base)}, nil
}

// artifact returns the URI of a file and its uriBaseId ("" when the file
// lies outside the base directory and the URI is absolute).
func (p *pathMapper) artifact(name string) sarifArtifactLocation {
	abs := name
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(p.work, name)
	}
	abs = filepath.Clean(abs)
	if rel, err := filepath.Rel(p.base, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		u := url.URL{Path: filepath.ToSlash(rel)}
		return sarifArtifactLocation{URI: u.String(), URIBaseID: sarifSrcRoot}
	}
	slashed := filepath.ToSlash(abs)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // Windows drive letter
	}
	u := url.URL{Scheme: "file", Path: slashed}
	return sarifArtifactLocation{URI: u.String()}
}

func (p *pathMapper) uri(name string) string { return p.artifact(name).URI }

func (p *pathMapper) physical(r *model.Range) *sarifPhysicalLocation {
	if r == nil || r.Filename == "" {
		return nil
	}
	pl := &sarifPhysicalLocation{ArtifactLocation: p.artifact(r.Filename)}
	if r.Start.Line > 0 {
		reg := &sarifRegion{StartLine: r.Start.Line}
		if r.Start.Column > 0 {
			reg.StartColumn = r.Start.Column
		}
		if r.End.Line >= r.Start.Line && r.End.Line > 0 {
			reg.EndLine = r.End.Line
			if r.End.Column > 0 && (r.End.Line > r.Start.Line || r.End.Column > r.Start.Column) {
				reg.EndColumn = r.End.Column
			}
		}
		pl.Region = reg
	}
	return pl
}

// fileOnly points at a whole file, by its first line: GitHub code
// scanning needs region.startLine on every result location.
func (p *pathMapper) fileOnly(name string) *sarifPhysicalLocation {
	return &sarifPhysicalLocation{ArtifactLocation: p.artifact(name), Region: &sarifRegion{StartLine: 1}}
}
