package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Coverage says what a run checked, so that a pass is never mistaken for
// more than it is: how many EMR resources the rules saw, and which module
// calls were and were not evaluated.
type Coverage struct {
	// Clusters and SecurityConfigurations count aws_emr_cluster and
	// aws_emr_security_configuration instances checked.
	Clusters               int `json:"clusters"`
	SecurityConfigurations int `json:"security_configurations"`
	// Documents counts security-configuration documents checked outside a
	// resource: bare document files, and module-call arguments of modules
	// that were not evaluated.
	Documents int `json:"documents"`
	// OtherEMRResources counts the other aws_emr* resources checked
	// (instance groups and fleets, block public access, Studio,
	// Serverless, EMR on EKS).
	OtherEMRResources int `json:"other_emr_resources"`
	// UnknownInstances counts resources whose number of instances is not
	// known (count or for_each unknown): each was checked as one instance
	// of key [*].
	UnknownInstances int `json:"unknown_instances"`
	// ModulesEvaluated counts module calls whose resources were checked
	// (local modules and modules installed by terraform init).
	ModulesEvaluated int `json:"modules_evaluated"`
	// ModulesNotEvaluated lists the module calls whose resources were not
	// checked, in address order.
	ModulesNotEvaluated []ModuleGap `json:"modules_not_evaluated"`
	// Workspaces are the terraform.workspace values the source used
	// (only when it refers to terraform.workspace), each with where it
	// came from: the result depends on the machine that ran the check.
	Workspaces []model.Workspace `json:"workspaces,omitempty"`
	// Roots lists, for a run over DIR/..., every root module checked
	// (relative to DIR, as a finding's root) with what the rules saw in
	// it, in the run's order: a root that gave no finding, note or error
	// is listed too, so that "nothing reported" can be told from "not
	// looked at".
	Roots []RootCoverage `json:"roots,omitempty"`
}

// RootCoverage is what one root module of a DIR/... run held.
type RootCoverage struct {
	Root string `json:"root"`
	// Input is the command-line path the root came from, when the run
	// has several (as a finding's input).
	Input                  string `json:"input,omitempty"`
	Clusters               int    `json:"clusters"`
	SecurityConfigurations int    `json:"security_configurations"`
	Documents              int    `json:"documents"`
	OtherEMRResources      int    `json:"other_emr_resources"`
	UnknownInstances       int    `json:"unknown_instances"`
	ModulesEvaluated       int    `json:"modules_evaluated"`
	// ModulesNotEvaluated counts the root's module calls that were not
	// evaluated (each is listed in the run's modules_not_evaluated).
	ModulesNotEvaluated int `json:"modules_not_evaluated"`
}

// ForRoot marks c as the coverage of one root module (DIR/...): its
// module gaps name the root, and Roots holds its own counts.
func (c *Coverage) ForRoot(root, input string) {
	for i := range c.ModulesNotEvaluated {
		c.ModulesNotEvaluated[i].Root, c.ModulesNotEvaluated[i].Input = root, input
	}
	c.Roots = []RootCoverage{{
		Root: root, Input: input, Clusters: c.Clusters, SecurityConfigurations: c.SecurityConfigurations,
		Documents: c.Documents, OtherEMRResources: c.OtherEMRResources, UnknownInstances: c.UnknownInstances,
		ModulesEvaluated: c.ModulesEvaluated, ModulesNotEvaluated: len(c.ModulesNotEvaluated),
	}}
}

// ModuleGap is a module call that was not evaluated.
type ModuleGap struct {
	Address string `json:"address"`
	// Root and Input name the root module (DIR/...) and command-line
	// input the call is in, as a finding's do.
	Root   string `json:"root,omitempty"`
	Input  string `json:"input,omitempty"`
	Source string `json:"source"`
	Reason string `json:"reason"`
	// MayCreateEMR says the call shows signs of creating EMR resources
	// (EMR-MOD-001 reports it).
	MayCreateEMR bool `json:"may_create_emr"`
}

// CoverageOf counts what the rules check in m.
func CoverageOf(m *model.Model) Coverage {
	var c Coverage
	for _, r := range m.Resources {
		switch {
		case r.Type == model.TypeCluster:
			c.Clusters++
		case r.Type == model.TypeSecurityConfiguration:
			c.SecurityConfigurations++
		case strings.HasPrefix(r.Type, "aws_emr"):
			c.OtherEMRResources++
		default:
			continue
		}
		if len(r.UnknownInstances) > 0 {
			c.UnknownInstances++
		}
	}
	for _, sc := range m.SecurityConfigs {
		if sc.Address() == "" || sc.Argument != "" {
			c.Documents++
		}
	}
	if m.Workspace != nil {
		c.Workspaces = []model.Workspace{*m.Workspace}
	}
	for _, mc := range m.ModuleCalls {
		if mc.Evaluated {
			c.ModulesEvaluated++
			continue
		}
		c.ModulesNotEvaluated = append(c.ModulesNotEvaluated, ModuleGap{
			Address: mc.Address, Source: mc.Source, Reason: mc.Reason, MayCreateEMR: mc.MayCreateEMR(),
		})
	}
	return c
}

