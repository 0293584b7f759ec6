package report

import (
	"bufio"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlWriter writes the JUnit document piece by piece, with the escaping
// and the indentation encoding/xml gives it (two spaces, elements of a
// test suite at depth 1): appended to buf, handed to w in pieces.
type xmlWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (xw *xmlWriter) raw(s string) { xw.buf = append(xw.buf, s...) }

// attr writes ` name="value"`.
func (xw *xmlWriter) attr(name, value string) {
	xw.buf = append(xw.buf, ' ')
	xw.buf = append(xw.buf, name...)
	xw.buf = append(xw.buf, `="`...)
	xw.buf = appendXMLText(xw.buf, value)
	xw.buf = append(xw.buf, '"')
}

func (xw *xmlWriter) intAttr(name string, v int) {
	xw.buf = append(xw.buf, ' ')
	xw.buf = append(xw.buf, name...)
	xw.buf = append(xw.buf, `="`...)
	xw.buf = strconv.AppendInt(xw.buf, int64(v), 10)
	xw.buf = append(xw.buf, '"')
}

func (xw *xmlWriter) text(s string) { xw.buf = appendXMLText(xw.buf, s) }

// spill hands what buf holds to w once it is large.
func (xw *xmlWriter) spill() {
	if len(xw.buf) >= 32<<10 {
		xw.w.Write(xw.buf)
		xw.buf = xw.buf[:0]
	}
}

func (xw *xmlWriter) flush() error {
	xw.w.Write(xw.buf)
	xw.buf = xw.buf[:0]
	return xw.w.Flush()
}

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values: the five markup characters, tab, newline and carriage
// return as references, and what XML cannot hold (control characters,
// invalid UTF-8, U+FFFE…) as U+FFFD.
func appendXMLText(dst []byte, s string) []byte {
	if xmlPlainString(s) {
		return append(dst, s...)
	}
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if xmlPlain[c] {
			i++
			continue
		}
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
				esc = "\uFFFD"
			}
			dst = append(dst, s[last:i]...)
			dst = append(dst, esc...)
			i++
			last = i
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		if !inXMLCharacterRange(r) || (r == utf8.RuneError && width == 1) {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			i += width
			last = i
			continue
		}
		i += width
	}
	return append(dst, s[last:]...)
}

// xmlPlain are the bytes text writes as they are: ASCII from space on,
// but for the markup characters.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"'&<>`, rune(c))
	}
	return t
}()

// inXMLCharacterRange is encoding/xml's: the Char production of XML 1.0.
func inXMLCharacterRange(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// encodeSuite writes a small suite (input errors, policy, coverage) with
// encoding/xml itself, at depth 1.
func (xw *xmlWriter) encodeSuite(s *junitSuite) error {
	xw.w.Write(xw.buf)
	xw.buf = xw.buf[:0]
	enc := xml.NewEncoder(xw.w)
	enc.Indent("  ", "  ")
	return enc.EncodeElement(s, xml.StartElement{Name: xml.Name{Local: "testsuite"}})
}
