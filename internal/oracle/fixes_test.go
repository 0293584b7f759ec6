package oracle

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// classFixes hold, for a class of known difference, a rewrite of a case
// that does by hand what Terraform does and source mode does not yet (the
// default in place of an explicit null, false for terraform.applying, …).
// TestCorpus wants each listed difference of such a class gone from the
// rewritten case: so the difference is the class's and nothing else's, and
// a class does not hide a new bug. Classes without a rewrite are
// differences of a whole configuration (one side refuses it) told apart by
// their feature and shape, see Classify.
var classFixes = map[string]func(c *Case) *Case{
	"nullable-false-null":               dropNulls,
	"ephemeralasnull-returns-value":     replaceAll(regexp.MustCompile(`ephemeralasnull\(var\.e_[0-9]+\)`), "null"),
	"terraform-applying-unsupported":    replaceAll(regexp.MustCompile(`terraform\.applying`), "false"),
	"provider-override-region":          inlineProviderOverride,
	"provider-region-from-env":          regionFromEnv,
	"provider-no-region":                regionFromEnv,
	"opentofu-provider-for-each-region": defaultProviderRegion,
}

// copyCase is a deep copy of c.
func copyCase(c *Case) *Case {
	d := *c
	d.Files = make(map[string]string, len(c.Files))
	for k, v := range c.Files {
		d.Files[k] = v
	}
	d.Env = append([]string(nil), c.Env...)
	d.Args = append([]string(nil), c.Args...)
	return &d
}

var (
	tfvarsNull = regexp.MustCompile(`(?m)^v_[0-9]+ = null\n`)
	argNull    = regexp.MustCompile(`(?m)^  (?:` + strings.Join(settingNames, "|") + `) = null\n`)
)

// dropNulls removes the explicit nulls the generator writes only for
// nullable = false variables (root tfvars and module arguments): what
// Terraform does with them, the default applies.
func dropNulls(c *Case) *Case {
	d := copyCase(c)
	for name, text := range d.Files {
		switch {
		case strings.HasSuffix(name, ".tfvars"):
			d.Files[name] = tfvarsNull.ReplaceAllString(text, "")
		case name == "main.tf" || name == "main.tofu":
			d.Files[name] = argNull.ReplaceAllString(text, "")
			// Through ./modules/wrap, whose variables are nullable, the
			// null reaches ./modules/emr as the wrapper's argument.
			if w, ok := d.Files["modules/wrap/main.tf"]; ok {
				for _, m := range argNull.FindAllString(text, -1) {
					n := strings.Fields(m)[0]
					w = strings.Replace(w, fmt.Sprintf("  %s = var.%s\n", n, n), "", 1)
				}
				d.Files["modules/wrap/main.tf"] = w
			}
		}
	}
	return d
}

// fixAll applies the rewrites of the classes, in a fixed order.
func fixAll(c *Case, classes map[string]bool) *Case {
	var names []string
	for cl := range classes {
		if classFixes[cl] != nil {
			names = append(names, cl)
		}
	}
	sort.Strings(names)
	for _, cl := range names {
		c = classFixes[cl](c)
	}
	return c
}

func replaceAll(re *regexp.Regexp, with string) func(*Case) *Case {
	return func(c *Case) *Case {
		d := copyCase(c)
		for name, text := range d.Files {
			d.Files[name] = re.ReplaceAllString(text, with)
		}
		return d
	}
}

var (
	regionLine    = regexp.MustCompile(`region = "([a-z0-9-]+)"`)
	emptyProvider = "provider \"aws\" {}\n"
)

// inlineProviderOverride merges provider_override.tf into the provider
// block it overrides, as Terraform does.
func inlineProviderOverride(c *Case) *Case {
	d := copyCase(c)
	m := regionLine.FindStringSubmatch(d.Files["provider_override.tf"])
	if m == nil {
		return d
	}
	delete(d.Files, "provider_override.tf")
	d.Files["main.tf"] = strings.Replace(d.Files["main.tf"], `region = "ap-south-1"`, fmt.Sprintf("region = %q", m[1]), 1)
	return d
}

// regionFromEnv writes the region the AWS provider takes when its block
// has none: AWS_REGION, then AWS_DEFAULT_REGION, then (the stand-in
// provider's choice) us-east-1.
func regionFromEnv(c *Case) *Case {
	d := copyCase(c)
	region := "us-east-1"
	env := map[string]string{}
	for _, kv := range c.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if r := env["AWS_DEFAULT_REGION"]; r != "" {
		region = r
	}
	if r := env["AWS_REGION"]; r != "" {
		region = r
	}
	d.Files["main.tf"] = strings.Replace(d.Files["main.tf"], emptyProvider, fmt.Sprintf("provider \"aws\" {\n  region = %q\n}\n", region), 1)
	return d
}

var instanceRegion = regexp.MustCompile(`provider = aws\.by_region\["([a-z0-9-]+)"\]`)

// defaultProviderRegion gives the default provider the region of the
// provider instance the resources use (OpenTofu's provider for_each).
func defaultProviderRegion(c *Case) *Case {
	d := copyCase(c)
	m := instanceRegion.FindStringSubmatch(d.Files["main.tofu"])
	if m == nil {
		return d
	}
	d.Files["providers.tofu"] = regionLine.ReplaceAllStringFunc(d.Files["providers.tofu"], func(s string) string {
		if s == `region = "`+m[1]+`"` || strings.Contains(s, "each.key") {
			return s
		}
		return fmt.Sprintf("region = %q", m[1])
	})
	return d
}

// classifyByFix names the class of d: the first candidate class whose
// rewrite removes it, else the first candidate without a rewrite (a
// refused configuration), else "unclassified".
func classifyByFix(c *Case, d Difference, removes func(classes map[string]bool) bool) string {
	cands := Candidates(c, d)
	for _, cl := range cands {
		if classFixes[cl] != nil && removes(map[string]bool{cl: true}) {
			return cl
		}
	}
	for _, cl := range cands {
		if classFixes[cl] == nil {
			return cl
		}
	}
	all := map[string]bool{}
	for _, cl := range cands {
		all[cl] = true
	}
	if len(cands) > 0 && removes(all) {
		return cands[0]
	}
	return "unclassified"
}

// classChecks hold, for a class without a rewrite, what its cases must
// show.
var classChecks = map[string]func(c *Case) bool{
	// The configuration writes no subnet: the root module passes none to
	// the module, or the root's cluster has a null one.
	"plan-unknown-subnet-passes": func(c *Case) bool {
		main := c.Files["main.tf"]
		if strings.Contains(main, "module \"") {
			return !strings.Contains(main, "\n  subnet_id = ")
		}
		return strings.Contains(main, "for_each = null == null ? [] : [null]") || !strings.Contains(main, "ec2_attributes")
	},
}
