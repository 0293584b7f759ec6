package plan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/jsonplain"
)

// maxDepth bounds the nesting of arrays and objects. Skipping is iterative
// and decoding is recursive; both stop here, so hostile input cannot
// exhaust the stack or memory.
const maxDepth = 10000

// bufSize is the read buffer size of the scanner.
const bufSize = 64 << 10

// syntaxError is a JSON error at a byte offset of the input, with its
// line and column (1-based; the column counts bytes).
type syntaxError struct {
	Offset       int64
	Line, Column int64
	Msg          string
	kind         error // ErrInvalidJSON or ErrTruncated
}

func (e *syntaxError) Error() string {
	if e.kind == ErrTruncated {
		return fmt.Sprintf("%s at %s", e.Msg, e.position())
	}
	return fmt.Sprintf("invalid JSON at %s: %s", e.position(), e.Msg)
}

// position is "line 3, column 7 (byte 51)", or "byte 51" when the line
// is not known.
func (e *syntaxError) position() string {
	if e.Line == 0 {
		return fmt.Sprintf("byte %d", e.Offset)
	}
	return fmt.Sprintf("line %d, column %d (byte %d)", e.Line, e.Column, e.Offset)
}

// SyntaxOffset returns the byte offset of a JSON syntax error (invalid or
// truncated JSON) in err's chain.
func SyntaxOffset(err error) (int64, bool) {
	var se *syntaxError
	if errors.As(err, &se) {
		return se.Offset, true
	}
	return 0, false
}

func (e *syntaxError) Unwrap() error { return e.kind }

// scanner is a streaming JSON tokenizer over an io.Reader. It validates
// what it reads (grammar, UTF-8, depth) and can skip a whole value without
// building anything.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int   // next unread byte in buf
	end  int   // end of valid data in buf
	base int64 // stream offset of buf[0]
	// lines is the number of line feeds consumed, lineStart the offset
	// just after the last one. JSON has line feeds only in white space
	// (never raw in a string), which peek alone skips.
	lines, lineStart int64
	rerr             error // sticky read error (io.EOF at the end)

	scratch []byte
	stack   []byte // container kinds while skipping

	// decode's child stacks and interned object keys.
	vals    []*node
	keys    []string
	intern  map[string]string
	vintern map[string]string
	arena   *nodeArena
	// recent holds keys interned before, in a slot chosen by their length
	// and three of their bytes: most keys of a plan are the few hundred
	// attribute names of its resource types, found there with one
	// comparison instead of hashing and probing intern.
	recent [256]string
}

// maxInterned bounds the key intern table.
const maxInterned = 4096

// key reads an object key, returning one shared string per distinct key.
func (s *scanner) key() (string, error) {
	b, ok := s.plainString()
	if !ok {
		var err error
		if b, err = s.strBytes(true); err != nil {
			return "", err
		}
	}
	return s.internBytes(b), nil
}

// plainString reads the string whose opening quote is at s.pos when it is
// plain ASCII and ends within the read buffer, the common case, returning
// its bytes (valid until the next call on s); ok is false, and nothing is
// consumed, for any other string, which strBytes then reads.
func (s *scanner) plainString() (b []byte, ok bool) {
	buf := s.buf[:s.end]
	if s.pos >= len(buf) || buf[s.pos] != '"' {
		return nil, false
	}
	i := jsonplain.Run(buf, s.pos+1)
	if i == len(buf) || buf[i] != '"' {
		return nil, false
	}
	b = buf[s.pos+1 : i]
	s.pos = i + 1
	return b, true
}

// internBytes returns b as a string, shared with earlier equal strings of
// up to 64 bytes (the table holds at most maxInterned of them).
func (s *scanner) internBytes(b []byte) string {
	if len(b) > 64 {
		return string(b)
	}
	slot := &s.recent[recentSlot(b)]
	if *slot == string(b) {
		return *slot
	}
	if v, ok := s.intern[string(b)]; ok {
		*slot = v
		return v
	}
	k := string(b)
	if s.intern == nil {
		s.intern = map[string]string{}
	}
	if len(s.intern) < maxInterned {
		s.intern[k] = k
		*slot = k
	}
	return k
}

