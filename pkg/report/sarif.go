package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
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

// SARIF writes the report as a SARIF 2.1.0 log with one run, indented,
// with a final newline. Failing findings are results of kind "fail"
// (level error at HIGH and CRITICAL, warning at MEDIUM and LOW, note at
// INFO); indeterminate ones are of kind "review", whose level must be
// "none" (SARIF §3.27.9). Suppressed findings keep their result and carry
// a suppression ("inSource" for an inline comment, "external" for the
// policy file) with status "accepted" and the reason as justification.
// Input errors are tool execution notifications.
//
// The log is written as it is built, one result at a time, through a
// buffer, rather than marshalled whole: the log of a large plan is tens of
// megabytes. The bytes are exactly what encoding/json's Encoder with
// two-space indentation and without HTML escaping gives for the log as
// structs (sarifref_test.go checks it).
func SARIF(w io.Writer, r *Report, opts SARIFOptions) error {
	paths, err := newPathMapper(opts.BaseDir, opts.WorkDir)
	if err != nil {
		return err
	}
	catalogue := opts.Rules
	if catalogue == nil {
		catalogue = rules.Catalogue()
	}
	driverRules := []sarifRule{}
	index := map[string]int{}
	addRule := func(rule *rules.Rule) {
		if _, ok := index[rule.ID]; ok {
			return
		}
		index[rule.ID] = len(driverRules)
		driverRules = append(driverRules, sarifRuleOf(rule))
	}
	for _, rule := range catalogue {
		addRule(rule)
	}
	for _, f := range r.Findings {
		if _, ok := index[f.RuleID]; !ok {
			addRule(&rules.Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation})
		}
	}
	name := r.ToolName
	if name == "" {
		name = "tfemrcheck"
	}

	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	log := jw.object(1)
	log.str("$schema", sarifSchema)
	log.str("version", sarifVersion)
	log.key("runs")
	runs := jw.array(2)
	runs.elem()
	run := jw.object(3)
	run.key("tool")
	tool := jw.object(4)
	tool.key("driver")
	driver := jw.object(5)
	driver.str("name", name)
	if r.ToolVersion != "" {
		driver.str("version", r.ToolVersion)
	}
	driver.str("informationUri", ToolInformationURI)
	driver.key("rules")
	if err := jw.encoded(5, driverRules); err != nil {
		return err
	}
	driver.end()
	tool.end()
	run.key("invocations")
	if err := jw.encoded(3, []sarifInvocation{sarifInvocationOf(r, paths)}); err != nil {
		return err
	}
	run.str("columnKind", "unicodeCodePoints")

	run.key("results")
	results := jw.array(4)
	sw := sarifResultWriter{jw: jw, paths: paths, index: index, origins: newOriginIndex(r), fingerprints: newFingerprinter()}
	for i := range r.Findings {
		results.elem()
		sw.result(&r.Findings[i])
		if len(jw.buf) >= 32<<10 {
			jw.spill()
		}
	}
	results.end()
	if props := withCoverage(sarifRunProperties(r), r.Checked); props != nil {
		run.key("properties")
		if err := jw.encoded(3, props); err != nil {
			return err
		}
	}
	run.end()
	runs.end()
	log.end()
	jw.raw("\n")
	return jw.flush()
}

// sarifInvocationOf is the run's invocation: whether it succeeded, and
// the input errors as notifications.
func sarifInvocationOf(r *Report, paths *pathMapper) sarifInvocation {
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
	return inv
}

// sarifResultWriter writes the results of a log, one finding at a time.
type sarifResultWriter struct {
	jw           *jsonWriter
	paths        *pathMapper
	index        map[string]int
	origins      *originIndex
	fingerprints *fingerprinter
}

// Nesting levels of a result's members: the log's runs[0].results[i].
const sarifResultLevel = 5

// result writes the result of one finding, from its opening brace on.
func (sw *sarifResultWriter) result(f *rules.Finding) {
	jw, paths := sw.jw, sw.paths
	const l = sarifResultLevel
	res := jw.object(l)
	res.str("ruleId", f.RuleID)
	res.num("ruleIndex", sw.index[f.RuleID])
	if f.Status != rules.Fail {
		res.str("kind", "review")
		res.str("level", "none")
	} else {
		res.str("kind", "fail")
		res.str("level", sarifLevel(f.Severity))
	}
	res.key("message")
	jw.text(l+1, findingText(*f))

	primary := paths.physical(f.Location)
	if primary == nil && f.Input != "" && f.Input != "-" && !strings.HasSuffix(f.Input, "...") {
		// Several plans hold the same address: the finding's own.
		primary = paths.fileOnly(f.Input)
	}
	if primary == nil {
		if o := sw.origins.lookup(f.RuleID, f.Address); o != "" {
			primary = paths.fileOnly(o)
		}
	}
	if primary != nil || f.Address != "" {
		res.key("locations")
		locs := jw.array(l + 1)
		locs.elem()
		jw.sarifLocation(l+2, 0, primary, f.Address, "")
		locs.end()
	}
	if len(f.Related) > 0 {
		res.key("relatedLocations")
		locs := jw.array(l + 1)
		for i := range f.Related {
			rel := &f.Related[i]
			pl := paths.physical(rel.Location)
			if pl == nil {
				if o := sw.origins.anyRule(rel.Address); o != "" {
					pl = paths.fileOnly(o)
				}
			}
			locs.elem()
			jw.sarifLocation(l+2, i+1, pl, rel.Address, rel.Message)
		}
		locs.end()
	}
	if sp := f.Suppressed; sp != nil {
		res.key("suppressions")
		sps := jw.array(l + 1)
		sps.elem()
		s := jw.object(l + 2)
		if sp.Kind == "inline" {
			s.str("kind", "inSource")
		} else {
			s.str("kind", "external")
		}
		s.str("status", "accepted")
		s.str("justification", sp.Reason)
		if pl := paths.physical(sp.Location); pl != nil {
			s.key("location")
			jw.sarifLocation(l+3, 0, pl, "", "")
		}
		if sp.Expires != "" || sp.Ticket != "" {
			s.key("properties")
			p := jw.object(l + 3)
			if sp.Expires != "" {
				p.str("expires", sp.Expires)
			}
			if sp.Ticket != "" {
				p.str("ticket", sp.Ticket)
			}
			p.end()
		}
		s.end()
		sps.end()
	}
	key := f.Address
	if key == "" && f.Location != nil {
		key = "file:" + paths.uri(f.Location.Filename)
	}
	if f.Root != "" || f.Input != "" {
		// Two roots sharing a module: same rule, address and file.
		key = "input:" + f.Input + "\x00root:" + f.Root + "\x00" + key
	}
	res.key("partialFingerprints")
	fp := jw.object(l + 1)
	fp.str(sarifFingerprint, sw.fingerprints.next(f.RuleID, key))
	fp.end()
	res.key("properties")
	p := jw.object(l + 1)
	p.str("severity", f.Severity.String())
	p.str("status", string(f.Status))
	if f.Remediation != "" {
		p.str("remediation", f.Remediation)
	}
	if f.Root != "" {
		p.str("root", f.Root)
	}
	if f.Input != "" {
		p.str("input", f.Input)
	}
	p.end()
	res.end()
}

