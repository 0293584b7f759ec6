package report

import (
	"bufio"
	"encoding/xml"
	"strconv"
	"unicode/utf8"
)

// xmlWriter writes the JUnit document piece by piece, with the escaping
// and the indentation encoding/xml gives it (two spaces, elements of a
// test suite at depth 1).
type xmlWriter struct {
	w *bufio.Writer
}

func (xw *xmlWriter) raw(s string) { xw.w.WriteString(s) }

// attr writes ` name="value"`.
func (xw *xmlWriter) attr(name, value string) {
	xw.w.WriteByte(' ')
	xw.w.WriteString(name)
	xw.w.WriteString(`="`)
	xw.text(value)
	xw.w.WriteByte('"')
}

func (xw *xmlWriter) intAttr(name string, v int) {
	var b [24]byte
	xw.w.WriteByte(' ')
	xw.w.WriteString(name)
	xw.w.WriteString(`="`)
	xw.w.Write(strconv.AppendInt(b[:0], int64(v), 10))
	xw.w.WriteByte('"')
}

// text writes s escaped as encoding/xml escapes text and attribute
// values: the five markup characters, tab, newline and carriage return as
// references, and what XML cannot hold (control characters, invalid
// UTF-8, U+FFFE…) as U+FFFD.
func (xw *xmlWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch c {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c >= 0x20 {
					i++
					continue
				}
				esc = "\uFFFD"
			}
			xw.w.WriteString(s[last:i])
			xw.w.WriteString(esc)
			i++
			last = i
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		if !inXMLCharacterRange(r) || (r == utf8.RuneError && width == 1) {
			xw.w.WriteString(s[last:i])
			xw.w.WriteString("\uFFFD")
			i += width
			last = i
			continue
		}
		i += width
	}
	xw.w.WriteString(s[last:])
}

// inXMLCharacterRange is encoding/xml's: the Char production of XML 1.0.
func inXMLCharacterRange(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// testCase writes a test case of a rule suite, from the line break before
// it on.
func (xw *xmlWriter) testCase(tc junitCase) {
	xw.raw("\n    <testcase")
	xw.attr("classname", tc.ClassName)
	xw.attr("name", tc.Name)
	xw.attr("time", tc.Time)
	xw.raw(">")
	children := false
	problem := func(tag string, p *junitProblem) {
		xw.raw("\n      <" + tag)
		xw.attr("message", p.Message)
		xw.attr("type", p.Type)
		xw.raw(">")
		xw.text(p.Body)
		xw.raw("</" + tag + ">")
		children = true
	}
	if tc.Failure != nil {
		problem("failure", tc.Failure)
	}
	if tc.Error != nil {
		problem("error", tc.Error)
	}
	if tc.Skipped != nil {
		xw.raw("\n      <skipped")
		xw.attr("message", tc.Skipped.Message)
		xw.raw("></skipped>")
		children = true
	}
	if tc.SystemOut != "" {
		xw.raw("\n      <system-out>")
		xw.text(tc.SystemOut)
		xw.raw("</system-out>")
		children = true
	}
	if children {
		xw.raw("\n    ")
	}
	xw.raw("</testcase>")
}

// encodeSuite writes a small suite (input errors, policy, coverage) with
// encoding/xml itself, at depth 1.
func (xw *xmlWriter) encodeSuite(s *junitSuite) error {
	enc := xml.NewEncoder(xw.w)
	enc.Indent("  ", "  ")
	return enc.EncodeElement(s, xml.StartElement{Name: xml.Name{Local: "testsuite"}})
}
