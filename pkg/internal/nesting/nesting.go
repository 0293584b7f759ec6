// Package nesting bounds how deeply a file nests before it is parsed. The
// HCL, JSON, YAML and template parsers recurse once per level, and so
// does the evaluation of the expressions they build: a file nested
// 100,000 deep overflows the goroutine stack, which is a fatal error that
// kills the process, not a recoverable panic. Counting is done on the raw
// text, without the parser, in one pass and constant memory per level.
//
// The HCL lexer (hclsyntax.LexConfig) would give exact tokens, but it
// keeps every token of the file in memory (about 100 bytes each, so
// 1.6 GB for 16 MB of "!"), which is the very exhaustion this package
// guards against; hence the small scanner written here.
package nesting

import (
	"bytes"
	"fmt"
)

// Max is the deepest nesting accepted; real configurations stay far
// below (a few tens of levels).
const Max = 1000

// Error reports input nested deeper than Max.
type Error struct {
	Depth int
	// What names what was counted.
	What string
}

func (e *Error) Error() string {
	return fmt.Sprintf("nests %s %d levels deep; more than %d cannot be parsed safely", e.What, e.Depth, Max)
}

// CheckHCL returns an *Error when HCL native or JSON syntax in src nests
// deeper than Max (see HCL).
func CheckHCL(src []byte) error {
	if d := HCL(src); d > Max {
		return &Error{Depth: d, What: "brackets, operators and template interpolations"}
	}
	return nil
}

// CheckTemplate returns an *Error when the template text src (as read by
// templatefile) nests deeper than Max (see Template).
func CheckTemplate(src []byte) error {
	if d := Template(src); d > Max {
		return &Error{Depth: d, What: "template directives, interpolations, brackets and operators"}
	}
	return nil
}

// CheckJSON returns an *Error when the brackets of src nest deeper than
// Max (see Depth).
func CheckJSON(src []byte) error {
	if d := Depth(src); d > Max {
		return &Error{Depth: d, What: "brackets"}
	}
	return nil
}

// CheckYAML returns an *Error when YAML text nests deeper than Max (see
// YAML).
func CheckYAML(src []byte) error {
	if d := YAML(src); d > Max {
		return &Error{Depth: d, What: "collections (brackets, indentation and block entries)"}
	}
	return nil
}

// Depth is the deepest nesting of (, [ and { in src, counting brackets
// inside strings too: an over-estimate, which is the safe side for Max.
// It suits JSON, whose parsers recurse only on brackets.
func Depth(src []byte) int {
	depth, most := 0, 0
	for _, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			most = max(most, depth)
		case ')', ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return most
}

// YAML over-estimates the nesting of YAML text: the bracket depth of flow
// collections plus, on each line, the indentation and the number of
// block indicators ("- ", "? ", ": ") that open a collection on that
// line ("- - - x" nests three sequences).
func YAML(src []byte) int {
	most := Depth(src)
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		d := 0
		for d < len(line) && (line[d] == ' ' || line[d] == '\t') {
			d++
		}
		for i := d; i < len(line); i++ {
			if (line[i] == '-' || line[i] == '?' || line[i] == ':') && (i+1 == len(line) || line[i+1] == ' ') {
				d++
			}
		}
		most = max(most, d)
	}
	return most
}

// HCL estimates the deepest recursion the HCL parsers and the evaluator
// need for src, native syntax or JSON. It counts, level by level:
// brackets; quoted strings and heredocs; template interpolations and
// directives ("${", "%{", each open "%{if" or "%{for"); and the operators
// of one expression (a chain of n unary or binary operators, or of n
// conditionals, builds a tree n deep). A comma, "=", "=>" or a newline
// that ends an argument or object item starts a new expression.
// Comments are skipped; operator characters inside strings and
// identifiers are not counted, interpolations inside strings are.
func HCL(src []byte) int {
	s := scanner{src: src}
	s.push(frame{kind: frameBody})
	s.run()
	return s.most - 1
}

// Template is HCL for template text such as a templatefile's file: src
// starts in template mode (like the body of a heredoc that never ends).
func Template(src []byte) int {
	s := scanner{src: src}
	s.push(frame{kind: frameTemplate})
	s.run()
	return s.most - 1
}

type frameKind uint8

const (
	frameBody     frameKind = iota // top level or {...}: newlines separate items
	frameParen                     // (...) or [...]: newlines are ignored
	frameInterp                    // ${...} or %{...}: closed by }
	frameQuoted                    // "...": a template, closed by " or a newline
	frameHeredoc                   // <<EOT ... EOT
	frameTemplate                  // a template file: never closed
)

type frame struct {
	kind frameKind
	// ops counts the operators of the expression under way at this level.
	ops int
	// directives counts the %{if}/%{for} opened and not yet closed in a
	// template frame.
	directives int
	// marker closes a heredoc.
	marker []byte
}

func (f *frame) template() bool {
	return f.kind == frameQuoted || f.kind == frameHeredoc || f.kind == frameTemplate
}

type scanner struct {
	src    []byte
	i      int
	frames []frame
	// cur is the current depth: one per frame plus every frame's ops and
	// directives.
	cur, most int
	// last is the last byte of expression syntax consumed, blanks aside.
	last byte
}

func (s *scanner) push(f frame) {
	s.frames = append(s.frames, f)
	s.add(1)
}

