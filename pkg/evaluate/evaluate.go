// Package evaluate checks a single security-configuration document, alone
// or for a cluster of a given release, with the CLI's model and rules. It
// is the evaluation behind the Terraform provider's functions and data
// source, so that the provider and the CLI give the same findings.
package evaluate

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// Addresses and names the evaluated model gives its resources, so that
// findings read as for a module with one security configuration and one
// cluster using it.
const (
	SCAddress      = model.TypeSecurityConfiguration + "." + resourceName
	ClusterAddress = model.TypeCluster + "." + resourceName
	// SCName is the security configuration's name, which the cluster's
	// security_configuration attribute refers to.
	SCName = "tfemrcheck-evaluated"
	// DocumentFile is the file name in the ranges of findings located in
	// the configuration text (line and column are within that text).
	DocumentFile = "configuration"
	// ReleaseBlocker names what an unknown release label depends on.
	ReleaseBlocker = "release_label"

	resourceName = "this"
)

// ruleMeta is the one meta rule that concerns the inputs evaluated here.
const ruleMeta = "EMR-META-003"

// Selected reports whether a rule concerns a security-configuration
// document and a release label: the EMR-SC-* and EMR-REL-* families, and
// EMR-META-003 (unparseable release label).
func Selected(r *rules.Rule) bool {
	return strings.HasPrefix(r.ID, "EMR-SC-") || strings.HasPrefix(r.ID, "EMR-REL-") || r.ID == ruleMeta
}

// Rules returns the rules of rules.Catalogue() that Selected accepts, in
// catalogue order.
func Rules() []*rules.Rule {
	var out []*rules.Rule
	for _, r := range rules.Catalogue() {
		if Selected(r) {
			out = append(out, r)
		}
	}
	return out
}

// Release is the release label of the cluster a configuration is checked
// for.
type Release struct {
	// Label is the release label ("emr-7.2.0"); "" means no cluster.
	Label string
	// Unknown says the label is not known yet (Terraform plan time): the
	// model then has a cluster whose release_label is unknown, so release
	// rules report indeterminate findings instead of passing.
	Unknown bool
}

// Model builds the model the rules see: one security configuration whose
// configuration attribute is the given text (parsed with secconf.Parse;
// invalid JSON becomes a ParseError, reported as EMR-SC-000) and, when a
// release is given, one cluster of that release that uses it.
func Model(configuration string, rel Release) *model.Model {
	base := &model.Range{Filename: DocumentFile, Start: model.Pos{Line: 1, Column: 1}}
	cfg := model.NewString(configuration)
	// As for a bare document file: findings on missing keys point at the
	// start of the text.
	cfg.Range = &model.Range{Filename: DocumentFile, Start: base.Start, End: base.Start}
	name := model.NewString(SCName)
	attrs := model.NewObject()
	attrs.Set("name", name)
	attrs.Set("configuration", cfg)
	scRes := &model.Resource{
		Address:       SCAddress,
		ConfigAddress: SCAddress,
		Type:          model.TypeSecurityConfiguration,
		Name:          resourceName,
		Attrs:         attrs,
		Origin:        DocumentFile,
	}
	sc := &model.SecurityConfig{Resource: scRes, Configuration: cfg}
	sc.Document, sc.ParseError = secconf.Parse([]byte(configuration), base)
	m := &model.Model{
		Resources:       []*model.Resource{scRes},
		SecurityConfigs: []*model.SecurityConfig{sc},
	}
	if rel.Label != "" || rel.Unknown {
		label := model.NewString(rel.Label)
		if rel.Unknown {
			label = model.NewUnknown(ReleaseBlocker)
		}
		cattrs := model.NewObject()
		cattrs.Set("release_label", label)
		cattrs.Set("security_configuration", model.NewString(SCName))
		cres := &model.Resource{
			Address:       ClusterAddress,
			ConfigAddress: ClusterAddress,
			Type:          model.TypeCluster,
			Name:          resourceName,
			Attrs:         cattrs,
			Refs:          map[string][]string{"security_configuration": {SCAddress + ".name"}},
			Origin:        DocumentFile,
		}
		m.Resources = append(m.Resources, cres)
		m.Clusters = []*model.Cluster{{Resource: cres}}
	}
	model.Link(m, func(*model.Cluster) string { return SCAddress })
	return m
}

// Run evaluates m with Rules() and the default parameters.
func Run(m *model.Model) ([]rules.Finding, error) {
	return check.Run(m, check.Options{Rules: Rules()})
}

// SecurityConfiguration checks a security-configuration JSON text, and,
// when releaseLabel is not empty, its use by a cluster of that release.
// Invalid JSON is a finding (EMR-SC-000), not an error; the error is set
// only when a rule fails internally.
func SecurityConfiguration(configuration, releaseLabel string) ([]rules.Finding, error) {
	return Run(Model(configuration, Release{Label: releaseLabel}))
}

// PendingRelease checks a security-configuration JSON text for a cluster
// whose release label is not known yet. Release rules that need the label
// report indeterminate findings; the document's own findings are final.
func PendingRelease(configuration string) ([]rules.Finding, error) {
	return Run(Model(configuration, Release{Unknown: true}))
}

// Blocking reports whether a finding stops a configuration at the given
// threshold: it is at or above the threshold, not suppressed, and failing
// or indeterminate (a finding that cannot be verified never passes).
func Blocking(f rules.Finding, threshold rules.Severity) bool {
	return f.Suppressed == nil && f.Severity >= threshold &&
		(f.Status == rules.Fail || f.Status == rules.Indeterminate)
}
