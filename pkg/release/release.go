// Package release parses EMR release labels and compares them numerically
// (reference §2.2): "emr-5.9.0" < "emr-5.24.0", which string order gets
// wrong.
package release

import (
	"fmt"
	"strconv"
	"strings"
)

// Label is a parsed release label.
type Label struct {
	Major, Minor, Patch int
	// Suffix is the part after a dash ("latest", "20231109"); it is
	// ignored for comparisons.
	Suffix string
	// AMI is true for a pre-4.0 AMI version such as "3.11.0", which has
	// no security configurations at all.
	AMI bool
}

// maxComponent bounds each number so hostile input cannot overflow.
const maxComponent = 1_000_000

// Parse parses "emr-MAJOR.MINOR.PATCH[-suffix]" or an AMI version
// "MAJOR.MINOR[.PATCH]". Anything else is an error.
func Parse(s string) (Label, error) {
	if rest, ok := strings.CutPrefix(s, "emr-"); ok {
		nums, suffix, hasDash := strings.Cut(rest, "-")
		if hasDash && !validSuffix(suffix) {
			return Label{}, fmt.Errorf("release label %q has an invalid suffix", s)
		}
		parts, _, err := numbers(nums, 3, 3)
		if err != nil {
			return Label{}, fmt.Errorf("release label %q: %w", s, err)
		}
		return Label{Major: parts[0], Minor: parts[1], Patch: parts[2], Suffix: suffix}, nil
	}
	parts, n, err := numbers(s, 2, 3)
	if err != nil {
		return Label{}, fmt.Errorf("release label %q is neither emr-X.Y.Z nor an AMI version", s)
	}
	l := Label{Major: parts[0], Minor: parts[1], AMI: true}
	if n == 3 {
		l.Patch = parts[2]
	}
	if l.Major >= 4 {
		return Label{}, fmt.Errorf("release label %q lacks the emr- prefix", s)
	}
	return l, nil
}

func validSuffix(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.') {
			return false
		}
	}
	return true
}

// numbers parses min to max (at most 3) numbers separated by dots,
// without allocating: the release rules parse every cluster's label.
func numbers(s string, min, max int) (out [3]int, n int, err error) {
	if fields := strings.Count(s, ".") + 1; fields < min || fields > max {
		return out, 0, fmt.Errorf("want %d numbers separated by dots", max)
	}
	for rest, more := s, true; more; n++ {
		var f string
		f, rest, more = strings.Cut(rest, ".")
		if f == "" || len(f) > 7 {
			return out, 0, fmt.Errorf("bad number %q", f)
		}
		for _, r := range f {
			if r < '0' || r > '9' {
				return out, 0, fmt.Errorf("bad number %q", f)
			}
		}
		v, err := strconv.Atoi(f)
		if err != nil || v > maxComponent {
			return out, 0, fmt.Errorf("bad number %q", f)
		}
		out[n] = v
	}
	return out, n, nil
}

// MustParse is Parse for constants in code; it panics on a bad label.
func MustParse(s string) Label {
	l, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return l
}

// Compare returns -1, 0 or +1 comparing a and b numerically. An AMI
// version is older than every emr- label.
func Compare(a, b Label) int {
	if a.AMI != b.AMI {
		if a.AMI {
			return -1
		}
		return 1
	}
	for _, d := range [3]int{a.Major - b.Major, a.Minor - b.Minor, a.Patch - b.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// AtLeast reports whether l >= the label min (an "emr-…" constant).
func (l Label) AtLeast(min string) bool { return Compare(l, MustParse(min)) >= 0 }

// Less reports whether l < the label other.
func (l Label) Less(other string) bool { return Compare(l, MustParse(other)) < 0 }

// Is reports whether l is exactly the given version (suffix ignored).
func (l Label) Is(v string) bool { return Compare(l, MustParse(v)) == 0 }

// String renders the label as written canonically.
func (l Label) String() string {
	if l.AMI {
		return fmt.Sprintf("%d.%d.%d", l.Major, l.Minor, l.Patch)
	}
	s := fmt.Sprintf("emr-%d.%d.%d", l.Major, l.Minor, l.Patch)
	if l.Suffix != "" {
		s += "-" + l.Suffix
	}
	return s
}

// SupportsIMDSConfig is the IMDS predicate of reference §2.2:
// 5.23.1, 5.27.1, >= 5.32.0 on 5.x, >= 6.2.0.
func (l Label) SupportsIMDSConfig() bool {
	if l.AMI {
		return false
	}
	return l.Is("emr-5.23.1") || l.Is("emr-5.27.1") ||
		(l.Major == 5 && l.AtLeast("emr-5.32.0")) || l.AtLeast("emr-6.2.0")
}

// SupportsLogEncryption: >= 5.30.0 and not 6.0.0.
func (l Label) SupportsLogEncryption() bool {
	return !l.AMI && l.AtLeast("emr-5.30.0") && !l.Is("emr-6.0.0")
}

// SupportsRanger: >= 5.32.0 on 5.x, >= 6.3.0 on 6.x and later.
func (l Label) SupportsRanger() bool {
	if l.AMI || l.Major < 5 {
		return false
	}
	if l.Major == 5 {
		return l.AtLeast("emr-5.32.0")
	}
	return l.AtLeast("emr-6.3.0")
}
