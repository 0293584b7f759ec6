package report

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/jsonplain"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// JSONVersion is the version of the JSON output contract.
const JSONVersion = 1

// JSON writes the report in the documented JSON format (README, "JSON
// output"), indented, with a final newline.
//
// The document is written as it is built, through a buffer, rather than
// marshalled whole: the output of a large plan is megabytes. The bytes are
// exactly what encoding/json's Encoder with two-space indentation and
// without HTML escaping gives (json_test.go checks it).
func JSON(w io.Writer, r *Report) error {
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.raw("{\n")
	jw.field(1, "version")
	jw.buf = strconv.AppendInt(jw.buf, JSONVersion, 10)
	jw.raw(",\n")
	jw.field(1, "tool")
	jw.raw("{\n")
	jw.strField(2, "name", r.ToolName, true)
	jw.strField(2, "version", r.ToolVersion, false)
	jw.indent(1)
	jw.raw("},\n")
	jw.writePolicyJSON(r)

	jw.field(1, "findings")
	jw.list(1, len(r.Findings), func(i int) {
		f := &r.Findings[i]
		jw.raw("{\n")
		jw.strField(3, "rule_id", f.RuleID, true)
		jw.strField(3, "title", f.Title, true)
		jw.strField(3, "severity", f.Severity.String(), true)
		jw.strField(3, "status", string(f.Status), true)
		jw.strField(3, "address", f.Address, true)
		if f.Engine != "" {
			jw.strField(3, "engine", f.Engine, true)
		}
		jw.origin(3, f.Root, f.Input)
		jw.strField(3, "message", f.Message, true)
		jw.strField(3, "remediation", f.Remediation, true)
		jw.field(3, "location")
		jw.location(3, f.Location)
		jw.raw(",\n")
		jw.field(3, "related")
		jw.list(3, len(f.Related), func(j int) {
			rel := &f.Related[j]
			jw.raw("{\n")
			jw.strField(5, "address", rel.Address, true)
			jw.strField(5, "message", rel.Message, true)
			jw.field(5, "location")
			jw.location(5, rel.Location)
			jw.raw("\n")
			jw.indent(4)
			jw.raw("}")
		})
		jw.raw(",\n")
		jw.field(3, "suppression")
		if sp := f.Suppressed; sp == nil {
			jw.raw("null")
		} else {
			jw.raw("{\n")
			jw.strField(4, "kind", sp.Kind, true)
			jw.strField(4, "reason", sp.Reason, true)
			if sp.Expires != "" {
				jw.strField(4, "expires", sp.Expires, true)
			}
			if sp.Ticket != "" {
				jw.strField(4, "ticket", sp.Ticket, true)
			}
			jw.field(4, "location")
			jw.location(4, sp.Location)
			jw.raw("\n")
			jw.indent(3)
			jw.raw("}")
		}
		jw.raw("\n")
		jw.indent(2)
		jw.raw("}")
	})
	jw.raw(",\n")

	jw.field(1, "errors")
	jw.list(1, len(r.Errors), func(i int) {
		e := &r.Errors[i]
		jw.raw("{\n")
		jw.strField(3, "file", e.File, true)
		jw.origin(3, e.Root, e.Input)
		jw.strField(3, "message", e.Message, false)
		jw.indent(2)
		jw.raw("}")
	})
	jw.raw(",\n")

	jw.field(1, "notes")
	jw.list(1, len(r.Notes), func(i int) {
		n := &r.Notes[i]
		jw.raw("{\n")
		jw.strField(3, "address", n.Address, true)
		jw.origin(3, n.Root, n.Input)
		jw.strField(3, "message", n.Message, true)
		jw.field(3, "location")
		jw.location(3, n.Range)
		jw.raw("\n")
		jw.indent(2)
		jw.raw("}")
	})
	jw.raw(",\n")

	s := r.Summarize()
	jw.field(1, "summary")
	jw.raw("{\n")
	jw.intField(2, "total", s.Total)
	jw.intField(2, "fail", s.Fail)
	jw.intField(2, "indeterminate", s.Indeterminate)
	jw.intField(2, "suppressed", s.Suppressed)
	jw.intField(2, "errors", s.Errors)
	jw.field(2, "by_severity")
	if s.BySeverity == nil {
		jw.raw("null")
	} else if len(s.BySeverity) == 0 {
		jw.raw("{}")
	} else {
		keys := make([]string, 0, len(s.BySeverity))
		for k := range s.BySeverity {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		jw.raw("{\n")
		for i, k := range keys {
			jw.field(3, k)
			jw.buf = strconv.AppendInt(jw.buf, int64(s.BySeverity[k]), 10)
			if i < len(keys)-1 {
				jw.raw(",")
			}
			jw.raw("\n")
		}
		jw.indent(2)
		jw.raw("}")
	}
	jw.raw(",\n")
	jw.field(2, "failed")
	jw.buf = strconv.AppendBool(jw.buf, s.Failed)
	if s.Checked != nil {
		jw.raw(",\n")
		jw.field(2, "checked")
		jw.coverage(s.Checked)
	}
	jw.raw("\n")
	jw.indent(1)
	jw.raw("}\n}\n")
	return jw.flush()
}

// jsonWriter appends the document to buf and hands it to w in pieces.
type jsonWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (jw *jsonWriter) raw(s string) { jw.buf = append(jw.buf, s...) }

// indent writes the indentation of nesting level n.
func (jw *jsonWriter) indent(n int) {
	for range n {
		jw.buf = append(jw.buf, "  "...)
	}
}

// field writes the indentation and `"key": `.
func (jw *jsonWriter) field(level int, key string) {
	jw.indent(level)
	jw.buf = appendJSONString(jw.buf, key)
	jw.buf = append(jw.buf, ": "...)
}

// strField writes a string member, followed by a comma when more follow.
func (jw *jsonWriter) strField(level int, key, val string, more bool) {
	jw.field(level, key)
	jw.buf = appendJSONString(jw.buf, val)
	if more {
		jw.buf = append(jw.buf, ',')
	}
	jw.buf = append(jw.buf, '\n')
}

// intField writes a number member followed by a comma.
func (jw *jsonWriter) intField(level int, key string, val int) {
	jw.field(level, key)
	jw.buf = strconv.AppendInt(jw.buf, int64(val), 10)
	jw.buf = append(jw.buf, ",\n"...)
}

// origin writes the "root" and "input" members that are set, each
// followed by a comma (more members always follow).
func (jw *jsonWriter) origin(level int, root, input string) {
	if root != "" {
		jw.strField(level, "root", root, true)
	}
	if input != "" {
		jw.strField(level, "input", input, true)
	}
}

// location writes a location object (at nesting level+1) or null.
func (jw *jsonWriter) location(level int, r *model.Range) {
	if r == nil {
		jw.raw("null")
		return
	}
	jw.raw("{\n")
	jw.strField(level+1, "file", r.Filename, true)
	jw.intField(level+1, "line", r.Start.Line)
	jw.field(level+1, "column")
	jw.buf = strconv.AppendInt(jw.buf, int64(r.Start.Column), 10)
	jw.raw("\n")
	jw.indent(level)
	jw.raw("}")
}

// list writes an array of n elements whose key sits at nesting level;
// elem writes element i from the opening brace on.
func (jw *jsonWriter) list(level, n int, elem func(i int)) {
	if n == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[\n")
	for i := range n {
		jw.indent(level + 1)
		elem(i)
		if i < n-1 {
			jw.raw(",")
		}
		jw.raw("\n")
		if len(jw.buf) >= 32<<10 {
			jw.spill()
		}
	}
	jw.indent(level)
	jw.raw("]")
}

// spill moves buf to the writer.
func (jw *jsonWriter) spill() {
	if jw.err == nil {
		_, jw.err = jw.w.Write(jw.buf)
	}
	jw.buf = jw.buf[:0]
}

func (jw *jsonWriter) flush() error {
	jw.spill()
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

// appendJSONString appends s as a JSON string the way encoding/json does
// without HTML escaping: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Runs of bytes written as they are, eight at a time.
		if j := jsonplain.RunString(s, i); j > i {
			i = j
			continue
		}
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
