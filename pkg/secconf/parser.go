package secconf

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

type parser struct {
	src       []byte
	off       int
	line, col int // 1-based position of off
	base      *model.Range
	depth     int
	err       *model.ParseError
}

func parse(text []byte, base *model.Range) (*model.Value, *model.ParseError) {
	p := &parser{src: text, line: 1, col: 1, base: base}
	if !utf8.Valid(text) {
		// Find the first bad byte for the position.
		for p.off < len(p.src) {
			r, size := utf8.DecodeRune(p.src[p.off:])
			if r == utf8.RuneError && size <= 1 {
				return nil, p.fail("invalid UTF-8")
			}
			p.advance(size)
		}
	}
	p.skipSpace()
	if p.off >= len(p.src) {
		return nil, p.fail("empty document: expected a JSON object")
	}
	if p.src[p.off] != '{' {
		return nil, p.fail(fmt.Sprintf("expected a JSON object, found %s", p.describe()))
	}
	v := p.value()
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		return nil, p.fail(fmt.Sprintf("unexpected %s after the top-level object", p.describe()))
	}
	return v, nil
}

func (p *parser) describe() string {
	if p.off >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.off:])
	return strconv.QuoteRune(r)
}

func (p *parser) fail(msg string) *model.ParseError {
	if p.err == nil {
		pe := &model.ParseError{Message: msg, Line: p.line, Column: p.col, Offset: p.off}
		pe.Range = p.rangeAt(p.line, p.col, p.off)
		p.err = pe
	}
	return p.err
}

// rangeAt maps a position inside the text to the source file.
func (p *parser) rangeAt(line, col, off int) *model.Range {
	if p.base == nil {
		return nil
	}
	s := p.base.Start
	pos := model.Pos{Line: s.Line + line - 1, Byte: s.Byte + off}
	if line == 1 {
		pos.Column = s.Column + col - 1
	} else {
		pos.Column = col
	}
	return &model.Range{Filename: p.base.Filename, Start: pos, End: pos}
}

func (p *parser) advance(n int) {
	for i := 0; i < n && p.off < len(p.src); i++ {
		c := p.src[p.off]
		p.off++
		if c == '\n' {
			p.line++
			p.col = 1
		} else if c < 0x80 || c >= 0xC0 {
			// count runes, not continuation bytes
			p.col++
		}
	}
}

func (p *parser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case ' ', '\t', '\r', '\n':
			p.advance(1)
		default:
			return
		}
	}
}

func (p *parser) value() *model.Value {
	if p.err != nil {
		return nil
	}
	p.skipSpace()
	if p.off >= len(p.src) {
		p.fail("unexpected end of input")
		return nil
	}
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return model.NewString(s)
	case c == 't':
		return p.literal("true", model.NewBool(true))
	case c == 'f':
		return p.literal("false", model.NewBool(false))
	case c == 'n':
		return p.literal("null", model.NewNull())
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		p.fail(fmt.Sprintf("unexpected %s: expected a JSON value", p.describe()))
		return nil
	}
}

func (p *parser) literal(word string, v *model.Value) *model.Value {
	if len(p.src)-p.off >= len(word) && string(p.src[p.off:p.off+len(word)]) == word {
		p.advance(len(word))
		return v
	}
	p.fail(fmt.Sprintf("invalid literal: expected %s", word))
	return nil
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.fail(fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
		return false
	}
	return true
}

