package rules

// typeVirtualCluster is the EMR on EKS virtual cluster resource type.
const typeVirtualCluster = "aws_emrcontainers_virtual_cluster"

// SVC005 notes that EMR on EKS security settings are not manageable yet.
var SVC005 = &Rule{
	ID:       "EMR-SVC-005",
	Title:    "EMR on EKS security configuration is not yet manageable",
	Severity: Info,
	Rationale: "EMR on EKS has its own security-configuration API (Lake Formation, in-transit encryption), but the released Terraform AWS " +
		"provider has no aws_emrcontainers_security_configuration resource yet (terraform-provider-aws issue #41712, pull request #41716).",
	Remediation: "Track the provider release; enforce EMR on EKS encryption and Lake Formation settings by other means meanwhile.",
	Doc:         "Informational: reported for every aws_emrcontainers_virtual_cluster, whose security settings this tool cannot check.",
	Bad: `resource "aws_emrcontainers_virtual_cluster" "example" {
  name = "example"

  container_provider {
    id   = "example-eks"
    type = "EKS"

    info {
      eks_info {
        namespace = "emr"
      }
    }
  }
}
`,
	Good: `# No aws_emrcontainers_virtual_cluster: nothing to note.
resource "aws_emrserverless_application" "example" {
  name          = "example"
  release_label = "emr-7.2.0"
  type          = "spark"
}
`,
	Check: func(p *Pass) {
		for _, r := range p.Model.ByType(typeVirtualCluster) {
			p.Failf(resAt(r, nil), "EMR on EKS: in-transit encryption and Lake Formation settings cannot be managed with the released provider, so they are not checked")
		}
	},
}