// recentSlot is where a key of up to 64 bytes goes in scanner.recent.
func recentSlot(b []byte) uint8 {
	n := len(b)
	if n == 0 {
		return 0
	}
	return uint8(n) ^ b[0]<<1 ^ b[n/2]<<3 ^ b[n-1]<<5 ^ b[n-1]>>3
}

func newScanner(r io.Reader) *scanner { return newScannerAt(r, make([]byte, bufSize), 0) }

// newScannerAt returns a scanner reading into buf from r, which starts
// at offset off of the input (offsets and line numbers count from
// there: a line at off is line 1).
func newScannerAt(r io.Reader, buf []byte, off int64) *scanner {
	return &scanner{r: r, buf: buf, base: off, lineStart: off, arena: &nodeArena{}}
}

// offset is the stream offset of the next unread byte.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

func (s *scanner) errf(format string, a ...any) error {
	return s.errAt(s.offset(), fmt.Sprintf(format, a...), ErrInvalidJSON)
}

// errAt is a syntax error at offset off, on the current line.
func (s *scanner) errAt(off int64, msg string, kind error) *syntaxError {
	e := &syntaxError{Offset: off, Msg: msg, kind: kind}
	if off >= s.lineStart {
		e.Line, e.Column = s.lines+1, off-s.lineStart+1
	}
	return e
}

// eofErr is the error for running out of input: the read error when the
// reader failed, else a truncation error.
func (s *scanner) eofErr() error {
	if s.rerr != nil && !errors.Is(s.rerr, io.EOF) {
		return s.rerr
	}
	return s.errAt(s.offset(), "unexpected end of input", ErrTruncated)
}

// ensure makes at least n unread bytes available, moving the unread tail
// to the front of the buffer and reading more. It reports false when the
// input ends (or fails) first; whatever was read is still available.
func (s *scanner) ensure(n int) bool {
	if s.end-s.pos >= n {
		return true
	}
	if s.rerr != nil {
		return false
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end -= s.pos
		s.pos = 0
	}
	zero := 0
	for s.end-s.pos < n {
		m, err := s.r.Read(s.buf[s.end:])
		s.end += m
		if err != nil {
			s.rerr = err
			return s.end-s.pos >= n
		}
		if m == 0 {
			zero++
			if zero > 100 {
				s.rerr = io.ErrNoProgress
				return false
			}
		}
	}
	return true
}

// peek skips white space and returns the next byte without consuming it.
func (s *scanner) peek() (byte, error) {
	for {
		for s.pos < s.end {
			c := s.buf[s.pos]
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				return c, nil
			}
			s.pos++
			if c == '\n' {
				s.lines++
				s.lineStart = s.offset()
			}
		}
		if !s.ensure(1) {
			return 0, s.eofErr()
		}
	}
}

// atEOF skips white space and reports whether the input ends there.
func (s *scanner) atEOF() (bool, error) {
	_, err := s.peek()
	if err == nil {
		return false, nil
	}
	var se *syntaxError
	if errors.As(err, &se) && se.kind == ErrTruncated {
		return true, nil
	}
	return false, err
}

// expect consumes the byte c after optional white space.
func (s *scanner) expect(c byte) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		return s.errf("expected %q, found %s", c, describe(got))
	}
	s.pos++
	return nil
}

func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// str reads a string; the next non-space byte must be '"'. With keep
// false it only validates and returns "".
func (s *scanner) str(keep bool) (string, error) {
	b, err := s.strBytes(keep)
	if err != nil || !keep {
		return "", err
	}
	return string(b), nil
}

// MaxKeptString bounds a string the reader keeps (an attribute of an EMR
// resource or of the configuration section). Real values are kilobytes; a
// larger one is hostile input, refused before it costs memory several
// times its size.
const MaxKeptString = 8 << 20

// strBytes reads a string like str but returns its decoded bytes without
// allocating: a slice of the read buffer or of scratch, valid only until
// the next call on s. With keep false it only validates and returns nil.
func (s *scanner) strBytes(keep bool) ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	return s.strTail(keep)
}

