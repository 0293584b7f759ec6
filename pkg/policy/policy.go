// Package policy reads the organisation's policy file, .tfemrcheck.hcl:
// which rules run and at what severity, the default severity threshold,
// the organisation parameters of the catalogue, and governed exceptions
// (rule id + resource address pattern + mandatory reason + optional expiry
// and ticket).
//
// The file is HCL, decoded with a strict schema: an unknown argument or
// block is an error with its file and line.
//
//	severity_threshold = "HIGH"
//
//	rule "EMR-SC-005" {
//	  enabled  = true
//	  severity = "LOW"
//	}
//
//	parameters {
//	  allowed_kms_keys                 = ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]
//	  minimum_release_label            = "emr-6.15.0"
//	  allow_sse_s3                     = false
//	  max_imds_hop_limit               = 1
//	  allowed_custom_amis              = ["ami-0123456789abcdef0"]
//	  max_certificate_validity_days    = 397
//	  approved_security_configurations = ["org-baseline"]
//	  bpa_no_permitted_ranges          = false
//	  studio_require_sso               = true
//	}
//
//	exception {
//	  rule    = "EMR-SC-005"
//	  address = "module.legacy.*"
//	  reason  = "legacy buckets are SSE-S3 until the migration"
//	  expires = "2027-03-31"
//	  ticket  = "SEC-123"
//	}
package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/tfemrcheck/tfemrcheck/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/internal/regularfile"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// FileName is the name Find looks for.
const FileName = ".tfemrcheck.hcl"

// Policy is a decoded policy file.
type Policy struct {
	// File is the path the policy was loaded from.
	File string
	// SeverityThreshold is the default for --severity-threshold; nil when
	// the file does not set it.
	SeverityThreshold *rules.Severity
	// Rules holds the rule blocks by rule id.
	Rules map[string]RuleSetting
	// Params are the organisation parameters: rules.Defaults() with the
	// parameters block's arguments applied.
	Params rules.Params
	// Exceptions in file order.
	Exceptions []Exception
}

// RuleSetting is one `rule "ID" { ... }` block.
type RuleSetting struct {
	// Enabled is false when the block says enabled = false (default true).
	Enabled bool
	// Severity overrides the rule's severity; nil keeps it.
	Severity *rules.Severity
	// Range is the block's header.
	Range model.Range
}

// Exception accepts the findings of one rule on the resources whose
// address matches a pattern.
type Exception struct {
	// Rule is the rule id.
	Rule string
	// Address is the resource address pattern: `*` matches any run of
	// characters (dots and brackets included); everything else matches
	// itself.
	Address string
	// Reason is mandatory and non-empty.
	Reason string
	// Expires is "" or a YYYY-MM-DD date; the exception holds through that
	// day.
	Expires string
	// Ticket is an optional tracking reference.
	Ticket string
	// Range is the whole exception block.
	Range model.Range
}

// Find looks for .tfemrcheck.hcl in startDir and then in each parent
// directory up to the filesystem root (it does not stop at a repository
// root). It returns the path of the first regular file found, made from the
// absolute form of startDir.
func Find(startDir string) (path string, found bool) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// MaxFileBytes bounds the policy file: a real one is a few kilobytes.
const MaxFileBytes = 1 << 20

// Load reads and decodes the policy file at path. The policy is never nil
// and holds whatever could be decoded; when diags.HasErrors() the caller
// must not use it.
func Load(path string) (*Policy, hcl.Diagnostics) {
	p := New()
	p.File = path
	src, err := regularfile.Read(path, MaxFileBytes)
	if err != nil {
		return p, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read policy file",
			Detail:   fmt.Sprintf("reading policy file %q: %v", path, err),
		}}
	}
	diags := p.decodeSource(src, path)
	return p, diags
}

// Parse decodes policy source text; filename is used in ranges and
// diagnostics.
func Parse(src []byte, filename string) (*Policy, hcl.Diagnostics) {
	p := New()
	p.File = filename
	return p, p.decodeSource(src, filename)
}

// New returns the policy used without a policy file: every rule enabled at
// its own severity, default parameters, no exceptions.
func New() *Policy {
	return &Policy{Rules: map[string]RuleSetting{}, Params: rules.Defaults()}
}

func (p *Policy) decodeSource(src []byte, filename string) hcl.Diagnostics {
	if err := nesting.CheckHCL(src); err != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Nesting too deep",
			Detail:  fmt.Sprintf("The policy file %q %s.", filename, err),
			Subject: &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	f, diags := hclparse.NewParser().ParseHCL(src, filename)
	if diags.HasErrors() || f == nil {
		return diags
	}
	diags = append(diags, p.decode(f.Body)...)
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
	return diags
}

func toRange(r hcl.Range) model.Range {
	return model.Range{
		Filename: r.Filename,
		Start:    model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}
