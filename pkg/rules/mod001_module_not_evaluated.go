package rules

import (
	"fmt"
	"strings"
)

// MOD001 reports module calls that may create EMR resources but whose
// module could not be evaluated.
var MOD001 = &Rule{
	ID:       "EMR-MOD-001",
	Title:    "module that may create EMR resources was not evaluated",
	Severity: High,
	Rationale: "Most EMR deployments live in modules, often from a registry or a Git repository. When the module's code is not " +
		"on disk (terraform init has not run, or the installed copy does not match the configuration), none of the clusters " +
		"and security configurations it creates can be checked from the source (terraform init documentation, child module " +
		"installation: modules are downloaded into .terraform/modules). Unknown is never a pass: the gap is reported.",
	Remediation: "Run terraform init before the check so the module is installed in .terraform/modules, or check the plan " +
		"(terraform show -json PLANFILE) with the source: tfemrcheck plan.json DIR.",
	Doc: "Source mode only. Always reported with status indeterminate, at the module call (`module.emr`), when the module " +
		"is neither a local path nor installed by `terraform init` (`.terraform/modules/modules.json` records every installed " +
		"module: registry, Git, S3, HTTP and nested calls; an entry whose source or version no longer matches the call is not " +
		"used, and a note says so), and what the call can reach gives a sign of EMR: an argument holding an EMR " +
		"security-configuration document or an `emr-` release label, an argument named after an EMR cluster setting " +
		"(`master_instance_type`, `ec2_attributes`...), a value holding, at any depth, a key only EMR resources use " +
		"(`instance_type_configs`, `target_spot_capacity`, `default_s3_location`, `eks_info`...), or \"emr\" in the source. " +
		"The call's name is no sign: `module \"emr_label\"` calling a label module is a note. Other remote modules that are not " +
		"installed are reported as notes.\n\n" +
		"An argument shaped like a security configuration (a JSON string, `jsonencode()` or an object whose top-level keys " +
		"include `EncryptionConfiguration`, `AuthenticationConfiguration`, `InstanceMetadataServiceConfiguration`...) is " +
		"checked with every security-configuration rule all the same, reported at the module call with the argument named: " +
		"an SSE-C mode passed into a module that is not installed fails EMR-SC-001.",
	Targets: []string{},
	Bad: `module "emr" {
  source  = "example-org/emr-cluster/aws"
  version = "~> 1.0"

  release_label = "emr-7.2.0"
}
`,
	Good: exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, mc := range p.Model.ModuleCalls {
			if mc.Evaluated || !mc.MayCreateEMR() {
				continue
			}
			reason := mc.Reason
			if reason == "" {
				reason = "not evaluated"
			}
			p.Indeterminatef(At{Address: mc.Address, Fallback: mc.Range},
				"%s (source %s) was not evaluated: %s; it may create EMR resources (%s), and none of its resources were checked",
				mc.Address, quoteSource(mc.Source), reason, strings.Join(mc.EMRHints, "; "))
		}
	},
}

// quoteSource renders a module source for a message.
func quoteSource(s string) string { return fmt.Sprintf("%q", s) }
