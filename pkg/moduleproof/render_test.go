package moduleproof

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Text from the module (here an allowed value that becomes a witness)
// never reaches a terminal or a CI log raw.
func TestHostileTextIsEscaped(t *testing.T) {
	r, err := Prove("testdata/hostile", Options{})
	require.NoError(t, err)
	require.True(t, r.Failed(0))
	formats := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return Text(b, r, RenderOptions{}) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, r, RenderOptions{}) },
		"json":     func(b *bytes.Buffer) error { return JSON(b, r, RenderOptions{}) },
		"sarif":    func(b *bytes.Buffer) error { return SARIF(b, r, RenderOptions{}, nil) },
	}
	for name, f := range formats {
		var b bytes.Buffer
		require.NoError(t, f(&b), name)
		out := b.String()
		assert.NotContains(t, out, "\x1b", name)
		if name == "json" || name == "sarif" {
			assert.True(t, json.Valid(b.Bytes()), name)
			continue
		}
		assert.NotContains(t, out, "\u202e", name)
		// The witness stays valid Terraform: HCL's own escapes.
		assert.Contains(t, out, `encryption_mode = "\u001B[2J\u202EX|`, name)
	}
	// In a Markdown table cell HTML is neutralised (in the fenced
	// witness block it is literal text).
	var b bytes.Buffer
	require.NoError(t, Markdown(&b, r, RenderOptions{}))
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "| unsafe") {
			assert.NotContains(t, line, "<")
			assert.Contains(t, line, "&lt;b&gt;")
		}
	}
}
