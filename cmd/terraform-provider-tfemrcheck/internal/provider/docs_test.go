package provider

import "os"

// The sample documents are shared with the CLI tests under testdata/docs.
var (
	// compliantDoc is the reference's well-formed FSI baseline (§1.7).
	compliantDoc = mustRead("../../../../testdata/docs/compliant.json")
	// sseCDoc uses SSE-C, which EMR does not support (EMR-SC-001).
	sseCDoc = mustRead("../../../../testdata/docs/sse-c-only.json")
)

func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
