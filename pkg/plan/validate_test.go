package plan

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestValidateAgreesWithEncodingJSON: Validate accepts exactly what
// encoding/json.Valid accepts on a set of edge cases, except invalid UTF-8
// in a string, which json.Valid lets through and Load rejects; its errors
// are Load's sentinels.
func TestValidateAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `{"a":[1,2,{"b":null}],"c":"\u00e9\n"}`, ` 1 `, `"x"`, `true`,
		`{"a":1,}`, `[1 2]`, `{"a"}`, `{"a":01}`, `"\x"`, `{} {}`, `{`, `[1,`, ``, `nul`,
		strings.Repeat("[", 100) + strings.Repeat("]", 100),
	} {
		err := Validate(strings.NewReader(in))
		if want := json.Valid([]byte(in)); (err == nil) != want {
			t.Errorf("Validate(%q) = %v, json.Valid = %v", in, err, want)
		}
		if err != nil && !errors.Is(err, ErrInvalidJSON) && !errors.Is(err, ErrTruncated) {
			t.Errorf("Validate(%q) = %v, not a Load sentinel", in, err)
		}
	}
	if err := Validate(strings.NewReader(`"` + "\xff" + `"`)); !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("invalid UTF-8: %v, want ErrInvalidJSON", err)
	}
}