// strTail reads the rest of a string whose opening quote is consumed,
// as strBytes does.
func (s *scanner) strTail(keep bool) ([]byte, error) {
	s.scratch = s.scratch[:0]
	scratched := false
	for {
		i := s.pos
		buf := s.buf[:s.end]
	inner:
		for i < len(buf) {
			// Eight plain bytes at a time (no quote, backslash, control
			// byte or non-ASCII byte among them).
			for i+8 <= len(buf) && jsonplain.Plain8(binary.LittleEndian.Uint64(buf[i:])) {
				i += 8
			}
			if i == len(buf) {
				break
			}
			c := buf[i]
			if jsonplain.Bytes[c] {
				i++
				continue
			}
			switch {
			case c == '"':
				var out []byte
				if keep {
					if scratched {
						s.scratch = append(s.scratch, buf[s.pos:i]...)
						out = s.scratch
					} else {
						out = buf[s.pos:i]
					}
					if len(out) > MaxKeptString {
						return nil, s.errf("string of an EMR resource longer than %d MiB", MaxKeptString>>20)
					}
				}
				s.pos = i + 1
				return out, nil
			case c < 0x20:
				s.pos = i
				return nil, s.errf("control character %s in string", describe(c))
			case c == '\\':
				break inner
			default: // start of a multi-byte sequence
				if c >= 0xc2 && c <= 0xdf && i+1 < len(buf) && buf[i+1]&0xc0 == 0x80 {
					i += 2 // a valid two-byte sequence
					continue
				}
				if !utf8.FullRune(buf[i:]) {
					break inner
				}
				r, size := utf8.DecodeRune(buf[i:])
				if r == utf8.RuneError && size == 1 {
					s.pos = i
					return nil, s.errf("invalid UTF-8 in string")
				}
				i += size
			}
		}
		if keep {
			s.scratch = append(s.scratch, buf[s.pos:i]...)
			scratched = true
			if len(s.scratch) > MaxKeptString {
				s.pos = i
				return nil, s.errf("string of an EMR resource longer than %d MiB", MaxKeptString>>20)
			}
		}
		s.pos = i
		if i < len(buf) && buf[i] == '\\' {
			if err := s.escape(keep); err != nil {
				return nil, err
			}
			scratched = scratched || keep
			continue
		}
		// End of buffer, or a multi-byte rune cut by it.
		need := 1
		if i < len(buf) {
			need = len(buf) - i + 1
		}
		if !s.ensure(need) {
			return nil, s.eofErr()
		}
	}
}

// escape decodes the escape sequence at s.pos, appending it to scratch
// when keep is set.
func (s *scanner) escape(keep bool) error {
	if !s.ensure(2) {
		return s.eofErr()
	}
	c := s.buf[s.pos+1]
	var r rune
	switch c {
	case '"', '\\', '/':
		r = rune(c)
	case 'b':
		r = '\b'
	case 'f':
		r = '\f'
	case 'n':
		r = '\n'
	case 'r':
		r = '\r'
	case 't':
		r = '\t'
	case 'u':
		if !s.ensure(6) {
			return s.eofErr()
		}
		r1, ok := hex4(s.buf[s.pos+2 : s.pos+6])
		if !ok {
			return s.errf("invalid \\u escape")
		}
		n := 6
		r = r1
		if utf16.IsSurrogate(r1) {
			r = utf8.RuneError
			if s.ensure(12) && s.buf[s.pos+6] == '\\' && s.buf[s.pos+7] == 'u' {
				if r2, ok := hex4(s.buf[s.pos+8 : s.pos+12]); ok {
					if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
						r, n = dec, 12
					}
				}
			}
		}
		if keep {
			s.scratch = utf8.AppendRune(s.scratch, r)
		}
		s.pos += n
		return nil
	default:
		s.pos++
		return s.errf("invalid escape %s in string", describe(c))
	}
	if keep {
		s.scratch = append(s.scratch, byte(r))
	}
	s.pos += 2
	return nil
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number reads a number literal at the next non-space byte.
func (s *scanner) number() (string, error) {
	b, err := s.numberBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// numberBytes reads and validates a number literal, returning its bytes
// without allocating (valid until the next call on s).
func (s *scanner) numberBytes() ([]byte, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	start := s.offset()
	var lit []byte
	s.scratch = s.scratch[:0]
	for first := true; ; first = false {
		i := s.pos
		for i < s.end && numberByte[s.buf[i]] {
			i++
		}
		if first && i < s.end {
			// The whole literal is in the buffer: no copy.
			lit = s.buf[s.pos:i]
			s.pos = i
			break
		}
		s.scratch = append(s.scratch, s.buf[s.pos:i]...)
		s.pos = i
		lit = s.scratch
		if i < s.end || !s.ensure(1) {
			break
		}
	}
	if !validNumber(lit) {
		return nil, s.errAt(start, fmt.Sprintf("invalid number %q", truncate(lit)), ErrInvalidJSON)
	}
	return lit, nil
}

func truncate(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "..."
	}
	return string(b)
}

