package release

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	ok := map[string]Label{
		"emr-5.9.0":           {Major: 5, Minor: 9},
		"emr-5.24.0":          {Major: 5, Minor: 24},
		"emr-7.12.0":          {Major: 7, Minor: 12},
		"emr-6.15.0-latest":   {Major: 6, Minor: 15, Suffix: "latest"},
		"emr-6.15.0-20231109": {Major: 6, Minor: 15, Suffix: "20231109"},
		"3.11.0":              {Major: 3, Minor: 11, AMI: true},
		"2.4":                 {Major: 2, Minor: 4, AMI: true},
	}
	for in, want := range ok {
		got, err := Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "emr-", "emr-6.15", "emr-x.y.z", "latest", "6.15.0", "emr-6.15.0-", "emr-6.15.0-a b",
		"emr-5.-1.0", "emr-99999999.0.0", "emr-5.24.0.1", "EMR-5.24.0", " emr-5.24.0"} {
		_, err := Parse(bad)
		assert.Error(t, err, "%q should not parse", bad)
	}
}

func TestCompareIsNumeric(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"emr-5.9.0", "emr-5.24.0", -1},
		{"emr-6.10.0", "emr-6.9.0", 1},
		{"emr-7.12.0", "emr-7.2.0", 1},
		{"emr-5.24.0", "emr-5.24.0-latest", 0},
		{"emr-6.0.0", "emr-5.36.2", 1},
		{"3.11.0", "emr-4.0.0", -1},
		{"emr-4.8.0", "3.11.0", 1},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Compare(MustParse(c.a), MustParse(c.b)), "%s vs %s", c.a, c.b)
	}
}

func TestPredicates(t *testing.T) {
	imds := map[string]bool{
		"emr-5.23.0": false, "emr-5.23.1": true, "emr-5.27.0": false, "emr-5.27.1": true,
		"emr-5.28.0": false, "emr-5.31.0": false, "emr-5.32.0": true, "emr-6.0.0": false,
		"emr-6.1.0": false, "emr-6.2.0": true, "emr-7.0.0": true, "3.11.0": false,
	}
	for l, want := range imds {
		assert.Equal(t, want, MustParse(l).SupportsIMDSConfig(), l)
	}
	logs := map[string]bool{"emr-5.29.0": false, "emr-5.30.0": true, "emr-6.0.0": false, "emr-6.1.0": true}
	for l, want := range logs {
		assert.Equal(t, want, MustParse(l).SupportsLogEncryption(), l)
	}
	ranger := map[string]bool{"emr-5.31.0": false, "emr-5.32.0": true, "emr-6.2.0": false, "emr-6.3.0": true, "emr-7.1.0": true}
	for l, want := range ranger {
		assert.Equal(t, want, MustParse(l).SupportsRanger(), l)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"emr-5.24.0", "emr-6.15.0-latest", "3.11.0", "emr-", "emr-1.2.3-x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Parse(s)
		if err != nil {
			return
		}
		// A parsed label compares equal to itself and round-trips its numbers.
		if Compare(l, l) != 0 {
			t.Fatalf("%q not equal to itself", s)
		}
		back, err := Parse(l.String())
		if err != nil || Compare(back, l) != 0 {
			t.Fatalf("%q: String() %q does not round-trip: %v", s, l.String(), err)
		}
	})
}
