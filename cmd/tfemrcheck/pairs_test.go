package main

import (
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// junitCases returns, per suite, the names of its test cases in order.
func junitCases(t *testing.T, out string) map[string][]string {
	t.Helper()
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &doc), out)
	cases := map[string][]string{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cases[s.Name] = append(cases[s.Name], c.Name)
		}
	}
	return cases
}

// Source that Terraform and OpenTofu read differently is checked in both
// views: JUnit has a test case for each pair of either view, once (the
// pairs of OpenTofu's view that Terraform's has are not repeated).
func TestJUnitPairsOfBothEngineViewsOnce(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf":   sseC + "resource \"aws_emr_cluster\" \"a\" {\n  name = \"a\"\n  release_label = \"emr-7.1.0\"\n  service_role = \"r\"\n}\n",
		"main.tofu": sseC + "resource \"aws_emr_cluster\" \"b\" {\n  name = \"b\"\n  release_label = \"emr-7.1.0\"\n  service_role = \"r\"\n}\n",
	})
	r := runCLI(t, "", "--format", "junit", dir)
	require.Equal(t, 1, r.code, r.stderr)
	cases := junitCases(t, r.stdout)
	assert.Equal(t, []string{"aws_emr_cluster.a", "aws_emr_cluster.b"}, cases["EMR-CL-001"])
	assert.Equal(t, []string{"aws_emr_security_configuration.sc"}, cases["EMR-SC-001"])
}

// Two inputs are two sets of pairs, each named by its input.
func TestJUnitPairsOfTwoInputs(t *testing.T) {
	r := runCLI(t, "", "--format", "junit", "../../examples/insecure/plan.json", "../../examples/compliant/plan.json")
	require.Equal(t, 1, r.code, r.stderr)
	cases := junitCases(t, r.stdout)
	require.NotEmpty(t, cases["EMR-CL-001"])
	seen := map[string]bool{}
	for _, n := range cases["EMR-CL-001"] {
		assert.False(t, seen[n], "case %s twice", n)
		seen[n] = true
		assert.Regexp(t, `^aws_emr_cluster\.\S+ \(input \.\./\.\./examples/(insecure|compliant)/plan\.json\)$`, n)
	}
}
