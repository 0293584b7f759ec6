package report

// Eight bytes at a time: whether a string can be written as it is, with
// no escape, by the XML writer (most of what it writes, rule ids,
// addresses, messages, is plain ASCII). The JSON writers have theirs in
// pkg/internal/jsonplain.

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// word8 is s[i:i+8] as a little-endian word.
func word8(s string, i int) uint64 {
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// hasByte reports whether a byte of x is b.
func hasByte(x uint64, b byte) bool {
	y := x ^ (lowBits * uint64(b))
	return (y-lowBits)&^y&highBits != 0
}

// asciiPrintable8 reports whether every byte of x is in 0x20–0x7f.
func asciiPrintable8(x uint64) bool {
	return x&highBits == 0 && (x-lowBits*0x20)&^x&highBits == 0
}

// xmlPlainString reports whether appendXMLText would write s unchanged.
func xmlPlainString(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := word8(s, i)
		if !asciiPrintable8(x) || hasByte(x, '"') || hasByte(x, '\'') || hasByte(x, '&') || hasByte(x, '<') || hasByte(x, '>') {
			return false
		}
	}
	for ; i < len(s); i++ {
		if !xmlPlain[s[i]] {
			return false
		}
	}
	return true
}
