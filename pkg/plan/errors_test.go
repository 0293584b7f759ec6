package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBadInput(t *testing.T) {
	tests := []struct {
		file string
		want error
		msg  string
	}{
		{"empty.json", ErrNotPlan, "empty.json: not a Terraform plan or state: empty input"},
		{"blank.json", ErrNotPlan, "blank.json: not a Terraform plan or state: empty input"},
		{"array.json", ErrNotPlan, "array.json: not a Terraform plan or state: the JSON document is an array, not an object"},
		{"no_format_version.json", ErrNotPlan, `no_format_version.json: not a Terraform plan or state: no "format_version"`},
		{"no_plan_keys.json", ErrNotPlan, `no_plan_keys.json: not a Terraform plan or state: none of "resource_changes"`},
		{"version_number.json", ErrNotPlan, `version_number.json: not a Terraform plan or state: "format_version" is not a string`},
		{"version2.json", ErrUnsupportedVersion, `version2.json: unsupported format version "2.0"`},
		{"truncated.json", ErrTruncated, "truncated.json: unexpected end of input at line 1, column 6001 (byte 6000)"},
		{"trailing.json", ErrInvalidJSON, "trailing.json: invalid JSON at line 2, column 2 (byte 13067)"},
		{"invalid_utf8.json", ErrInvalidJSON, "invalid_utf8.json: invalid JSON at line 1, column 74 (byte 73): invalid UTF-8 in string"},
		{"syntax.json", ErrInvalidJSON, `syntax.json: invalid JSON at line 1, column 47 (byte 46): expected object key, found '}'`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata/bad", tt.file))
			require.NoError(t, err)
			defer f.Close()
			m, err := Load(f, tt.file)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestDeepNesting(t *testing.T) {
	const n = 100000
	deep := strings.Repeat("[", n) + strings.Repeat("]", n)
	docs := map[string]string{
		"top level":      deep,
		"skipped key":    `{"format_version":"1.2","planned_values":` + deep + `}`,
		"decoded value":  `{"format_version":"1.2","resource_changes":[{"mode":"managed","type":"aws_emr_cluster","change":{"actions":["create"],"after":` + deep + `}}]}`,
		"pending change": `{"format_version":"1.2","resource_changes":[{"change":` + deep + `}]}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			m, err := Load(strings.NewReader(doc), "deep.json")
			assert.Nil(t, m)
			// At the top level too: an array is not a plan, but it is
			// read (iteratively, bounded) to say where it stops being JSON.
			assert.ErrorIs(t, err, ErrInvalidJSON)
			assert.Contains(t, err.Error(), "deep.json: invalid JSON at line 1, column 10")
			assert.Contains(t, err.Error(), "nesting deeper than 10000 levels")
		})
	}
}

// oneByte returns its data one byte per Read, to exercise every buffer
// boundary of the scanner.
type oneByte struct{ r io.Reader }

func (o oneByte) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestBufferBoundaries(t *testing.T) {
	data, err := os.ReadFile("testdata/content/plan.json")
	require.NoError(t, err)
	whole, err := Load(bytes.NewReader(data), "content.json")
	require.NoError(t, err)
	split, err := Load(oneByte{bytes.NewReader(data)}, "content.json")
	require.NoError(t, err)
	assert.Equal(t, whole, split)
}

func TestStringEscapes(t *testing.T) {
	doc := `{"format_version":"1.2","resource_changes":[{"address":"aws_emr_security_configuration.x","mode":"managed",` +
		`"type":"aws_emr_security_configuration","name":"x","change":{"actions":["create"],` +
		`"after":{"name":"a\"b\\c\/d\u00e9\ud83d\ude00\n","configuration":"{\"k\": \"é😀\"}"}}}]}`
	m, err := Load(oneByte{strings.NewReader(doc)}, "esc.json")
	require.NoError(t, err)
	sc := m.SecurityConfigs[0]
	assert.Equal(t, "a\"b\\c/dé😀\n", sc.Name().Str)
	require.NotNil(t, sc.Document)
	assert.Equal(t, "é😀", sc.Doc("k").Str)

	for name, bad := range map[string]string{
		"bad escape":   `{"format_version":"1.\x"}`,
		"bad unicode":  `{"format_version":"\u12g4"}`,
		"control char": "{\"format_version\":\"1.\x01\"}",
		"bad number":   `{"format_version":"1.2","x":01}`,
		"bad literal":  `{"format_version":"1.2","x":tru}`,
		"cut rune":     "{\"format_version\":\"1.2\",\"x\":\"\xe2\x82\"}",
	} {
		_, err := Load(strings.NewReader(bad), "bad.json")
		assert.ErrorIs(t, err, ErrInvalidJSON, name)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadError(t *testing.T) {
	_, err := Load(failing{}, "broken.json")
	assert.EqualError(t, err, "broken.json: disk on fire")
}

func TestNullSections(t *testing.T) {
	m, err := Load(strings.NewReader(`{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":null,"configuration":null,"variables":null}`), "null.json")
	require.NoError(t, err)
	assert.Empty(t, m.Resources)
	m, err = Load(strings.NewReader(`{"format_version":"1.0","terraform_version":"1.11.4"}`), "empty-state.json")
	require.NoError(t, err)
	assert.Empty(t, m.Resources)
	_, err = Load(strings.NewReader(`{"format_version":"1.2","resource_changes":{}}`), "wrong.json")
	assert.ErrorIs(t, err, ErrInvalidJSON)
	assert.Contains(t, err.Error(), `wrong.json: invalid JSON at line 1, column 44 (byte 43): expected '['`)
}

// A string of a kept resource longer than MaxKeptString is refused before
// it costs memory several times its size.
func TestHugeKeptStringIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format_version":"1.2","resource_changes":[{"address":"aws_emr_cluster.c","mode":"managed","type":"aws_emr_cluster","name":"c","change":{"actions":["create"],"after":{"name":"`)
	b.WriteString(strings.Repeat("x", MaxKeptString+1))
	b.WriteString(`"},"after_unknown":{}}}]}`)
	_, err := Load(strings.NewReader(b.String()), "huge.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "huge.json")
	assert.Contains(t, err.Error(), "longer than 8 MiB")
}

// TestSyntaxErrorPosition: an error names its line and column, counted
// the same whatever the reads' sizes; text that only starts like a value
// is a syntax error, not "the JSON document is null".
func TestSyntaxErrorPosition(t *testing.T) {
	for doc, want := range map[string]string{
		"{\n  \"a\": 1,\r\n\t\"b\": x\n}": "x.json: invalid JSON at line 3, column 7 (byte 19): unexpected 'x'",
		"\n\n[1, 2":                       "x.json: unexpected end of input at line 3, column 6 (byte 7)",
		"nope":                            "x.json: invalid JSON at line 1, column 1 (byte 0): invalid literal, expected null",
		"  null":                          "x.json: not a Terraform plan or state: the JSON document is null, not an object",
	} {
		for _, r := range []io.Reader{strings.NewReader(doc), oneByte{strings.NewReader(doc)}} {
			_, err := Load(r, "x.json")
			require.Error(t, err)
			assert.Equal(t, want, err.Error())
		}
		_, err := Load(strings.NewReader(doc), "x.json")
		off, ok := SyntaxOffset(err)
		assert.Equal(t, !strings.HasSuffix(want, "not an object"), ok, doc)
		if ok {
			assert.Contains(t, want, fmt.Sprintf("(byte %d)", off))
		}
	}
}
