package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EscapeLine makes text that came from the checked input (addresses,
// messages, file names, suppression reasons) safe to print as part of one
// line of a terminal or a CI log. Control characters (C0, DEL and C1:
// newline, carriage return, ESC…), the Unicode line and paragraph
// separators, the bidirectional-text controls and bytes that are not UTF-8
// are written as Go escapes (\n, \x1b, \u202e, \xff). Nothing from the
// input can then start a line of its own (a GitHub workflow command such
// as "::error file=…::…" is only read at the start of a line) or send an
// escape sequence to the terminal.
//
// Written here rather than with strconv.Quote, which would also escape
// quotes and backslashes and so garble every ordinary message.
func EscapeLine(s string) string {
	if !needsEscape(s, false) {
		return s
	}
	return escape(s, false)
}

// escapeKeepNewlines is EscapeLine for formats whose own escaping handles
// line breaks (GitHub workflow-command data): it escapes every other
// control character and keeps "\n" and "\r".
func escapeKeepNewlines(s string) string {
	if !needsEscape(s, true) {
		return s
	}
	return escape(s, true)
}

func needsEscape(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(keepNewlines && (c == '\n' || c == '\r')) {
					return true
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

func escape(s string, keepNewlines bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNewlines && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && (r < 0x20 || r == 0x7f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports a non-ASCII rune that can break a line or reorder or
// hide what a terminal shows: C1 controls, U+2028/U+2029 and the
// bidirectional formatting characters.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r): // C1 (0x80-0x9f; the ASCII ones are handled by the callers)
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // Arabic letter mark, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}
