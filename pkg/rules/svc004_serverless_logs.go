package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SVC004 requires EMR Serverless logs to be encrypted with a customer key.
var SVC004 = &Rule{
	ID:       "EMR-SVC-004",
	Title:    "EMR Serverless logs must be encrypted with a KMS key",
	Severity: Low,
	Rationale: "EMR Serverless monitoring (CloudWatch Logs, S3, managed persistence) takes an encryption_key_arn so that logs are " +
		"encrypted with a customer managed key under the organisation's custody (EMR Serverless User Guide; Terraform " +
		"aws_emrserverless_application schema).",
	Remediation: "Add encryption_key_arn to each enabled monitoring destination.",
	Doc: "Fails for each enabled destination without encryption_key_arn: cloudwatch_logging_configuration with enabled = true, " +
		"s3_monitoring_configuration with a log_uri, and managed_persistence_monitoring_configuration unless enabled = false (the service " +
		"enables managed persistence by default). An enabled flag known only after apply, without a key, is indeterminate, and so is a monitoring block known only " +
		"after apply; a key known only after apply counts as set.",
	Bad: `resource "aws_emrserverless_application" "example" {
  name          = "example"
  release_label = "emr-7.2.0"
  type          = "spark"

  monitoring_configuration {
    cloudwatch_logging_configuration {
      enabled = true
    }
  }
}
`,
	Good: SVC003.Good,
	Check: func(p *Pass) {
		for _, r := range p.Model.ByType(model.TypeServerlessApplication) {
			mc := blockOf(r, "monitoring_configuration")
			if mc.IsUnknown() {
				p.Indeterminatef(resAt(r, mc), "monitoring encryption cannot be verified: monitoring_configuration is %s", unknownText(mc))
				continue
			}
			if !mc.IsKnown() {
				continue
			}
			var bad, unknown []string
			var at *model.Value
			check := func(name string, enabled boolState, en *model.Value) {
				b := block(mc.Get(name))
				if b.IsUnknown() {
					unknown = append(unknown, name+" ("+blockers(b)+")")
					return
				}
				if !b.IsKnown() || !emptyOrAbsent(b.Get("encryption_key_arn")) {
					return
				}
				switch enabled {
				case boolTrue:
					bad = append(bad, name)
					if at == nil {
						at = b
					}
				case boolUnknown:
					unknown = append(unknown, name+".enabled ("+blockers(en)+")")
				}
			}
			cw := block(mc.Get("cloudwatch_logging_configuration"))
			check("cloudwatch_logging_configuration", docBool(cw.Get("enabled")), cw.Get("enabled"))
			s3 := block(mc.Get("s3_monitoring_configuration"))
			s3on := boolFalse
			if !emptyOrAbsent(s3.Get("log_uri")) {
				s3on = boolTrue
			}
			check("s3_monitoring_configuration", s3on, nil)
			mp := block(mc.Get("managed_persistence_monitoring_configuration"))
			mpOn := docBool(mp.Get("enabled"))
			if !mp.Get("enabled").IsSet() {
				mpOn = boolTrue
			}
			check("managed_persistence_monitoring_configuration", mpOn, mp.Get("enabled"))
			switch {
			case len(bad) > 0:
				p.Failf(resAt(r, at), "monitoring without encryption_key_arn: %s", strings.Join(bad, ", "))
			case len(unknown) > 0:
				p.Indeterminatef(resAt(r, mc), "monitoring encryption cannot be verified, these values are unknown: %s", strings.Join(unknown, ", "))
			}
		}
	},
}
