package policy

import (
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// The methods of this file say what a policy changes, for the reports:
// a reviewer must see which rules it turns off or re-grades, what it
// accepts and which limits it sets, in every output format.

// Override is a rule whose severity the policy changes.
type Override struct {
	Rule     string
	From, To rules.Severity
}

// Parameter is an organisation parameter the policy file sets.
type Parameter struct {
	// Name is the argument's name in the parameters block.
	Name string
	// Value is a bool, an int, a string or a []string.
	Value any
}

// Disabled returns the ids of the catalogue's rules the policy disables,
// in catalogue order.
func (p *Policy) Disabled() []string {
	out := []string{}
	for _, r := range rules.Catalogue() {
		if rs, ok := p.Rules[r.ID]; ok && !rs.Enabled {
			out = append(out, r.ID)
		}
	}
	return out
}

// Overrides returns the enabled rules whose severity the policy changes,
// in catalogue order.
func (p *Policy) Overrides() []Override {
	out := []Override{}
	for _, r := range rules.Catalogue() {
		rs, ok := p.Rules[r.ID]
		if ok && rs.Enabled && rs.Severity != nil && *rs.Severity != r.Severity {
			out = append(out, Override{Rule: r.ID, From: r.Severity, To: *rs.Severity})
		}
	}
	return out
}

// RulesEnabled is the number of catalogue rules that run under the policy.
func (p *Policy) RulesEnabled() int {
	return len(p.Catalogue(rules.Catalogue()))
}

// Parameters returns the parameters the file sets, in file order, with
// their values.
func (p *Policy) Parameters() []Parameter {
	out := []Parameter{}
	for _, name := range p.ParamsSet {
		if v, ok := p.paramValue(name); ok {
			out = append(out, Parameter{Name: name, Value: v})
		}
	}
	return out
}

func (p *Policy) paramValue(name string) (any, bool) {
	ps := p.Params
	switch name {
	case "allowed_kms_keys":
		return ps.AllowedKMSKeys, true
	case "minimum_release_label":
		return ps.MinimumReleaseLabel, true
	case "allow_sse_s3":
		return ps.AllowSSES3, true
	case "max_imds_hop_limit":
		return ps.MaxIMDSHopLimit, true
	case "allowed_custom_amis":
		return ps.AllowedCustomAMIs, true
	case "max_certificate_validity_days":
		return ps.MaxCertificateValidityDays, true
	case "approved_security_configurations":
		return ps.ApprovedSecurityConfigurations, true
	case "bpa_no_permitted_ranges":
		return ps.BPANoPermittedRanges, true
	case "studio_require_sso":
		return ps.StudioRequireSSO, true
	}
	return nil, false
}
