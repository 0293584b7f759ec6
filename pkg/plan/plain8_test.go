package plan

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// plain8 agrees with strPlain on every byte of random and edge words.
func TestPlain8(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	edges := []byte{0x00, 0x1f, 0x20, 0x21, '"', 0x23, '\\', 0x5b, 0x5d, 0x7e, 0x7f, 0x80, 0xc3, 0xff}
	var b [8]byte
	for n := 0; n < 200000; n++ {
		for i := range b {
			if rng.IntN(2) == 0 {
				b[i] = edges[rng.IntN(len(edges))]
			} else if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		want := true
		for _, c := range b {
			want = want && strPlain[c]
		}
		if got := plain8(binary.LittleEndian.Uint64(b[:])); got != want {
			t.Fatalf("plain8(%q) = %v, want %v", b, got, want)
		}
	}
}
