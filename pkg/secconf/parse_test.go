package secconf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

func TestParseKeepsKeysAndPositions(t *testing.T) {
	text := "{\n  \"EncryptionConfiguration\": {\n    \"EnableAtRestEncryption\": true,\n    \"Unknown\": [1, \"x\", null]\n  }\n}"
	base := &model.Range{Filename: "main.tf", Start: model.Pos{Line: 10, Column: 5, Byte: 100}}
	v, perr := Parse([]byte(text), base)
	require.Nil(t, perr)
	ec := v.Get("EncryptionConfiguration")
	require.True(t, ec.IsKnown())
	assert.Equal(t, []string{"EnableAtRestEncryption", "Unknown"}, ec.Keys())
	at := ec.Get("EnableAtRestEncryption")
	b, ok, exact := at.AsBool(false)
	assert.True(t, b && ok && exact)
	require.NotNil(t, at.Range)
	assert.Equal(t, "main.tf", at.Range.Filename)
	assert.Equal(t, 12, at.Range.Start.Line) // third line of the text
	assert.Equal(t, 5, at.Range.Start.Column)
	assert.Equal(t, 11, ec.Range.Start.Line) // key on the second line of the text
	list := ec.Get("Unknown")
	require.Len(t, list.Elems(), 3)
	assert.Equal(t, "1", list.Elems()[0].Str)
	assert.Equal(t, model.Null, list.Elems()[2].State)
}

func TestParseFirstLineColumnIsOffsetByBase(t *testing.T) {
	base := &model.Range{Filename: "f.json", Start: model.Pos{Line: 3, Column: 20}}
	v, perr := Parse([]byte(`{"A": 1}`), base)
	require.Nil(t, perr)
	assert.Equal(t, model.Pos{Line: 3, Column: 21, Byte: 1}, v.Get("A").Range.Start)
}

func TestParseErrors(t *testing.T) {
	cases := map[string]struct {
		text       string
		line, col  int
		msgPattern string
	}{
		"empty":          {"", 1, 1, "empty document"},
		"array":          {"[1]", 1, 1, "expected a JSON object"},
		"truncated":      {"{\n \"a\": {", 2, 8, "end of input"},
		"missing colon":  {`{"a" 1}`, 1, 6, "expected ':'"},
		"trailing comma": {`{"a": 1,}`, 1, 9, "expected a string key"},
		"bad literal":    {`{"a": tru}`, 1, 7, "invalid literal"},
		"trailing":       {`{} x`, 1, 4, "after the top-level object"},
		"bad escape":     {`{"a": "\q"}`, 1, 8, "invalid escape"},
		"control char":   {"{\"a\": \"x\ny\"}", 1, 9, "control character"},
		"bad utf8":       {"{\"a\": \"\xff\"}", 1, 8, "invalid UTF-8"},
		"bad number":     {`{"a": 01}`, 1, 8, "expected ',' or '}'"},
		"too deep":       {strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), 1, 5*MaxDepth + 1, "nesting deeper"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			v, perr := Parse([]byte(c.text), nil)
			require.NotNil(t, perr)
			assert.Nil(t, v)
			assert.Contains(t, perr.Message, c.msgPattern)
			assert.Equal(t, c.line, perr.Line, "line")
			assert.Equal(t, c.col, perr.Column, "column")
		})
	}
}

func TestParseEscapesAndDuplicates(t *testing.T) {
	v, perr := Parse([]byte(`{"k":"a\u00e9\ud83d\ude00\n","k":"last","n":-1.5e3,"b":false}`), nil)
	require.Nil(t, perr)
	s, _ := v.Get("k").AsString()
	assert.Equal(t, "last", s)
	assert.Equal(t, []string{"k", "n", "b"}, v.Keys())
	assert.Equal(t, "-1.5e3", v.Get("n").Str)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `{"EncryptionConfiguration":{"EnableAtRestEncryption":true}}`, `{"a":[1,2,{"b":null}]}`, `{"a":"\u12`, "{\"a\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, perr := Parse(data, &model.Range{Filename: "fuzz.json", Start: model.Pos{Line: 1, Column: 1}})
		if (v == nil) == (perr == nil) {
			t.Fatalf("exactly one of value and error expected: %v %v", v, perr)
		}
		if perr != nil && (perr.Line < 1 || perr.Column < 1 || perr.Offset < 0 || perr.Offset > len(data)) {
			t.Fatalf("bad error position %+v", perr)
		}
		if v != nil {
			v.Walk(func(string, *model.Value) {})
		}
	})
}
