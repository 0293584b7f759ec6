package rules

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// secretWords mark property keys that hold secrets.
var secretWords = []string{"password", "secret", "credential", "token", "access key", "accesskey", "access.key", "access_key", "access-key"}

// notSecretWords mark property keys that configure where secrets come
// from or how they behave, not a secret itself.
var notSecretWords = []string{"provider", "path", "interval", "lifetime", "renew", "enabled", "enable", "ttl", "kind", "file", "location", "class"}

// weakening are property values that turn a protection off.
var weakening = map[string]string{
	"spark.authenticate":           "false",
	"spark.network.crypto.enabled": "false",
	"spark.ssl.enabled":            "false",
	"hadoop.rpc.protection":        "authentication",
	"hive.metastore.use.ssl":       "false",
	"dfs.encrypt.data.transfer":    "false",
}

func secretKey(k string) bool {
	l := strings.ToLower(k)
	for _, w := range notSecretWords {
		if strings.Contains(l, w) {
			return false
		}
	}
	for _, w := range secretWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// literalSecret reports whether v looks like a secret written in place
// rather than a pointer to a secret store.
func literalSecret(v *model.Value) bool {
	s, ok := v.AsString()
	if !ok {
		return false
	}
	s = strings.TrimSpace(s)
	l := strings.ToLower(s)
	switch {
	case s == "", l == "true", l == "false",
		strings.HasPrefix(l, "arn:aws"), strings.HasPrefix(l, "jceks://"), strings.HasPrefix(l, "{{resolve:"), strings.HasPrefix(l, "${"):
		return false
	}
	return true
}

// scalarText renders a scalar for comparison.
func scalarText(v *model.Value) string {
	switch {
	case !v.IsKnown():
		return ""
	case v.Kind == model.KindBool:
		if v.Bool {
			return "true"
		}
		return "false"
	case v.Kind == model.KindNumber:
		return v.Str
	}
	s, _ := v.AsString()
	return strings.ToLower(strings.TrimSpace(s))
}

// walkConfigurations checks a list of {Classification, Properties,
// Configurations} objects.
func walkConfigurations(v *model.Value, issues *[]string, first **model.Value) {
	for _, c := range elems(v) {
		if !c.IsKnown() || c.Kind != model.KindObject {
			continue
		}
		class := c.Get("Classification").ShownText()
		props := c.Get("Properties")
		if props.IsKnown() && props.Kind == model.KindObject {
			for i, k := range props.Keys() {
				pv := props.Elems()[i]
				where := class + ": " + props.ShownKey(k)
				if secretKey(k) && literalSecret(pv) {
					*issues = append(*issues, where+" holds a secret in plain text")
					if *first == nil {
						*first = pv
					}
				}
				if bad, ok := weakening[strings.ToLower(k)]; ok && scalarText(pv) == bad {
					*issues = append(*issues, fmt.Sprintf("%s = %s turns a protection off", where, pv.Display()))
					if *first == nil {
						*first = pv
					}
				}
			}
		}
		walkConfigurations(c.Get("Configurations"), issues, first)
	}
}

// CL007 reports secrets and weakening toggles in configurations_json.
var CL007 = &Rule{
	ID:       "EMR-CL-007",
	Title:    "configurations_json must not weaken security or hold secrets",
	Severity: Medium,
	Rationale: "Application configurations are plain data: DescribeCluster returns them and Terraform state keeps them (EMR API Reference). " +
		"Passwords or keys in them leak, and a few properties turn protections off, such as hive.metastore.use.SSL=false (EMR " +
		"Management Guide, understanding in-transit encryption).",
	Remediation: "Move secrets to Secrets Manager or a credential provider; remove the weakening property or suppress the finding with the recorded exception.",
	Doc: "Checks configurations_json of aws_emr_cluster and aws_emr_instance_group, including nested Configurations. A property whose " +
		"key contains password, secret, credential, token or access key (but not provider, path and similar) with a plain string value " +
		"is reported, without its value; values that are ARNs, jceks:// paths or true/false are not. Weakening properties: " +
		"spark.authenticate=false, spark.network.crypto.enabled=false, spark.ssl.enabled=false, hadoop.rpc.protection=authentication, " +
		"hive.metastore.use.SSL=false, dfs.encrypt.data.transfer=false. A configurations_json known only after apply, or that is not " +
		"valid JSON, is indeterminate.",
	Bad: `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"

  configurations_json = jsonencode([
    {
      Classification = "spark-defaults"
      Properties     = { "spark.authenticate" = "false" }
    }
  ])

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Good: `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"

  configurations_json = jsonencode([
    {
      Classification = "spark-defaults"
      Properties     = { "spark.executor.memory" = "4g" }
    }
  ])

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Check: func(p *Pass) {
		var rs []*model.Resource
		rs = append(rs, p.Model.ByType(model.TypeCluster)...)
		rs = append(rs, p.Model.ByType(model.TypeInstanceGroup)...)
		for _, r := range rs {
			cj := r.Attr("configurations_json")
			var root *model.Value
			switch {
			case !cj.IsSet():
				continue
			case cj.IsKnown() && cj.Kind == model.KindString && strings.TrimSpace(cj.Str) == "":
				// "" is how modules say "no configurations"; the AWS
				// provider treats it as not set.
				continue
			case cj.IsUnknown():
				p.Indeterminatef(resAt(r, cj), "configurations_json cannot be checked: it depends on %s", blockers(cj))
				continue
			case cj.Kind == model.KindString:
				doc, perr := secconf.Parse([]byte(`{"c":`+cj.Str+"\n}"), nil)
				if perr != nil {
					p.Indeterminatef(resAt(r, cj), "configurations_json cannot be checked: it is not valid JSON")
					continue
				}
				// what is parsed from a sensitive or tainted string is so too
				if cj.Sensitive {
					doc.MarkSensitive()
				}
				if cj.Taint() != "" {
					doc.MarkTainted(cj.Taint())
				}
				root = doc.Get("c")
			default:
				root = cj
			}
			if root.IsKnown() && root.Kind == model.KindObject {
				root = model.NewList(root)
			}
			var issues []string
			var first *model.Value
			walkConfigurations(root, &issues, &first)
			if len(issues) > 0 {
				at := resAt(r, cj)
				if first != nil && first.Range != nil {
					at = resAt(r, first)
				}
				p.Failf(at, "configurations_json: %s", strings.Join(issues, "; "))
			}
		}
	},
}
