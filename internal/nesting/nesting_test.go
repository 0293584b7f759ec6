package nesting

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDepth(t *testing.T) {
	assert.Equal(t, 0, Depth([]byte("a = 1")))
	assert.Equal(t, 3, Depth([]byte(`x = {a = [f(1)]} y = [1]`)))
	assert.Equal(t, 1, Depth([]byte(")))( ")), "stray closers do not go negative")
	assert.Equal(t, 100000, Depth([]byte(strings.Repeat("[", 100000))))
}
