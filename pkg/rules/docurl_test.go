package rules

import "testing"

// TestDocRef: rule links point at the documentation of the version in
// use; a build whose version is unknown links to main.
func TestDocRef(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3":                               "v1.2.3",
		"1.2.3":                                "v1.2.3",
		"v1.3.0-rc.1":                          "v1.3.0-rc.1",
		"v1.2.3+dirty":                         "v1.2.3",
		"v0.0.0-20261201093000-abcdef123456":   "abcdef123456",
		"v1.2.4-0.20261201093000-abcdef123456": "abcdef123456",
		"v1.2.4-0.20261201093000-abcdef123456+dirty": "abcdef123456",
		"dev":     "main",
		"(devel)": "main",
		"":        "main",
		"v1.2":    "main",
		"../x":    "main",
	} {
		if got := DocRef(v); got != want {
			t.Errorf("DocRef(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestSetDocVersion(t *testing.T) {
	defer docRef.Store(docRef.Load())
	SetDocVersion("v1.4.0")
	if got, want := SC001.DocURL(), "https://github.com/tfemrcheck/tfemrcheck/blob/v1.4.0/docs/rules/EMR-SC-001.md"; got != want {
		t.Errorf("DocURL = %q, want %q", got, want)
	}
	SetDocVersion("dev")
	if got, want := SC001.DocURL(), "https://github.com/tfemrcheck/tfemrcheck/blob/main/docs/rules/EMR-SC-001.md"; got != want {
		t.Errorf("DocURL = %q, want %q", got, want)
	}
}