// Add counts o's coverage in c (several inputs in one run).
func (c *Coverage) Add(o Coverage) {
	c.Clusters += o.Clusters
	c.SecurityConfigurations += o.SecurityConfigurations
	c.Documents += o.Documents
	c.OtherEMRResources += o.OtherEMRResources
	c.UnknownInstances += o.UnknownInstances
	c.ModulesEvaluated += o.ModulesEvaluated
	c.ModulesNotEvaluated = append(c.ModulesNotEvaluated, o.ModulesNotEvaluated...)
	c.Roots = append(c.Roots, o.Roots...)
	for _, w := range o.Workspaces {
		if !slices.Contains(c.Workspaces, w) {
			c.Workspaces = append(c.Workspaces, w)
		}
	}
	sort.SliceStable(c.ModulesNotEvaluated, func(i, j int) bool {
		return c.ModulesNotEvaluated[i].Address < c.ModulesNotEvaluated[j].Address
	})
}

// EMRGaps counts the module calls that may create EMR resources and were
// not evaluated.
func (c *Coverage) EMRGaps() int {
	n := 0
	for _, g := range c.ModulesNotEvaluated {
		if g.MayCreateEMR {
			n++
		}
	}
	return n
}

// Line is the one-line account of the coverage the text formats print.
func (c *Coverage) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "checked %s, %s", plural(c.Clusters, "cluster"), plural(c.SecurityConfigurations, "security configuration"))
	if c.Documents > 0 {
		fmt.Fprintf(&b, ", %s", plural(c.Documents, "security-configuration document"))
	}
	fmt.Fprintf(&b, ", %s", plural(c.OtherEMRResources, "other EMR resource"))
	if c.UnknownInstances > 0 {
		fmt.Fprintf(&b, " (%d with an unknown number of instances, checked as one)", c.UnknownInstances)
	}
	fmt.Fprintf(&b, "; modules: %d evaluated, %d not evaluated", c.ModulesEvaluated, len(c.ModulesNotEvaluated))
	if len(c.ModulesNotEvaluated) > 0 {
		var names []string
		for _, g := range c.ModulesNotEvaluated {
			names = append(names, g.Address)
		}
		const show = 5
		if len(names) > show {
			names = append(names[:show], fmt.Sprintf("and %d more", len(names)-show))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(names, ", "))
	}
	if n := c.EMRGaps(); n > 0 {
		fmt.Fprintf(&b, "; %s that may create EMR resources NOT checked", plural(n, "module"))
	}
	for _, w := range c.Workspaces {
		fmt.Fprintf(&b, "; terraform.workspace %q (%s)", w.Name, workspaceFrom(w.Source))
	}
	return b.String()
}

// workspaceFrom words where a workspace name came from.
func workspaceFrom(source string) string {
	switch source {
	case "default":
		return "the default: no TF_WORKSPACE, no .terraform/environment"
	case "option":
		return "given"
	}
	return "from " + source
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Incomplete reports whether the run saw EMR-looking code it could not
// evaluate, or findings it could not decide: its verdict must not read as
// a bare pass.
func (r *Report) Incomplete(s Summary) bool {
	return s.Indeterminate > 0 || (r.Checked != nil && r.Checked.EMRGaps() > 0)
}

// passWord is the verdict of a run that does not fail.
func (r *Report) passWord(s Summary) string {
	if r.Incomplete(s) {
		return "PASSED (INCOMPLETE)"
	}
	return "PASSED"
}

// writeCoverageText writes the text formats' coverage line, if known.
func writeCoverageText(w io.Writer, r *Report, prefix string) {
	if r.Checked == nil {
		return
	}
	fmt.Fprintf(w, "%s%s\n", prefix, EscapeLine(r.Checked.Line()))
}

// withCoverage adds the coverage to the SARIF run properties.
func withCoverage(p *sarifRunProps, c *Coverage) *sarifRunProps {
	if c == nil {
		return p
	}
	if p == nil {
		p = &sarifRunProps{}
	}
	p.Checked = c
	return p
}

// junitCoverageSuite is a test suite without test cases whose
// properties say what the run covered (as the policy suite does: JUnit
// has properties on suites only); nil when the coverage is not known.
func junitCoverageSuite(c *Coverage) *junitSuite {
	if c == nil {
		return nil
	}
	s := &junitSuite{Name: "coverage", Time: "0", Properties: &junitProperties{}}
	add := func(n, v string) {
		s.Properties.List = append(s.Properties.List, junitProperty{Name: "checked." + n, Value: v})
	}
	for _, kv := range []struct {
		n string
		v int
	}{
		{"clusters", c.Clusters}, {"security_configurations", c.SecurityConfigurations},
		{"documents", c.Documents}, {"other_emr_resources", c.OtherEMRResources},
		{"unknown_instances", c.UnknownInstances}, {"modules_evaluated", c.ModulesEvaluated},
		{"modules_not_evaluated", len(c.ModulesNotEvaluated)},
	} {
		add(kv.n, strconv.Itoa(kv.v))
	}
	for _, g := range c.ModulesNotEvaluated {
		add("module_not_evaluated", g.Address+" ("+g.Source+"): "+g.Reason)
	}
	return s
}

// coverage writes summary.checked (encoding/json: the value is small and
// its field order is the struct's).
func (jw *jsonWriter) coverage(c *Coverage) {
	if c.ModulesNotEvaluated == nil {
		cc := *c
		cc.ModulesNotEvaluated = []ModuleGap{}
		c = &cc
	}
	b, err := json.MarshalIndent(c, "    ", "  ")
	if err != nil {
		jw.raw("null")
		return
	}
	jw.buf = append(jw.buf, b...)
}
