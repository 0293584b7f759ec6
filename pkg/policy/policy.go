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
//	inline_suppressions              = true
//	inline_suppressions_max_severity = "MEDIUM"
//	max_exception_days               = 90
//
//	exclude_roots = ["modules/**", "examples/*"]
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
//	  root    = "envs/staging"   # optional: DIR/... roots (glob)
//	  reason  = "legacy buckets are SSE-S3 until the migration"
//	  expires = "2027-03-31"
//	  ticket  = "SEC-123"
//	}
package policy

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// FileName is the name Discover looks for.
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

	// Inline says which tfemrcheck:ignore comments the policy honours.
	Inline InlinePolicy
	// MaxExceptionDays caps how far after the day of the scan an
	// exception or inline suppression may expire; 0 means no cap. With a
	// cap, every exception and suppression must have an expiry date.
	MaxExceptionDays int
	// MaxExceptionDaysRange is where the file sets MaxExceptionDays.
	MaxExceptionDaysRange model.Range
	// ExcludeRoots are the path globs (doublestar syntax, relative to the
	// directory of DIR/..., slash-separated) of the root directories that
	// DIR/... does not check: only the trusted policy takes a root out.
	ExcludeRoots []string
	// ExcludeRootsRange is where the file sets ExcludeRoots.
	ExcludeRootsRange model.Range
	// ParamsSet names the parameters the file sets, in file order.
	ParamsSet []string
	// Ignored lists policy files found next to the scanned code that the
	// run did not read (see Ignored); set by the caller.
	Ignored []string
}

// InlinePolicy is what the policy file says about inline suppressions.
type InlinePolicy struct {
	// Forbidden is true when the file says inline_suppressions = false:
	// no tfemrcheck:ignore comment is honoured.
	Forbidden bool
	// MaxSeverity, when not nil, is the highest severity of a finding an
	// inline suppression may cover.
	MaxSeverity *rules.Severity
	// Range is the argument that sets the restriction (for messages).
	Range model.Range
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
	// Root, when set, is a path glob (doublestar, as exclude_roots) of
	// the roots of DIR/... the exception covers; empty covers every root.
	Root string
	// Reason is mandatory and non-empty.
	Reason string
	// Expires is "" or a YYYY-MM-DD date; the exception holds through that
	// day.
	Expires string
	// Ticket is an optional tracking reference.
	Ticket string
	// Range is the whole exception block.
	Range model.Range
	// ExpiresRange is the expires argument (zero without one).
	ExpiresRange model.Range
}

// Load reads and decodes the policy file at path. The policy is never nil
// and holds whatever could be decoded; when diags.HasErrors() the caller
// must not use it.
func Load(path string) (*Policy, hcl.Diagnostics) {
	p := New()
	p.File = path
	src, err := readFile(path)
	if err != nil {
		// The caller names the file (FILE: Summary: Detail): the detail
		// is the cause alone, not Go's "stat FILE: ..." again.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return p, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read policy file",
			Detail:   err.Error(),
		}}
	}
	diags := p.decodeSource(src, path)
	return p, diags
}

// MaxFileSize is the largest policy file Load reads. A policy is a few
// kilobytes; a file above the cap is an error rather than a slow run.
const MaxFileSize = 1 << 20

// readFile reads a regular file of at most MaxFileSize bytes. The size is
// checked on what is read, not on what stat says (a special file or one
// that grows while read reports a misleading size).
func readFile(path string) ([]byte, error) {
	// Checked before opening too: opening a named pipe blocks.
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	return src, nil
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
