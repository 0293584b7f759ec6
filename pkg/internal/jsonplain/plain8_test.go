package jsonplain

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// Plain8 agrees, on random and edge words, with the definition of a
// plain byte, and Bytes with it on every byte.
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
			want = want && c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
		}
		if got := Plain8(binary.LittleEndian.Uint64(b[:])); got != want {
			t.Fatalf("Plain8(%q) = %v, want %v", b, got, want)
		}
	}
	for c := range 256 {
		if Bytes[c] != (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			t.Fatalf("Bytes[%#x] = %v", c, Bytes[c])
		}
	}
}
