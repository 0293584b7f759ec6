package policy

import (
	"fmt"
	"math/big"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tfemrcheck/tfemrcheck/pkg/release"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

var fileSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "severity_threshold"},
		{Name: "inline_suppressions"},
		{Name: "inline_suppressions_max_severity"},
		{Name: "max_exception_days"},
		{Name: "exclude_roots"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "rule", LabelNames: []string{"id"}},
		{Type: "parameters"},
		{Type: "exception"},
	},
}

var ruleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "enabled"}, {Name: "severity"}},
}

var parametersSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "allowed_kms_keys"},
		{Name: "minimum_release_label"},
		{Name: "allow_sse_s3"},
		{Name: "max_imds_hop_limit"},
		{Name: "allowed_custom_amis"},
		{Name: "max_certificate_validity_days"},
		{Name: "approved_security_configurations"},
		{Name: "bpa_no_permitted_ranges"},
		{Name: "studio_require_sso"},
	},
}

var exceptionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "rule"}, {Name: "address"}, {Name: "root"}, {Name: "reason"}, {Name: "expires"}, {Name: "ticket"},
	},
}

// DateLayout is the layout of expiry dates (YYYY-MM-DD).
const DateLayout = "2006-01-02"

func (p *Policy) decode(body hcl.Body) hcl.Diagnostics {
	content, diags := body.Content(fileSchema)
	if a := content.Attributes["severity_threshold"]; a != nil {
		if s, ok := str(a, &diags); ok {
			if sev, ok := severity(a, s, &diags); ok {
				p.SeverityThreshold = &sev
			}
		}
	}
	p.decodeGovernance(content.Attributes, &diags)
	if a := content.Attributes["exclude_roots"]; a != nil {
		p.decodeExcludeRoots(a, &diags)
	}
	var params *hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "rule":
			p.decodeRule(b, &diags)
		case "parameters":
			if params != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate parameters block",
					Detail:   fmt.Sprintf("The parameters were already set at %s:%d; merge the two blocks.", params.DefRange.Filename, params.DefRange.Start.Line),
					Subject:  b.DefRange.Ptr(),
				})
				continue
			}
			params = b
			p.decodeParams(b, &diags)
		case "exception":
			p.decodeException(b, &diags)
		}
	}
	return diags
}

// decodeGovernance reads the arguments that govern suppressions.
func (p *Policy) decodeGovernance(at hcl.Attributes, diags *hcl.Diagnostics) {
	allowed := true
	if a := at["inline_suppressions"]; a != nil {
		if v, ok := boolean(a, diags); ok {
			allowed = v
			p.Inline.Forbidden = !v
			p.Inline.Range = toRange(a.Range)
		}
	}
	if a := at["inline_suppressions_max_severity"]; a != nil {
		if s, ok := str(a, diags); ok {
			if sev, ok := severity(a, s, diags); ok {
				if allowed {
					p.Inline.MaxSeverity = &sev
					p.Inline.Range = toRange(a.Range)
				} else {
					*diags = append(*diags, attrErr(a, "Conflicting arguments",
						"inline_suppressions = false already forbids every inline suppression; remove inline_suppressions_max_severity or allow inline suppressions."))
				}
			}
		}
	}
	if a := at["max_exception_days"]; a != nil {
		if v, ok := integer(a, 1, 36500, diags); ok {
			p.MaxExceptionDays = v
			p.MaxExceptionDaysRange = toRange(a.Range)
		}
	}
}

// decodeExcludeRoots reads exclude_roots: path globs (doublestar syntax)
// relative to the directory of DIR/..., slash-separated.
func (p *Policy) decodeExcludeRoots(a *hcl.Attribute, diags *hcl.Diagnostics) {
	v, ok := strList(a, diags)
	if !ok {
		return
	}
	for _, pat := range v {
		if why := rootPatternProblem(pat); why != "" {
			*diags = append(*diags, attrErr(a, "Invalid root pattern", fmt.Sprintf("exclude_roots: %q %s.", pat, why)))
			return
		}
	}
	p.ExcludeRoots = v
	p.ExcludeRootsRange = toRange(a.Range)
}

// rootPatternProblem says what is wrong with a root path glob, or "".
func rootPatternProblem(pat string) string {
	switch {
	case strings.TrimSpace(pat) == "":
		return "is empty"
	case strings.HasPrefix(pat, "/") || filepath.IsAbs(pat):
		return "is absolute; write it relative to the directory given to DIR/... (\"envs/prod\", \"modules/**\")"
	case strings.Contains(pat, "\\"):
		return "holds a backslash; separate directories with /"
	case !doublestar.ValidatePattern(pat):
		return "is not a valid glob (*, **, ?, [a-z], {a,b})"
	}
	return ""
}

