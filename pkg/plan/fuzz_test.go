package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// FuzzLoad feeds arbitrary bytes to the plan reader: it must return a
// model or an error, never panic, and never both or neither.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/plans/*/plan.json")
	for i, s := range seeds {
		if i >= 6 { // the corpus stays small; the fuzzer mutates from these
			break
		}
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	bad, _ := filepath.Glob("testdata/bad/*")
	for _, b := range bad {
		if data, err := os.ReadFile(b); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[]}`))
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data), "fuzz.json")
		if (m == nil) == (err == nil) {
			t.Fatalf("want exactly one of model and error, got %v and %v", m, err)
		}
		if err != nil && !bytes.HasPrefix([]byte(err.Error()), []byte("fuzz.json")) {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// FuzzValidate: the scanner accepts exactly the JSON that
// encoding/json.Valid accepts, where it is also valid UTF-8 (the scanner
// rejects invalid UTF-8 in strings, json.Valid lets it through), and it
// answers the same, with the same error, however the input is cut into
// reads (one byte per read puts every token across the buffer's end, the
// slow paths of skip).
func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":[1,2,{"b":null}],"c":"\u00e9\n"}`, ` 1 `, `"x"`, `true`, `-0.5e+3`,
		`{"a":1,}`, `[1 2]`, `{"a"}`, `{"a":01}`, `"\x"`, `{} {}`, `{`, `[1,`, ``, `nul`, `[tru]`,
		"{\"k\":\n [ \"é\", \"\\\"\", {\"\":{}} ,[] ] }", `{"a":"b" "c"}`, `[1e]`, `["a\u12"]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Validate(bytes.NewReader(data))
		slow := Validate(iotest.OneByteReader(bytes.NewReader(data)))
		if (err == nil) != (slow == nil) || (err != nil && err.Error() != slow.Error()) {
			t.Fatalf("whole buffer: %v; one byte per read: %v", err, slow)
		}
		valid := json.Valid(data)
		if !valid && err == nil {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if valid && utf8.Valid(data) && err != nil {
			t.Fatalf("rejected valid JSON %q: %v", data, err)
		}
	})
}
