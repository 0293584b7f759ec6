// Package nesting bounds the bracket nesting of Terraform files before
// they are parsed: the HCL parsers recurse once per level, and a file
// nested 100,000 deep overflows the goroutine stack, which is a fatal
// error, not a recoverable panic.
package nesting

// Max is the deepest nesting accepted; real configurations stay far below.
const Max = 1000

// Depth is the deepest nesting of (, [ and { in src, counting brackets
// inside strings and comments too: an over-estimate, which is the safe
// side for Max.
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
