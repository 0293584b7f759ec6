package report

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// parsed JUnit, as a CI dashboard reads it.
type xSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			ClassName string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, r *Report) xSuites {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, JUnit(&buf, r))
	var s xSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &s))
	return s
}

func TestJUnitCounts(t *testing.T) {
	r := fixtureReport()
	s := parseJUnit(t, r)

	// Count what the cases say, and compare with the attributes.
	var tests, failures, errors, skipped int
	names := map[string]bool{}
	for _, suite := range s.Suites {
		var st, sf, se, ss int
		for _, c := range suite.Cases {
			st++
			require.Equal(t, suite.Name, c.ClassName)
			require.False(t, names[c.ClassName+" "+c.Name], "one case per pair: %s %s", c.ClassName, c.Name)
			names[c.ClassName+" "+c.Name] = true
			if c.Failure != nil {
				sf++
			}
			if c.Error != nil {
				se++
			}
			if c.Skipped != nil {
				ss++
			}
		}
		require.Equal(t, st, suite.Tests, suite.Name)
		require.Equal(t, sf, suite.Failures, suite.Name)
		require.Equal(t, se, suite.Errors, suite.Name)
		require.Equal(t, ss, suite.Skipped, suite.Name)
		tests, failures, errors, skipped = tests+st, failures+sf, errors+se, skipped+ss
	}
	require.Equal(t, tests, s.Tests)
	require.Equal(t, failures, s.Failures)
	require.Equal(t, errors, s.Errors)
	require.Equal(t, skipped, s.Skipped)

	// And against the fixture: every evaluated pair, plus the one finding
	// (EMR-META-999) whose pair was not listed, plus the input error.
	require.Equal(t, len(r.Evaluated)+1+1, s.Tests)
	require.Equal(t, 5, s.Failures, "5 unsuppressed failing findings, each on its own pair")
	require.Equal(t, 1, s.Skipped, "1 indeterminate")
	require.Equal(t, 1, s.Errors, "1 input error")
	require.Equal(t, "input", s.Suites[len(s.Suites)-1].Name)
}

func TestJUnitCaseContents(t *testing.T) {
	s := parseJUnit(t, fixtureReport())
	find := func(rule, name string) int {
		for i, suite := range s.Suites {
			for j, c := range suite.Cases {
				if c.ClassName == rule && c.Name == name {
					return i*1000 + j
				}
			}
		}
		t.Fatalf("no test case %s %s", rule, name)
		return 0
	}
	get := func(rule, name string) (string, *struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}, bool, string) {
		k := find(rule, name)
		c := s.Suites[k/1000].Cases[k%1000]
		return c.Name, c.Failure, c.Skipped != nil, c.SystemOut
	}

	_, fail, _, _ := get("EMR-SC-001", "aws_emr_security_configuration.main")
	require.NotNil(t, fail)
	require.Equal(t, "CRITICAL", fail.Type)
	require.Contains(t, fail.Body, "infra/emr/main.tf:12:5")
	require.Contains(t, fail.Body, "fix: Set EncryptionMode")

	_, fail, skipped, out := get("EMR-SC-003", "aws_emr_security_configuration.dynamic")
	require.Nil(t, fail)
	require.True(t, skipped)
	require.Contains(t, out, "unknown until apply")

	_, fail, skipped, out = get("EMR-SC-008", "aws_emr_security_configuration.legacy")
	require.Nil(t, fail, "suppressed findings pass")
	require.False(t, skipped)
	require.Contains(t, out, "reason: legacy cluster, decommissioned in Q3")

	_, fail, _, out = get("EMR-REL-001", "aws_emr_cluster.legacy")
	require.Nil(t, fail)
	require.Contains(t, out, "suppressed (policy)")
	require.Contains(t, out, "ticket: SEC-1234")

	// The bare document's pair is named by its file.
	_, fail, _, _ = get("EMR-SC-009", "configs/secconf.json")
	require.NotNil(t, fail)
	require.Equal(t, "LOW", fail.Type)

	_, fail, _, _ = get("EMR-SC-001", "aws_emr_security_configuration.dynamic")
	require.Nil(t, fail, "passing pair")
}

func TestJUnitStrictAndGrouping(t *testing.T) {
	r := &Report{
		Strict: true,
		Findings: []rules.Finding{
			{RuleID: "EMR-SC-003", Severity: rules.High, Status: rules.Indeterminate, Address: "a.x", Message: "unknown"},
			{RuleID: "EMR-SC-001", Severity: rules.Medium, Status: rules.Fail, Address: "a.y", Message: "one"},
			{RuleID: "EMR-SC-001", Severity: rules.Critical, Status: rules.Fail, Address: "a.y", Message: "two"},
		},
		Evaluated: []check.Evaluation{{RuleID: "EMR-SC-001", Address: "a.y"}, {RuleID: "EMR-SC-003", Address: "a.x"}},
	}
	s := parseJUnit(t, r)
	require.Equal(t, 2, s.Tests)
	require.Equal(t, 2, s.Failures, "strict: indeterminate fails")
	require.Equal(t, 0, s.Skipped)
	c := s.Suites[0].Cases[0]
	require.Equal(t, "a.y", c.Name)
	require.Equal(t, "CRITICAL", c.Failure.Type, "worst severity of the pair")
	require.Contains(t, c.Failure.Message, "2 findings")
	require.Contains(t, c.Failure.Body, "one")
	require.Contains(t, c.Failure.Body, "two")
}

// Control characters that XML 1.0 cannot hold never make the file
// unparseable.
func TestJUnitInvalidXMLCharacters(t *testing.T) {
	r := &Report{Findings: []rules.Finding{{RuleID: "EMR-SC-001", Status: rules.Fail, Address: "a\x00b", Message: "bad \x01\x1b[31m text"}}}
	s := parseJUnit(t, r)
	require.Equal(t, 1, s.Failures)
}
