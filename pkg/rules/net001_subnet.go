package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// NET001 requires an explicit subnet.
var NET001 = &Rule{
	ID:       "EMR-NET-001",
	Title:    "cluster must be launched in an explicit VPC subnet",
	Severity: High,
	Rationale: "Without ec2_attributes.subnet_id or subnet_ids, EMR launches the cluster in a subnet of the default VPC, usually public " +
		"(EMR Management Guide, clusters in a VPC). Private subnets need emr-4.2.0 or later.",
	Remediation: "Set ec2_attributes.subnet_id (or subnet_ids for instance fleets) to private subnets.",
	Doc: "Fails when ec2_attributes is missing, or when neither subnet_id nor subnet_ids is set (an empty list does not count). A subnet " +
		"known only after apply counts as set; the loaders treat a computed subnet_id the configuration does not write as absent, and one " +
		"a plan leaves unknown inside a dynamic block (which a plan does not show) is indeterminate: the provider decides it. An " +
		"ec2_attributes block known only after apply is indeterminate.",
	Bad: `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"
  log_uri                = "s3://example-logs/emr/"

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Good: exCluster("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			ec2 := c.Resource.Attr("ec2_attributes")
			b := block(ec2)
			switch {
			case b.IsUnknown():
				p.Indeterminatef(clusterAt(c, ec2), "ec2_attributes cannot be verified: it depends on %s", blockers(b))
				continue
			case !b.IsSet():
				p.Failf(clusterAt(c, ec2), "the cluster has no ec2_attributes: EMR picks a subnet of the default VPC")
				continue
			}
			id, ids := b.Get("subnet_id"), b.Get("subnet_ids")
			decidedID, decidedIDs := model.IsProviderDecided(id), model.IsProviderDecided(ids)
			if (!emptyOrAbsent(id) && !decidedID) || (ids.IsUnknown() && !decidedIDs) || len(elems(ids)) > 0 {
				continue
			}
			if decidedID || decidedIDs {
				p.Indeterminatef(clusterAt(c, b), "whether ec2_attributes sets subnet_id cannot be verified: the plan does not show it (a dynamic block) and leaves it to the provider, decided after apply; without it EMR picks a subnet of the default VPC")
				continue
			}
			p.Failf(clusterAt(c, b), "ec2_attributes sets neither subnet_id nor subnet_ids: EMR picks a subnet of the default VPC")
		}
	},
}
