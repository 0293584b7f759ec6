// Package jsonplain finds runs of plain JSON string bytes eight at a
// time: the bytes 0x20-0x7f except '"' and '\\', which a JSON string
// holds as they are, neither ending it nor escaped when it is written
// (encoding/json without HTML escaping writes them unchanged too). The
// plan scanner skips strings with it, the report writers copy them.
package jsonplain

import "encoding/binary"

// Bytes marks the plain bytes.
var Bytes = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Plain reports whether byte c is plain.
func Plain(c byte) bool { return Bytes[c] }

// Plain8 reports whether the eight bytes of w are all plain.
func Plain8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(x uint64) uint64 { return (x - ones) & ^x & highs }
	ctl := (w - 0x20*ones) & ^w & highs // some byte < 0x20 (exact for "any")
	return (ctl | hasZero(w^('"'*ones)) | hasZero(w^('\\'*ones)) | w&highs) == 0
}

// RunString returns the index of the first byte of s at or after i that
// is not plain, or len(s).
func RunString(s string, i int) int {
	for i+8 <= len(s) && Plain8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
		uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
		i += 8
	}
	for i < len(s) && Plain(s[i]) {
		i++
	}
	return i
}

// Run is RunString for bytes.
func Run(b []byte, i int) int {
	for i+8 <= len(b) && Plain8(binary.LittleEndian.Uint64(b[i:])) {
		i += 8
	}
	for i < len(b) && Plain(b[i]) {
		i++
	}
	return i
}