// text writes a SARIF message object {"text": s} whose member sits at
// nesting level.
func (jw *jsonWriter) text(level int, s string) {
	o := jw.object(level)
	o.str("text", s)
	o.end()
}

// sarifLocation writes a location object whose members sit at nesting
// level: its id when not 0, its physical location when not nil, the
// resource as its logical location when address is not "", and its
// message when not "".
func (jw *jsonWriter) sarifLocation(level, id int, pl *sarifPhysicalLocation, address, message string) {
	loc := jw.object(level)
	if id != 0 {
		loc.num("id", id)
	}
	if pl != nil {
		loc.key("physicalLocation")
		phys := jw.object(level + 1)
		phys.key("artifactLocation")
		art := jw.object(level + 2)
		art.str("uri", pl.ArtifactLocation.URI)
		if pl.ArtifactLocation.URIBaseID != "" {
			art.str("uriBaseId", pl.ArtifactLocation.URIBaseID)
		}
		art.end()
		if reg := pl.Region; reg != nil {
			phys.key("region")
			o := jw.object(level + 2)
			o.num("startLine", reg.StartLine)
			if reg.StartColumn != 0 {
				o.num("startColumn", reg.StartColumn)
			}
			if reg.EndLine != 0 {
				o.num("endLine", reg.EndLine)
			}
			if reg.EndColumn != 0 {
				o.num("endColumn", reg.EndColumn)
			}
			o.end()
		}
		phys.end()
	}
	if address != "" {
		loc.key("logicalLocations")
		ll := jw.array(level + 1)
		ll.elem()
		o := jw.object(level + 2)
		o.str("name", address)
		o.str("fullyQualifiedName", address)
		o.str("kind", "resource")
		o.end()
		ll.end()
	}
	if message != "" {
		loc.key("message")
		jw.text(level+1, message)
	}
	loc.end()
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
	buf  []byte
}

func newFingerprinter() *fingerprinter { return &fingerprinter{seen: map[string]int{}} }

func (fp *fingerprinter) next(ruleID, key string) string {
	k := ruleID + "\x00" + key
	n := fp.seen[k]
	fp.seen[k]++
	// The hash of "k\x00n".
	fp.buf = strconv.AppendInt(append(append(fp.buf[:0], k...), 0), int64(n), 10)
	sum := sha256.Sum256(fp.buf)
	return hex.EncodeToString(sum[:16])
}

// originIndex finds the input a resource came from, for findings that
// have no source location: the origin of the first pair checked of the
// finding's rule and address, else of the first pair of its address.
type originIndex struct {
	// listed indexes Report.Evaluated.
	byPair    map[[2]string]string
	byAddress map[string]string
	pairs     []*check.Pairs
}

func newOriginIndex(r *Report) *originIndex {
	ix := &originIndex{pairs: r.Pairs}
	if len(r.Evaluated) == 0 {
		return ix
	}
	ix.byPair, ix.byAddress = map[[2]string]string{}, map[string]string{}
	for _, e := range r.Evaluated {
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
	for _, p := range ix.pairs {
		if o, ok := p.First(ruleID, address, true); ok {
			return o
		}
	}
	return ix.anyRule(address)
}

func (ix *originIndex) anyRule(address string) string {
	if address == "" {
		return ""
	}
	if o, ok := ix.byAddress[address]; ok {
		return o
	}
	for _, p := range ix.pairs {
		if o, ok := p.FirstOfAddress(address); ok {
			return o
		}
	}
	return ""
}

// pathMapper turns file names into artifact URIs relative to the base
// directory.
type pathMapper struct {
	work, base string
	// last is the last file mapped, and its artifact: findings come in
	// runs of the same file.
	last     string
	lastArt  sarifArtifactLocation
	lastUsed bool
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
	if p.lastUsed && name == p.last {
		return p.lastArt
	}
	a := p.mapArtifact(name)
	p.last, p.lastArt, p.lastUsed = name, a, true
	return a
}

func (p *pathMapper) mapArtifact(name string) sarifArtifactLocation {
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