// CanonicalRuleID writes a rule id as the catalogue does: ids are
// case-insensitive, so ASCII letters are upper-cased. Nothing else
// changes, so no other spelling (a Unicode look-alike, say) can name a
// rule.
func CanonicalRuleID(id string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, id)
}

func (p *Policy) decodeRule(b *hcl.Block, diags *hcl.Diagnostics) {
	id := CanonicalRuleID(b.Labels[0])
	if !knownRule(id) {
		*diags = append(*diags, unknownRule(id, b.LabelRanges[0]))
		return
	}
	if prev, ok := p.Rules[id]; ok {
		*diags = append(*diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate rule block",
			Detail:   fmt.Sprintf("Rule %s is already configured at %s:%d; merge the two blocks.", id, prev.Range.Filename, prev.Range.Start.Line),
			Subject:  b.DefRange.Ptr(),
		})
		return
	}
	content, d := b.Body.Content(ruleSchema)
	*diags = append(*diags, d...)
	rs := RuleSetting{Enabled: true, Range: toRange(b.DefRange)}
	if a := content.Attributes["enabled"]; a != nil {
		if v, ok := boolean(a, diags); ok {
			rs.Enabled = v
		}
	}
	if a := content.Attributes["severity"]; a != nil {
		if s, ok := str(a, diags); ok {
			if sev, ok := severity(a, s, diags); ok {
				rs.Severity = &sev
			}
		}
	}
	p.Rules[id] = rs
}

func (p *Policy) decodeParams(b *hcl.Block, diags *hcl.Diagnostics) {
	content, d := b.Body.Content(parametersSchema)
	*diags = append(*diags, d...)
	at := content.Attributes
	set := make([]*hcl.Attribute, 0, len(at))
	for _, a := range at {
		set = append(set, a)
	}
	sort.Slice(set, func(i, j int) bool { return set[i].Range.Start.Byte < set[j].Range.Start.Byte })
	for _, a := range set {
		p.ParamsSet = append(p.ParamsSet, a.Name)
	}
	if a := at["allowed_kms_keys"]; a != nil {
		if v, ok := strList(a, diags); ok {
			p.Params.AllowedKMSKeys = v
		}
	}
	if a := at["minimum_release_label"]; a != nil {
		if v, ok := str(a, diags); ok {
			l, err := release.Parse(v)
			switch {
			case err != nil:
				*diags = append(*diags, attrErr(a, "Invalid release label", fmt.Sprintf("%v; write it as emr-MAJOR.MINOR.PATCH, e.g. \"emr-6.15.0\".", err)))
			case l.AMI:
				*diags = append(*diags, attrErr(a, "Invalid release label", fmt.Sprintf("%q is a pre-4.0 AMI version; write the minimum as emr-MAJOR.MINOR.PATCH.", v)))
			default:
				p.Params.MinimumReleaseLabel = v
			}
		}
	}
	if a := at["allow_sse_s3"]; a != nil {
		if v, ok := boolean(a, diags); ok {
			p.Params.AllowSSES3 = v
		}
	}
	if a := at["max_imds_hop_limit"]; a != nil {
		if v, ok := integer(a, 1, 64, diags); ok {
			p.Params.MaxIMDSHopLimit = v
		}
	}
	if a := at["allowed_custom_amis"]; a != nil {
		if v, ok := strList(a, diags); ok {
			p.Params.AllowedCustomAMIs = v
		}
	}
	if a := at["max_certificate_validity_days"]; a != nil {
		if v, ok := integer(a, 1, 36500, diags); ok {
			p.Params.MaxCertificateValidityDays = v
		}
	}
	if a := at["approved_security_configurations"]; a != nil {
		if v, ok := strList(a, diags); ok {
			p.Params.ApprovedSecurityConfigurations = v
		}
	}
	if a := at["bpa_no_permitted_ranges"]; a != nil {
		if v, ok := boolean(a, diags); ok {
			p.Params.BPANoPermittedRanges = v
		}
	}
	if a := at["studio_require_sso"]; a != nil {
		if v, ok := boolean(a, diags); ok {
			p.Params.StudioRequireSSO = v
		}
	}
}

