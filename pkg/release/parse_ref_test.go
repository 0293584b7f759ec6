package release

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// parseBefore is Parse as it was before numbers stopped allocating: the
// reference the faster one must agree with on every input.
func parseBefore(s string) (Label, error) {
	numbers := func(s string, min, max int) ([]int, error) {
		fields := strings.Split(s, ".")
		if len(fields) < min || len(fields) > max {
			return nil, fmt.Errorf("want %d numbers separated by dots", max)
		}
		out := make([]int, len(fields))
		for i, f := range fields {
			if f == "" || len(f) > 7 {
				return nil, fmt.Errorf("bad number %q", f)
			}
			for _, r := range f {
				if r < '0' || r > '9' {
					return nil, fmt.Errorf("bad number %q", f)
				}
			}
			n, err := strconv.Atoi(f)
			if err != nil || n > maxComponent {
				return nil, fmt.Errorf("bad number %q", f)
			}
			out[i] = n
		}
		return out, nil
	}
	if rest, ok := strings.CutPrefix(s, "emr-"); ok {
		nums, suffix, _ := strings.Cut(rest, "-")
		if _, hasDash := strings.CutPrefix(rest, nums+"-"); hasDash && !validSuffix(suffix) {
			return Label{}, fmt.Errorf("release label %q has an invalid suffix", s)
		}
		parts, err := numbers(nums, 3, 3)
		if err != nil {
			return Label{}, fmt.Errorf("release label %q: %w", s, err)
		}
		return Label{Major: parts[0], Minor: parts[1], Patch: parts[2], Suffix: suffix}, nil
	}
	parts, err := numbers(s, 2, 3)
	if err != nil {
		return Label{}, fmt.Errorf("release label %q is neither emr-X.Y.Z nor an AMI version", s)
	}
	l := Label{Major: parts[0], Minor: parts[1], AMI: true}
	if len(parts) == 3 {
		l.Patch = parts[2]
	}
	if l.Major >= 4 {
		return Label{}, fmt.Errorf("release label %q lacks the emr- prefix", s)
	}
	return l, nil
}

// TestParseAsBefore: Parse gives the label, or the error message, that
// parseBefore gives, on labels made of the characters that matter.
func TestParseAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"emr-", "0", "1", "5", "24", "9999999", "10000000", "1000001", ".", "-", "x", "latest", "", "é", "3", "7.0"}
	check := func(s string) {
		l, err := Parse(s)
		wl, werr := parseBefore(s)
		if l != wl || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("%q: got %+v, %v; want %+v, %v", s, l, err, wl, werr)
		}
	}
	for _, s := range []string{"emr-5.24.0", "emr-6.10.1-latest", "3.11.0", "2.4", "emr-5.24", "emr-5.24.0.1", "emr-5..0", "emr-5.24.0-", "4.0.0", ""} {
		check(s)
	}
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}
