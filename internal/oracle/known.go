package oracle

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Known is testdata/oracle/known-differences.txt: the classes of
// disagreement not yet fixed, and each recorded difference with its class.
//
//	# class NAME [feature ...] (ISSUE ITEM): what differs, and why
//	CASE RULE ADDRESS source=S plan=P NAME
//
// ISSUE ITEM names the item of issue 19 the class belongs to ("2:
// nullable = false"), so that the fix that removes it is found.
type Known struct {
	// Classes maps a class name to its description.
	Classes map[string]string
	// Features maps a class to the generator features that lead to it
	// (what the live comparison uses to tell a known class from a new one).
	Features map[string][]string
	// Items maps a class to the issue item it belongs to.
	Items map[string]string
	// Entries maps a difference's key to its class.
	Entries map[string]string
	// order keeps the classes as written.
	order []string
}

var classLine = regexp.MustCompile(`^# class ([a-z0-9-]+)((?: [a-z0-9-]+)*) \(([^()]+)\): (.+)$`)

// ParseKnown reads the expectations file.
func ParseKnown(data []byte) (*Known, error) {
	k := &Known{Classes: map[string]string{}, Features: map[string][]string{}, Items: map[string]string{}, Entries: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if m := classLine.FindStringSubmatch(line); m != nil {
			if _, dup := k.Classes[m[1]]; dup {
				return nil, fmt.Errorf("line %d: class %s declared twice", n, m[1])
			}
			k.Classes[m[1]] = m[4]
			k.Items[m[1]] = m[3]
			k.Features[m[1]] = strings.Fields(m[2])
			k.order = append(k.order, m[1])
			continue
		}
		if strings.HasPrefix(line, "# class ") {
			return nil, fmt.Errorf("line %d: want # class NAME [FEATURE ...] (ISSUE ITEM): DESCRIPTION, got %q", n, line)
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 6 {
			return nil, fmt.Errorf("line %d: want CASE RULE ADDRESS source=S plan=P CLASS, got %q", n, line)
		}
		key := strings.Join(f[:5], " ")
		if _, dup := k.Entries[key]; dup {
			return nil, fmt.Errorf("line %d: %s listed twice", n, key)
		}
		k.Entries[key] = f[5]
	}
	return k, sc.Err()
}

// Format writes k back, with entries grouped by class.
func (k *Known) Format(header string) []byte {
	var b strings.Builder
	b.WriteString(header)
	for _, c := range k.order {
		fmt.Fprintf(&b, "# class %s", c)
		for _, f := range k.Features[c] {
			b.WriteString(" " + f)
		}
		fmt.Fprintf(&b, " (%s): %s\n", k.Items[c], k.Classes[c])
	}
	byClass := map[string][]string{}
	for key, c := range k.Entries {
		byClass[c] = append(byClass[c], key)
	}
	classes := append([]string(nil), k.order...)
	for c := range byClass {
		if _, ok := k.Classes[c]; !ok {
			classes = append(classes, c)
		}
	}
	for _, c := range classes {
		keys := byClass[c]
		if len(keys) == 0 {
			continue
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "\n# %s (%d)\n", c, len(keys))
		for _, key := range keys {
			fmt.Fprintf(&b, "%s %s\n", key, c)
		}
	}
	return []byte(b.String())
}

// classRule recognises a class of difference: the case has one of the
// features (none listed: any case), and the difference matches the rule
// and statuses that are set.
type classRule struct {
	class    string
	features []string
	rule     string
	source   string
	plan     string
	// not: the case has none of these features.
	not []string
}

// classRules are tried in order by Classify. They name a likely class
// for -update-known to write (every class was checked on its cases by
// hand, docs/oracle.md, and the file is the record), and the class a
// difference of a fresh case in TestLive must have.
var classRules = []classRule{
	{class: "validation-not-evaluated", features: []string{"validation-fails"}, rule: "-", source: "accepted", plan: Error},
	{class: "nullable-false-null-no-default", features: []string{"nullable-false-no-default"}, rule: "-", source: "accepted", plan: Error},
	{class: "invalid-reference-in-try", features: []string{"try-unsupported-attribute", "can-unsupported-attribute"}, rule: "-", source: "accepted", plan: Error},
	{class: "logic-both-operands-evaluated", features: []string{"logic-both-operands"}, rule: "-", source: "accepted", plan: Error},
	{class: "terraform-applying-unsupported", features: []string{"terraform-applying"}, rule: "-", source: Error, plan: "accepted"},
	{class: "ephemeralasnull-returns-value", features: []string{"ephemeralasnull"}},
	{class: "opentofu-element-negative-index", features: []string{"opentofu-provider-for-each"}, rule: "-", source: Error, plan: "accepted"},
	{class: "opentofu-encode-tfvars-unknown", features: []string{"opentofu-provider-for-each"}, rule: "-", source: "accepted", plan: Error},
	{class: "opentofu-provider-for-each-region", features: []string{"opentofu-provider-for-each"}, rule: "EMR-SC-012"},
	{class: "provider-override-region", features: []string{"provider-override"}, rule: "EMR-SC-012"},
	{class: "provider-region-from-env", features: []string{"provider-region-env"}, rule: "EMR-SC-012"},
	{class: "provider-no-region", features: []string{"provider-no-region"}, rule: "EMR-SC-012"},
	{class: "unknown-not-null-decided", features: []string{"unknown-not-null"}, rule: "EMR-NET-001", source: Pass, plan: Fail, not: []string{"variable-nullable-false", "module-null-nullable-false"}},
	{class: "plan-unknown-subnet-passes", rule: "EMR-NET-001", source: Fail, plan: Pass},
	{class: "nullable-false-null", features: []string{"variable-nullable-false", "module-null-nullable-false"}},
}

// Classify names the likely class of d, or "unclassified".
func Classify(c *Case, d Difference) string {
	if cs := Candidates(c, d); len(cs) > 0 {
		return cs[0]
	}
	return "unclassified"
}

// Candidates are the classes whose rules match d, most likely first.
func Candidates(c *Case, d Difference) []string {
	has := map[string]bool{}
	for _, f := range c.Features {
		has[f] = true
	}
	var out []string
next:
	for _, r := range classRules {
		if r.rule != "" && r.rule != d.Rule || r.source != "" && r.source != d.Source || r.plan != "" && r.plan != d.Plan {
			continue
		}
		for _, f := range r.not {
			if has[f] {
				continue next
			}
		}
		if len(r.features) == 0 {
			out = append(out, r.class)
			continue
		}
		for _, f := range r.features {
			if has[f] {
				out = append(out, r.class)
				break
			}
		}
	}
	return out
}
