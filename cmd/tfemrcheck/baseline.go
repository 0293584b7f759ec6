package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/regularfile"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// A baseline accepts the findings of a day (--write-baseline FILE) so
// that later runs (--baseline FILE) fail only on new ones, as checkov's
// and trivy's do. An entry is keyed by rule, address and a fingerprint of
// what is wrong (rule, address or file, status, message with any
// line:column taken out): it survives the code moving within its file,
// not a change of what is at fault. A baselined finding is reported as
// suppressed (kind "baseline", never failing), like an exception; an
// entry that matches nothing is a note (the finding was fixed: write the
// baseline again).
//
// The baseline is trusted input, like the policy file: take it from the
// protected branch, never from the pull request being checked.

// baselineVersion is the version of the baseline file's format.
const baselineVersion = 1

// maxBaselineSize bounds the baseline file read.
const maxBaselineSize = 64 << 20

type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	RuleID      string `json:"rule_id"`
	Address     string `json:"address"`
	Fingerprint string `json:"fingerprint"`
	// For people reading the file; not part of the key.
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Message  string `json:"message"`
}

func (b baselineEntry) key() string { return b.RuleID + "\x00" + b.Address + "\x00" + b.Fingerprint }

// positions are line:column references in messages ("main.tf:12:3",
// "line 12"), which move with the code.
var positions = regexp.MustCompile(`:\d+(:\d+)?\b|\blines? \d+(, column \d+)?`)

// fingerprint is the stable hash of what a finding says is wrong.
func fingerprint(f rules.Finding) string {
	where := f.Address
	if where == "" && f.Location != nil {
		where = "file:" + filepath.ToSlash(f.Location.Filename)
	}
	msg := positions.ReplaceAllString(f.Message, "")
	sum := sha256.Sum256([]byte(strings.Join([]string{f.RuleID, where, string(f.Status), f.Engine, msg}, "\x00")))
	return hex.EncodeToString(sum[:12])
}

func baselineEntryOf(f rules.Finding) baselineEntry {
	return baselineEntry{RuleID: f.RuleID, Address: f.Address, Fingerprint: fingerprint(f),
		Severity: f.Severity.String(), Status: string(f.Status), Message: f.Message}
}

// baselined reports whether a finding belongs in a baseline: failing or
// indeterminate, not accepted otherwise already.
func baselined(f rules.Finding) bool {
	return f.Suppressed == nil && (f.Status == rules.Fail || f.Status == rules.Indeterminate)
}

// writeBaseline writes the findings of rep to path. A run with input
// errors has not seen every finding: no baseline is written from it.
func writeBaseline(path string, rep *report.Report) (*baselineFile, error) {
	if len(rep.Errors) > 0 {
		return nil, fmt.Errorf("--write-baseline %s: not written: %d input error(s), so the run did not see every finding", path, len(rep.Errors))
	}
	b := baselineFile{Version: baselineVersion, Tool: "tfemrcheck", Findings: []baselineEntry{}}
	for _, f := range rep.Findings {
		if baselined(f) {
			b.Findings = append(b.Findings, baselineEntryOf(f))
		}
	}
	sort.SliceStable(b.Findings, func(i, j int) bool { return b.Findings[i].key() < b.Findings[j].key() })
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("--write-baseline %s", errorMessage(path, err))
	}
	return &b, nil
}

// readBaseline reads a baseline file.
func readBaseline(path string) (*baselineFile, error) {
	data, err := regularfile.Read(path, maxBaselineSize)
	if err != nil {
		return nil, fmt.Errorf("%s", errorMessage(path, err))
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a tfemrcheck baseline: %v", path, err)
	}
	if b.Version != baselineVersion || b.Tool != "tfemrcheck" {
		return nil, fmt.Errorf("%s: not a tfemrcheck baseline of version %d (write one with --write-baseline)", path, baselineVersion)
	}
	return &b, nil
}

// applyBaseline marks the findings the baseline lists as suppressed
// (each entry accepts one finding), and returns a note for the entries
// that matched nothing.
func applyBaseline(fs []rules.Finding, b *baselineFile, path string) []model.Note {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.key()]++
	}
	for i := range fs {
		if !baselined(fs[i]) {
			continue
		}
		k := baselineEntryOf(fs[i]).key()
		if left[k] == 0 {
			continue
		}
		left[k]--
		fs[i].Suppressed = &rules.Suppression{Kind: "baseline",
			Reason: "accepted in the baseline " + path + " (a finding present when it was written)"}
	}
	stale := 0
	for _, n := range left {
		stale += n
	}
	if stale == 0 {
		return nil
	}
	what := fmt.Sprintf("%d baseline entries match", stale)
	if stale == 1 {
		what = "1 baseline entry matches"
	}
	return []model.Note{{Message: fmt.Sprintf("%s: %s no finding any more (fixed, or changed: a changed finding is new); "+
		"write the baseline again with --write-baseline to drop them", path, what)}}
}
