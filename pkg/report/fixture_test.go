package report

import (
	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// rng is a one-line source range.
func rng(file string, line, col, endCol int) *model.Range {
	return &model.Range{Filename: file, Start: model.Pos{Line: line, Column: col}, End: model.Pos{Line: line, Column: endCol}}
}

// fixtureReport is the shared input of the golden tests: findings of every
// kind (failing with and without a source location, indeterminate,
// suppressed inline and by the policy file, with related resources, from
// a bare security-configuration document, of a rule outside the
// catalogue, with text that needs escaping) and an input error.
func fixtureReport() *Report {
	const (
		scMain    = "aws_emr_security_configuration.main"
		scDynamic = "aws_emr_security_configuration.dynamic"
		scLegacy  = "aws_emr_security_configuration.legacy"
		clAnalyt  = "aws_emr_cluster.analytics"
		clLegacy  = "aws_emr_cluster.legacy"
		clLake    = `module.lake.aws_emr_cluster.this["a,b"]`
	)
	fs := []rules.Finding{
		{
			RuleID: "EMR-SC-001", Title: "S3 encryption does not use SSE-C", Severity: rules.Critical, Status: rules.Fail,
			Address:     scMain,
			Message:     `EMR does not support SSE-C: EncryptionMode is "SSE-C"`,
			Remediation: "Set EncryptionMode to SSE-KMS or SSE-S3.",
			Location:    rng("infra/emr/main.tf", 12, 5, 38),
			Related: []rules.Related{
				{Address: clAnalyt, Message: "uses this security configuration", Location: rng("infra/emr/main.tf", 40, 3, 60)},
				{Address: clLegacy, Message: "uses this security configuration"},
			},
		},
		{
			RuleID: "EMR-CL-001", Title: "cluster has a security configuration", Severity: rules.High, Status: rules.Fail,
			Address:     clLegacy,
			Message:     "the cluster has no security configuration",
			Remediation: "Set security_configuration to the name of an aws_emr_security_configuration.",
		},
		{
			RuleID: "EMR-CL-002", Title: "security configuration can be verified", Severity: rules.Medium, Status: rules.Fail,
			Address:     clLake,
			Message:     "name 100% from var.sc | \"data:x, y\"\nsecond line <script>alert(1)</script> `code` *bold* [link](x)",
			Remediation: "Use a literal | or a resource reference.",
			Location:    rng("infra/modules/lake/main.tf", 7, 3, 40),
		},
		{
			RuleID: "EMR-SC-003", Title: "security configuration values are valid", Severity: rules.High, Status: rules.Indeterminate,
			Address:     scDynamic,
			Message:     "configuration is unknown until apply; cannot verify",
			Remediation: "Write the configuration as a literal or jsonencode of known values.",
			Location:    rng("infra/emr/main.tf", 60, 3, 30),
		},
		{
			RuleID: "EMR-SC-008", Title: "at-rest encryption uses a customer KMS key", Severity: rules.Critical, Status: rules.Fail,
			Address:     scLegacy,
			Message:     "AwsKmsKey is missing",
			Remediation: "Set AwsKmsKey to a KMS key ARN.",
			Location:    rng("infra/emr/legacy.tf", 5, 3, 20),
			Suppressed: &rules.Suppression{
				Kind: "inline", Reason: "legacy cluster, decommissioned in Q3", Expires: "2027-03-31",
				Location: rng("infra/emr/legacy.tf", 4, 3, 70),
			},
		},
		{
			RuleID: "EMR-REL-001", Title: "release label is supported", Severity: rules.Critical, Status: rules.Fail,
			Address:     clLegacy,
			Message:     `release label "emr-5.20.0" is below the minimum emr-6.0.0`,
			Remediation: "Upgrade release_label.",
			Suppressed: &rules.Suppression{
				Kind: "policy", Reason: "accepted by the security team until migration", Expires: "2026-12-31", Ticket: "SEC-1234",
				Location: rng(".tfemrcheck.hcl", 10, 1, 12),
			},
		},
		{
			RuleID: "EMR-SC-009", Title: "local disk encryption uses a KMS key", Severity: rules.Low, Status: rules.Fail,
			Message:     "LocalDiskEncryptionConfiguration uses a custom key provider",
			Remediation: "Use AwsKms as EncryptionKeyProviderType.",
			Location:    rng("configs/secconf.json", 3, 7, 40),
		},
		{
			RuleID: "EMR-META-999", Title: "suppression matched nothing", Severity: rules.Info, Status: rules.Fail,
			Address:     scMain,
			Message:     "tfemrcheck:ignore EMR-SC-004 matched no finding",
			Remediation: "Remove the comment.",
			Location:    rng("infra/emr/main.tf", 3, 1, 40),
		},
	}
	check.Sort(fs)
	var evs []check.Evaluation
	add := func(rule, origin string, addrs ...string) {
		for _, a := range addrs {
			evs = append(evs, check.Evaluation{RuleID: rule, Address: a, Origin: origin})
		}
	}
	add("EMR-CL-001", "infra/emr", clAnalyt)
	add("EMR-CL-001", "plans/prod.json", clLegacy)
	add("EMR-CL-002", "infra/emr", clAnalyt, clLake)
	add("EMR-REL-001", "infra/emr", clAnalyt)
	add("EMR-REL-001", "plans/prod.json", clLegacy)
	for _, r := range []string{"EMR-SC-001", "EMR-SC-003", "EMR-SC-008", "EMR-SC-009"} {
		add(r, "infra/emr", scDynamic, scLegacy, scMain)
	}
	add("EMR-SC-009", "configs/secconf.json", "")
	return &Report{
		ToolName:    "tfemrcheck",
		ToolVersion: "1.2.3",
		Findings:    fs,
		Errors: []InputError{
			{File: "plans/broken.json", Message: `reading plan "plans/broken.json": unexpected end of JSON input`},
		},
		Evaluated: evs,
	}
}

// fixtureRules is a fixed catalogue for the SARIF golden file, so that it
// does not change whenever a rule's text does.
func fixtureRules() []*rules.Rule {
	mk := func(id, title string, sev rules.Severity) *rules.Rule {
		return &rules.Rule{
			ID: id, Title: title, Severity: sev,
			Rationale:   "Why " + id + " matters.",
			Remediation: "How to fix " + id + ".",
			Check:       func(*rules.Pass) {},
		}
	}
	return []*rules.Rule{
		mk("EMR-SC-001", "S3 encryption does not use SSE-C", rules.Critical),
		mk("EMR-SC-003", "security configuration values are valid", rules.High),
		mk("EMR-SC-008", "at-rest encryption uses a customer KMS key", rules.Critical),
		mk("EMR-SC-009", "local disk encryption uses a KMS key", rules.Critical),
		mk("EMR-CL-001", "cluster has a security configuration", rules.High),
		mk("EMR-CL-002", "security configuration can be verified", rules.Medium),
		mk("EMR-REL-001", "release label is supported", rules.Critical),
		mk("EMR-REL-002", "release label supports the configuration", rules.Info),
	}
}
