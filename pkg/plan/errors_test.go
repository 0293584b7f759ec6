package plan

import (
	"bytes"
	"errors"
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
		{"truncated.json", ErrTruncated, "truncated.json: unexpected end of input at byte 6000"},
		{"trailing.json", ErrInvalidJSON, "trailing.json: invalid JSON at byte"},
		{"invalid_utf8.json", ErrInvalidJSON, "invalid_utf8.json: invalid JSON at byte 73: invalid UTF-8 in string"},
		{"syntax.json", ErrInvalidJSON, `syntax.json: invalid JSON at byte 46: expected object key, found '}'`},
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
			if name == "top level" {
				assert.ErrorIs(t, err, ErrNotPlan)
				return
			}
			assert.ErrorIs(t, err, ErrInvalidJSON)
			assert.Contains(t, err.Error(), "deep.json: invalid JSON at byte 10")
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
	assert.Contains(t, err.Error(), `wrong.json: invalid JSON at byte 43: expected '['`)
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