// validNumber checks the JSON number grammar.
func validNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i == len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i == len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	return i == len(b)
}

// literal consumes true, false or null and returns its first byte.
func (s *scanner) literal() (byte, error) {
	c, err := s.peek()
	if err != nil {
		return 0, err
	}
	var want string
	switch c {
	case 't':
		want = "true"
	case 'f':
		want = "false"
	case 'n':
		want = "null"
	default:
		return 0, s.errf("unexpected %s", describe(c))
	}
	if !s.ensure(len(want)) {
		if string(s.buf[s.pos:s.end]) == want[:s.end-s.pos] {
			return 0, s.eofErr()
		}
	}
	if s.end-s.pos < len(want) || string(s.buf[s.pos:s.pos+len(want)]) != want {
		return 0, s.errf("invalid literal, expected %s", want)
	}
	s.pos += len(want)
	return c, nil
}

// skip consumes one value of any kind without keeping it. It is iterative,
// so depth costs one byte of stack per level, bounded by maxDepth.
//
// Skipping is most of the work on a large plan (everything but the EMR
// resources), so it runs as one loop over the read buffer rather than a
// call per token: white space, structure, plain ASCII strings, numbers
// and literals are handled in place; a string with an escape or a
// non-ASCII byte, a token cut by the end of the buffer and every error
// are left to the token functions (strTail, numberBytes, literal,
// skipKey, expect), so the grammar, the checks and the error messages are
// theirs.
func (s *scanner) skip() error {
	s.stack = s.stack[:0]
	const (
		wantValue = iota // a value
		wantKey          // an object key and its colon, then a value
		wantMore         // ',' or the end of the innermost container
	)
	state := wantValue
	i := s.pos
	for {
		// White space.
		for {
			if i == s.end {
				s.pos = i
				if !s.ensure(1) {
					return s.eofErr()
				}
				i = s.pos
			}
			c := s.buf[i]
			if c > ' ' {
				break
			}
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				break
			}
			i++
			if c == '\n' {
				s.lines++
				s.lineStart = s.base + int64(i)
			}
		}
		c := s.buf[i]
		switch state {
		case wantKey:
			if c != '"' {
				s.pos = i
				return s.skipKey() // the error
			}
			var err error
			if i, err = s.skipString(i); err != nil {
				return err
			}
			// The colon, after optional white space.
			if i < s.end && s.buf[i] == ':' {
				i++
			} else {
				s.pos = i
				if err := s.expect(':'); err != nil {
					return err
				}
				i = s.pos
			}
			state = wantValue
		case wantMore:
			top := s.stack[len(s.stack)-1]
			switch {
			case c == ',':
				i++
				state = wantValue
				if top == '{' {
					state = wantKey
				}
			case (top == '{' && c == '}') || (top == '[' && c == ']'):
				i++
				s.stack = s.stack[:len(s.stack)-1]
				if len(s.stack) == 0 {
					s.pos = i
					return nil
				}
			case top == '{':
				s.pos = i
				return s.errf("expected ',' or '}' in object, found %s", describe(c))
			default:
				s.pos = i
				return s.errf("expected ',' or ']' in array, found %s", describe(c))
			}
		default: // wantValue
			switch {
			case c == '{' || c == '[':
				if len(s.stack) >= maxDepth {
					s.pos = i
					return s.errf("nesting deeper than %d levels", maxDepth)
				}
				i++
				// An empty container closes at once.
				s.pos = i
				n, err := s.peek()
				if err != nil {
					return err
				}
				i = s.pos
				if (c == '{' && n == '}') || (c == '[' && n == ']') {
					i++
					break
				}
				s.stack = append(s.stack, c)
				if c == '{' {
					state = wantKey
				}
				continue
			case c == '"':
				var err error
				if i, err = s.skipString(i); err != nil {
					return err
				}
			case c == '-' || (c >= '0' && c <= '9'):
				j := i
				for j < s.end && numberByte[s.buf[j]] {
					j++
				}
				if j < s.end && validNumber(s.buf[i:j]) {
					i = j
					break
				}
				s.pos = i // cut by the buffer's end, or invalid
				if _, err := s.numberBytes(); err != nil {
					return err
				}
				i = s.pos
			default:
				if lit := literalAt(s.buf[i:s.end]); lit > 0 {
					i += lit
					break
				}
				s.pos = i
				if _, err := s.literal(); err != nil {
					return err
				}
				i = s.pos
			}
			if len(s.stack) == 0 {
				s.pos = i
				return nil
			}
			state = wantMore
		}
	}
}