func (p *Policy) decodeException(b *hcl.Block, diags *hcl.Diagnostics) {
	content, d := b.Body.Content(exceptionSchema)
	*diags = append(*diags, d...)
	at := content.Attributes
	e := Exception{Range: toRange(b.DefRange)}
	if r, ok := b.Body.(interface{ Range() hcl.Range }); ok {
		whole := hcl.RangeBetween(b.DefRange, r.Range())
		e.Range = toRange(whole)
	}
	ok := true
	required := func(name, what string) (string, bool) {
		a := at[name]
		if a == nil {
			*diags = append(*diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing " + name + " in exception",
				Detail:   fmt.Sprintf("An exception needs %s = %s.", name, what),
				Subject:  b.DefRange.Ptr(),
			})
			return "", false
		}
		s, good := str(a, diags)
		if good && strings.TrimSpace(s) == "" {
			*diags = append(*diags, attrErr(a, "Empty "+name+" in exception", fmt.Sprintf("An exception needs a non-empty %s: %s.", name, what)))
			return "", false
		}
		return s, good
	}
	var good bool
	if e.Rule, good = required("rule", `"EMR-..." (a rule id)`); good {
		e.Rule = CanonicalRuleID(e.Rule)
		if !knownRule(e.Rule) {
			*diags = append(*diags, unknownRule(e.Rule, at["rule"].Expr.Range()))
			good = false
		}
	}
	ok = ok && good
	e.Address, good = required("address", `"resource address or pattern with *"`)
	ok = ok && good
	e.Reason, good = required("reason", `"why the risk is accepted"`)
	ok = ok && good
	if a := at["expires"]; a != nil {
		if s, good := str(a, diags); good {
			if _, err := time.Parse(DateLayout, s); err != nil {
				*diags = append(*diags, attrErr(a, "Invalid expiry date", fmt.Sprintf("expires = %q is not a date of the form YYYY-MM-DD.", s)))
				ok = false
			} else {
				e.Expires = s
				e.ExpiresRange = toRange(a.Range)
			}
		} else {
			ok = false
		}
	}
	if a := at["ticket"]; a != nil {
		if s, good := str(a, diags); good {
			e.Ticket = s
		}
	}
	if a := at["root"]; a != nil {
		if s, good := str(a, diags); good {
			if why := rootPatternProblem(s); why != "" {
				*diags = append(*diags, attrErr(a, "Invalid root pattern", fmt.Sprintf("root = %q %s.", s, why)))
				ok = false
			} else {
				e.Root = s
			}
		} else {
			ok = false
		}
	}
	if ok {
		p.Exceptions = append(p.Exceptions, e)
	}
}

func knownRule(id string) bool { return rules.ByID(id) != nil }

func unknownRule(id string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unknown rule id",
		Detail:   fmt.Sprintf("There is no rule %q in the catalogue.", id),
		Subject:  rng.Ptr(),
	}
}

func attrErr(a *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  a.Expr.Range().Ptr(),
		Context:  a.Range.Ptr(),
	}
}

// value evaluates a constant expression and converts it to ty; variables
// and functions are not available in the policy file.
func value(a *hcl.Attribute, ty cty.Type, what string, diags *hcl.Diagnostics) (cty.Value, bool) {
	v, d := a.Expr.Value(nil)
	*diags = append(*diags, d...)
	if d.HasErrors() {
		return cty.NilVal, false
	}
	if v.IsNull() {
		*diags = append(*diags, attrErr(a, "Invalid value", fmt.Sprintf("%s must be %s, not null.", a.Name, what)))
		return cty.NilVal, false
	}
	c, err := convert.Convert(v, ty)
	if err != nil || !c.IsWhollyKnown() {
		*diags = append(*diags, attrErr(a, "Invalid value", fmt.Sprintf("%s must be %s.", a.Name, what)))
		return cty.NilVal, false
	}
	return c, true
}

func str(a *hcl.Attribute, diags *hcl.Diagnostics) (string, bool) {
	v, ok := value(a, cty.String, "a string", diags)
	if !ok {
		return "", false
	}
	return v.AsString(), true
}

func boolean(a *hcl.Attribute, diags *hcl.Diagnostics) (bool, bool) {
	v, ok := value(a, cty.Bool, "true or false", diags)
	if !ok {
		return false, false
	}
	return v.True(), true
}

func integer(a *hcl.Attribute, min, max int, diags *hcl.Diagnostics) (int, bool) {
	what := fmt.Sprintf("a whole number from %d to %d", min, max)
	v, ok := value(a, cty.Number, what, diags)
	if !ok {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() || bf.Cmp(big.NewFloat(float64(min))) < 0 || bf.Cmp(big.NewFloat(float64(max))) > 0 {
		*diags = append(*diags, attrErr(a, "Invalid value", fmt.Sprintf("%s must be %s.", a.Name, what)))
		return 0, false
	}
	n, _ := bf.Int64()
	return int(n), true
}

func strList(a *hcl.Attribute, diags *hcl.Diagnostics) ([]string, bool) {
	v, ok := value(a, cty.List(cty.String), "a list of strings", diags)
	if !ok {
		return nil, false
	}
	out := []string{}
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			*diags = append(*diags, attrErr(a, "Invalid value", fmt.Sprintf("%s must not contain null.", a.Name)))
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}

func severity(a *hcl.Attribute, s string, diags *hcl.Diagnostics) (rules.Severity, bool) {
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		*diags = append(*diags, attrErr(a, "Invalid severity", err.Error()+"."))
		return 0, false
	}
	return sev, true
}
