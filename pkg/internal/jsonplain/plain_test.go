package jsonplain

import (
	"math/rand/v2"
	"testing"
)

// TestRunsStopAtTheFirstByteNotPlain: Run and RunString agree with a
// byte-at-a-time scan, for every start, on strings mixing plain bytes
// with every kind of byte that is not (control, '"', '\\', 0x7f, and the
// bytes of multi-byte UTF-8).
func TestRunsStopAtTheFirstByteNotPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	special := []byte{0, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xc3, 0xff, '!', '#', '[', ']'}
	for range 3000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(6) == 0 {
				b[i] = special[rng.IntN(len(special))]
			} else {
				b[i] = byte(0x20 + rng.IntN(0x5f))
			}
		}
		for i := 0; i <= len(b); i++ {
			want := i
			for want < len(b) && b[want] >= 0x20 && b[want] < 0x80 && b[want] != '"' && b[want] != '\\' {
				want++
			}
			if got := Run(b, i); got != want {
				t.Fatalf("Run(%q, %d) = %d, want %d", b, i, got, want)
			}
			if got := RunString(string(b), i); got != want {
				t.Fatalf("RunString(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}