// numberByte marks the bytes a number literal is made of.
var numberByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789+-.eE") {
		t[c] = true
	}
	return t
}()

// literalAt returns the length of the literal true, false or null that b
// starts with, or 0.
func literalAt(b []byte) int {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(b) >= len(lit) && string(b[:len(lit)]) == lit {
			return len(lit)
		}
	}
	return 0
}

// skipString skips the string whose opening quote is at buf[i] and
// returns the index after its closing quote. Plain ASCII is scanned in
// place; anything else is strTail's.
func (s *scanner) skipString(i int) (int, error) {
	buf := s.buf[:s.end]
	i = jsonplain.Run(buf, i+1)
	if i < len(buf) && buf[i] == '"' {
		return i + 1, nil
	}
	s.pos = i
	if _, err := s.strTail(false); err != nil {
		return 0, err
	}
	return s.pos, nil
}

// skipKey skips an object key and its colon.
func (s *scanner) skipKey() error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c != '"' {
		return s.errf("expected object key, found %s", describe(c))
	}
	if _, err := s.str(false); err != nil {
		return err
	}
	return s.expect(':')
}

// object iterates over the members of an object: fn is called with each
// key and must consume the value. The next non-space byte must be '{'; a
// null counts as an empty object.
func (s *scanner) object(fn func(key string) error) error {
	if null, err := s.isNull(); null || err != nil {
		return err
	}
	if err := s.expect('{'); err != nil {
		return err
	}
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == '}' {
		s.pos++
		return nil
	}
	k, err := s.memberKey()
	if err != nil {
		return err
	}
	if err := fn(k); err != nil {
		return err
	}
	return s.membersAfter(fn)
}

// memberKey reads an object member's key and its colon.
func (s *scanner) memberKey() (string, error) {
	c, err := s.peek()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", s.errf("expected object key, found %s", describe(c))
	}
	k, err := s.key()
	if err != nil {
		return "", err
	}
	if err := s.expect(':'); err != nil {
		return "", err
	}
	return k, nil
}

// membersAfter goes on with an object after a member's value, as object
// does, to the object's end.
func (s *scanner) membersAfter(fn func(key string) error) error {
	for {
		c, err := s.peek()
		if err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
			k, err := s.memberKey()
			if err != nil {
				return err
			}
			if err := fn(k); err != nil {
				return err
			}
			continue
		case '}':
			return nil
		}
		s.pos--
		return s.errf("expected ',' or '}' in object, found %s", describe(c))
	}
}

// array iterates over the elements of an array: fn must consume each
// element. The next non-space byte must be '['; a null counts as an empty
// array.
func (s *scanner) array(fn func(i int) error) error {
	if null, err := s.isNull(); null || err != nil {
		return err
	}
	if err := s.expect('['); err != nil {
		return err
	}
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	i := 0
	return s.elements(func() error {
		err := fn(i)
		i++
		return err
	})
}

// elements goes on with an array at the start of an element, as array
// does, to the array's end.
func (s *scanner) elements(fn func() error) error {
	for {
		if err := fn(); err != nil {
			return err
		}
		c, err := s.peek()
		if err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
			continue
		case ']':
			return nil
		}
		s.pos--
		return s.errf("expected ',' or ']' in array, found %s", describe(c))
	}
}

// isNull consumes a null if one comes next.
func (s *scanner) isNull() (bool, error) {
	c, err := s.peek()
	if err != nil || c != 'n' {
		return false, err
	}
	_, err = s.literal()
	return err == nil, err
}