func (p *parser) object() *model.Value {
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.advance(1) // {
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.advance(1)
		return model.NewObject()
	}
	var keys []string
	var vals []*model.Value
	for {
		p.skipSpace()
		if p.off >= len(p.src) {
			p.fail("unexpected end of input: object not closed")
			return nil
		}
		if p.src[p.off] != '"' {
			p.fail(fmt.Sprintf("unexpected %s: expected a string key", p.describe()))
			return nil
		}
		kl, kc, ko := p.line, p.col, p.off
		key, ok := p.str()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			p.fail(fmt.Sprintf("unexpected %s: expected ':' after key %q", p.describe(), key))
			return nil
		}
		p.advance(1)
		child := p.value()
		if p.err != nil {
			return nil
		}
		child.Range = p.rangeAt(kl, kc, ko)
		keys, vals = append(keys, key), append(vals, child)
		p.skipSpace()
		if p.off >= len(p.src) {
			p.fail("unexpected end of input: object not closed")
			return nil
		}
		switch p.src[p.off] {
		case ',':
			p.advance(1)
		case '}':
			p.advance(1)
			// Of duplicate keys, JSON parsers (and Go's, which the provider
			// uses) keep the last.
			return model.NewObjectOf(keys, vals)
		default:
			p.fail(fmt.Sprintf("unexpected %s: expected ',' or '}'", p.describe()))
			return nil
		}
	}
}

func (p *parser) array() *model.Value {
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	list := model.NewList()
	p.advance(1) // [
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.advance(1)
		return list
	}
	for {
		el, ol, oc, oo := (*model.Value)(nil), p.line, p.col, p.off
		p.skipSpace()
		ol, oc, oo = p.line, p.col, p.off
		el = p.value()
		if p.err != nil {
			return nil
		}
		if el.Range == nil {
			el.Range = p.rangeAt(ol, oc, oo)
		}
		list.Append(el)
		p.skipSpace()
		if p.off >= len(p.src) {
			p.fail("unexpected end of input: array not closed")
			return nil
		}
		switch p.src[p.off] {
		case ',':
			p.advance(1)
		case ']':
			p.advance(1)
			return list
		default:
			p.fail(fmt.Sprintf("unexpected %s: expected ',' or ']'", p.describe()))
			return nil
		}
	}
}

func (p *parser) number() *model.Value {
	start := p.off
	i := p.off
	if i < len(p.src) && p.src[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(p.src) && p.src[i] == '0' {
		i++
	} else if digits() == 0 {
		p.advance(i - p.off)
		p.fail("invalid number")
		return nil
	}
	if i < len(p.src) && p.src[i] == '.' {
		i++
		if digits() == 0 {
			p.advance(i - p.off)
			p.fail("invalid number: expected digits after '.'")
			return nil
		}
	}
	if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') {
		i++
		if i < len(p.src) && (p.src[i] == '+' || p.src[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.advance(i - p.off)
			p.fail("invalid number: expected exponent digits")
			return nil
		}
	}
	lit := string(p.src[start:i])
	p.advance(i - p.off)
	return model.NewNumber(lit)
}

func (p *parser) str() (string, bool) {
	p.advance(1) // opening quote
	var buf []byte
	for {
		if p.off >= len(p.src) {
			p.fail("unexpected end of input: string not closed")
			return "", false
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			p.advance(1)
			return string(buf), true
		case c == '\\':
			if p.off+1 >= len(p.src) {
				p.fail("unexpected end of input in escape")
				return "", false
			}
			e := p.src[p.off+1]
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, n, ok := p.unicodeEscape()
				if !ok {
					return "", false
				}
				buf = utf8.AppendRune(buf, r)
				p.advance(n)
				continue
			default:
				p.fail(fmt.Sprintf("invalid escape '\\%c' in string", e))
				return "", false
			}
			p.advance(2)
		case c < 0x20:
			p.fail("control character in string")
			return "", false
		default:
			buf = append(buf, c)
			p.advance(1)
		}
	}
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at p.off,
// returning the rune and the number of bytes consumed.
func (p *parser) unicodeEscape() (rune, int, bool) {
	hex := func(at int) (rune, bool) {
		if at+6 > len(p.src) || p.src[at] != '\\' || p.src[at+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(p.src[at+2:at+6]), 16, 16)
		if err != nil {
			return 0, false
		}
		return rune(n), true
	}
	r, ok := hex(p.off)
	if !ok {
		p.fail("invalid \\u escape in string")
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(p.off + 6); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, true
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 6, true
}