func (s *scanner) pop() {
	if len(s.frames) <= 1 {
		return // a stray closer: the parser reports it
	}
	f := s.frames[len(s.frames)-1]
	s.cur -= 1 + f.ops + f.directives
	s.frames = s.frames[:len(s.frames)-1]
}

func (s *scanner) add(n int) {
	s.cur += n
	s.most = max(s.most, s.cur)
}

func (s *scanner) top() *frame { return &s.frames[len(s.frames)-1] }

// op counts one operator in the expression under way.
func (s *scanner) op() {
	s.top().ops++
	s.add(1)
}

// reset starts a new expression at the current level.
func (s *scanner) reset() {
	f := s.top()
	s.cur -= f.ops
	f.ops = 0
}

func (s *scanner) peek(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

func (s *scanner) run() {
	for s.i < len(s.src) {
		if s.top().template() {
			s.templateByte()
		} else {
			s.codeByte()
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '-'
}

// codeByte consumes one token (or one byte) of expression syntax.
func (s *scanner) codeByte() {
	c := s.src[s.i]
	if c != ' ' && c != '\t' && c != '\r' {
		defer func() { s.last = s.src[s.i-1] }()
	}
	switch {
	case c == '#' || c == '/' && s.peek(1) == '/':
		for s.i < len(s.src) && s.src[s.i] != '\n' {
			s.i++
		}
		return
	case c == '/' && s.peek(1) == '*':
		end := bytes.Index(s.src[s.i+2:], []byte("*/"))
		if end < 0 {
			s.i = len(s.src)
		} else {
			s.i += 2 + end + 2
		}
		return
	case isIdentStart(c):
		for s.i < len(s.src) && isIdentByte(s.src[s.i]) {
			s.i++
		}
		return
	case c == '<' && s.peek(1) == '<':
		if s.heredoc() {
			return
		}
	}
	s.i++
	switch c {
	case '"':
		s.push(frame{kind: frameQuoted})
	case '(', '[':
		if c == '[' && (s.last == ']' || s.last == ')' || s.last == '*' || s.last == '"' || isIdentByte(s.last)) {
			// an index or splat after a value: x[a][b][*]… nests one
			// expression per step
			s.op()
		}
		s.push(frame{kind: frameParen})
	case '{':
		s.push(frame{kind: frameBody})
	case ')', ']':
		if s.top().kind == frameParen {
			s.pop()
		}
	case '}':
		if k := s.top().kind; k == frameBody || k == frameInterp {
			s.pop()
		}
	case ',':
		s.reset()
	case '\n':
		if s.top().kind == frameBody {
			s.reset()
		}
	case '=':
		switch s.peek(0) {
		case '=':
			s.i++
			s.op()
		case '>':
			s.i++
			s.reset()
		default:
			s.reset()
		}
	case '&', '|':
		if s.peek(0) == c {
			s.i++
		}
		s.op()
	case '!', '<', '>':
		if s.peek(0) == '=' {
			s.i++
		}
		s.op()
	case '-', '+', '*', '/', '%', '?':
		s.op()
	}
}

// heredoc starts a heredoc at "<<" when a marker and a newline follow.
func (s *scanner) heredoc() bool {
	j := s.i + 2
	if j < len(s.src) && s.src[j] == '-' {
		j++
	}
	start := j
	for j < len(s.src) && isIdentByte(s.src[j]) {
		j++
	}
	if j == start {
		return false
	}
	marker := s.src[start:j]
	for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t' || s.src[j] == '\r') {
		j++
	}
	if j >= len(s.src) || s.src[j] != '\n' {
		return false
	}
	s.i = j + 1
	s.push(frame{kind: frameHeredoc, marker: marker})
	return true
}

// templateByte consumes template text up to and including the next
// interpolation opener or closing delimiter.
func (s *scanner) templateByte() {
	f := s.top()
	if f.kind == frameHeredoc && (s.i == 0 || s.src[s.i-1] == '\n') {
		end := bytes.IndexByte(s.src[s.i:], '\n')
		line := s.src[s.i:]
		if end >= 0 {
			line = line[:end]
		}
		if bytes.Equal(bytes.TrimSpace(line), f.marker) {
			s.i += len(line)
			s.pop()
			return
		}
	}
	c := s.src[s.i]
	switch {
	case c == '\\' && f.kind == frameQuoted:
		s.i += 2
	case c == '"' && f.kind == frameQuoted, c == '\n' && f.kind == frameQuoted:
		s.i++
		s.pop()
	case (c == '$' || c == '%') && s.peek(1) == c && s.peek(2) == '{':
		s.i += 3 // "$${" and "%%{" are literal
	case c == '$' && s.peek(1) == '{':
		s.i += 2
		s.push(frame{kind: frameInterp})
	case c == '%' && s.peek(1) == '{':
		s.i += 2
		s.directive(f)
		s.push(frame{kind: frameInterp})
	default:
		s.i++
	}
}

// directive counts the template nesting a "%{" keyword opens or closes.
func (s *scanner) directive(f *frame) {
	j := s.i
	for j < len(s.src) && (s.src[j] == '~' || s.src[j] == ' ' || s.src[j] == '\t') {
		j++
	}
	k := j
	for k < len(s.src) && isIdentByte(s.src[k]) {
		k++
	}
	switch string(s.src[j:k]) {
	case "if", "for":
		f.directives++
		s.add(1)
	case "endif", "endfor":
		if f.directives > 0 {
			f.directives--
			s.cur--
		}
	}
}
