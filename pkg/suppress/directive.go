// Package suppress reads inline suppressions, tfemrcheck:ignore comments in
// Terraform files, and applies them to findings.
//
// A directive is a `#` or `//` comment:
//
//	# tfemrcheck:ignore EMR-SC-005 reason="legacy bucket" expires=2027-03-31 ticket=SEC-1
//	// tfemrcheck:ignore EMR-SC-005,EMR-SC-008 reason="..."
//
// Rule ids are separated by commas or spaces and case-insensitive
// (emr-sc-005 is EMR-SC-005); the options are reason
// (mandatory; quote it when it has spaces), expires (YYYY-MM-DD, valid
// through that day) and ticket. Placement decides what it covers:
//
//   - on the header line of a resource block, or on the line directly
//     above it: every finding on that resource (for a block in a module,
//     on every instance);
//   - on an attribute's first line, or directly above it: the findings
//     whose location starts within the attribute (any line of a multi-line
//     jsonencode or heredoc value); the same holds for a nested block and
//     for a key of an object inside an attribute's expression, so a
//     comment inside a jsonencode document covers that key and its value.
//
// "Directly above" allows a run of comment lines between the directive and
// what it covers (so several directives can be stacked) but no blank line.
// Where several elements start on the covered line, the outermost wins.
package suppress

import (
	"fmt"
	"strings"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
)

// Marker starts every directive.
const Marker = "tfemrcheck:ignore"

// DateLayout is the layout of expiry dates (YYYY-MM-DD).
const DateLayout = "2006-01-02"

// Scope says what a directive covers.
type Scope uint8

const (
	// ScopeNone: the directive is on no resource block or attribute.
	ScopeNone Scope = iota
	// ScopeResource: every finding on the resource block's resources.
	ScopeResource
	// ScopeRange: the findings located within Covers.
	ScopeRange
)

func (s Scope) String() string {
	switch s {
	case ScopeResource:
		return "resource"
	case ScopeRange:
		return "range"
	}
	return "none"
}

// Directive is one tfemrcheck:ignore comment.
type Directive struct {
	// RuleIDs are the rule ids named, in order, upper-cased.
	RuleIDs []string
	// Reason is mandatory; a directive without one suppresses nothing.
	Reason string
	// Expires is "" or a YYYY-MM-DD date.
	Expires string
	// Ticket is an optional tracking reference.
	Ticket string
	// Range is the comment (without its final newline).
	Range model.Range
	// Scope and Covers say what the directive applies to: for
	// ScopeResource the whole resource block, for ScopeRange the attribute,
	// nested block or object item.
	Scope  Scope
	Covers model.Range
	// Header is the header range of the resource block the directive
	// belongs to (zero when none); Resource is the block's module-relative
	// address "type.name".
	Header   model.Range
	Resource string
	// Errors are problems with the comment's syntax or placement; a
	// directive with errors suppresses nothing.
	Errors []string
}

// Expired reports whether the directive has expired on the day of today.
func (d *Directive) Expired(today time.Time) bool {
	return d.Expires != "" && d.Expires < today.Format(DateLayout)
}

// parseComment parses the text of a comment token. ok is false when the
// comment is not a directive.
func parseComment(text string) (d Directive, ok bool) {
	switch {
	case strings.HasPrefix(text, "#"):
		text = text[1:]
	case strings.HasPrefix(text, "//"):
		text = text[2:]
	default:
		return d, false
	}
	text = strings.TrimSpace(text)
	rest, found := strings.CutPrefix(text, Marker)
	if !found || (rest != "" && !isSpace(rest[0])) {
		return d, false
	}
	seen := map[string]bool{}
	for i := 0; i < len(rest); {
		c := rest[i]
		if isSpace(c) || c == ',' {
			i++
			continue
		}
		word := i
		for i < len(rest) && !isSpace(rest[i]) && rest[i] != ',' && rest[i] != '=' {
			i++
		}
		if i >= len(rest) || rest[i] != '=' {
			id := rest[word:i]
			if len(seen) > 0 {
				d.Errors = append(d.Errors, fmt.Sprintf("unexpected %q after the options (quote values with spaces, e.g. reason=\"...\")", id))
				continue
			}
			// Rule ids are case-insensitive; the catalogue's spelling is
			// upper case.
			d.RuleIDs = append(d.RuleIDs, policy.CanonicalRuleID(id))
			continue
		}
		key := rest[word:i]
		i++ // '='
		var val string
		if i < len(rest) && rest[i] == '"' {
			v, n, err := quoted(rest[i:])
			if err != nil {
				d.Errors = append(d.Errors, fmt.Sprintf("%s: %v", key, err))
				return d, true
			}
			val, i = v, i+n
		} else {
			start := i
			for i < len(rest) && !isSpace(rest[i]) {
				i++
			}
			val = rest[start:i]
		}
		if seen[key] {
			d.Errors = append(d.Errors, fmt.Sprintf("%s is given twice", key))
			continue
		}
		seen[key] = true
		switch key {
		case "reason":
			d.Reason = strings.TrimSpace(val)
		case "expires":
			if _, err := time.Parse(DateLayout, val); err != nil {
				d.Errors = append(d.Errors, fmt.Sprintf("expires=%q is not a date of the form YYYY-MM-DD", val))
			} else {
				d.Expires = val
			}
		case "ticket":
			d.Ticket = val
		default:
			d.Errors = append(d.Errors, fmt.Sprintf("unknown option %q (want reason, expires or ticket)", key))
		}
	}
	if len(d.RuleIDs) == 0 {
		d.Errors = append(d.Errors, "no rule id (write e.g. tfemrcheck:ignore EMR-SC-005 reason=\"...\")")
	}
	return d, true
}

// quoted reads a double-quoted string with backslash escapes at the start
// of s and returns it with the number of bytes used.
func quoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return b.String(), i + 1, nil
		case '\\':
			if i+1 < len(s) {
				i++
			}
		}
		b.WriteByte(s[i])
	}
	return "", 0, fmt.Errorf("unterminated quoted value")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
