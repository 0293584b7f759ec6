package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// NET003 requires a service-access security group in private subnets.
var NET003 = &Rule{
	ID:       "EMR-NET-003",
	Title:    "private subnet needs a service-access security group",
	Severity: Medium,
	Rationale: "A cluster in a private subnet with custom EMR-managed security groups also needs service_access_security_group " +
		"(Terraform aws_emr_cluster documentation; EMR Management Guide, clusters in a VPC); without it the cluster fails to launch.",
	Remediation: "Add ec2_attributes.service_access_security_group.",
	Doc: "Fails when emr_managed_master_security_group or emr_managed_slave_security_group is set, service_access_security_group is not, " +
		"and every subnet of the cluster is an aws_subnet in the input without map_public_ip_on_launch = true (the data EMR-NET-002 uses). " +
		"Indeterminate when a subnet is not in the input or its flag is known only after apply, and when the ec2_attributes block is known only after apply.",
	Bad: `resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/24"
}

` + exCluster("emr-7.2.0", "", `    subnet_id                         = aws_subnet.private.id
    emr_managed_master_security_group = "sg-0123456789abcdef1"
    emr_managed_slave_security_group  = "sg-0123456789abcdef2"
`),
	Good: `resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/24"
}

` + exCluster("emr-7.2.0", "", `    subnet_id                         = aws_subnet.private.id
    emr_managed_master_security_group = "sg-0123456789abcdef1"
    emr_managed_slave_security_group  = "sg-0123456789abcdef2"
    service_access_security_group     = "sg-0123456789abcdef3"
`),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			ec2 := blockOf(c.Resource, "ec2_attributes")
			if ec2.IsUnknown() {
				p.Indeterminatef(clusterAt(c, ec2), "whether the cluster needs a service-access security group cannot be verified: ec2_attributes is %s", unknownText(ec2))
				continue
			}
			// An attribute a plan leaves to the provider (inside a dynamic
			// block) may be unset: it decides nothing either way, so a
			// failure that rests on it is indeterminate.
			master, slave := ec2.Get("emr_managed_master_security_group"), ec2.Get("emr_managed_slave_security_group")
			sag := ec2.Get("service_access_security_group")
			set := func(v *model.Value) bool { return !emptyOrAbsent(v) && !model.IsProviderDecided(v) }
			custom := set(master) || set(slave)
			maybeCustom := model.IsProviderDecided(master) || model.IsProviderDecided(slave)
			if (!custom && !maybeCustom) || set(sag) {
				continue
			}
			undecided := !custom || model.IsProviderDecided(sag)
			sn := subnetsOf(p.Model, c)
			if !sn.any {
				continue
			}
			public, unknown := false, false
			for _, s := range sn.found {
				switch docBool(s.Attr("map_public_ip_on_launch")) {
				case boolTrue:
					public = true
				case boolUnknown:
					unknown = true
				}
			}
			switch {
			case public:
			case undecided:
				p.Indeterminatef(clusterAt(c, ec2), "whether the cluster in a private subnet has custom EMR-managed security groups without service_access_security_group cannot be verified: the plan does not show those ec2_attributes (a dynamic block) and leaves them to the provider, decided after apply")
			case unknown || len(sn.missing) > 0:
				p.Indeterminatef(clusterAt(c, ec2), "the cluster sets custom EMR-managed security groups without service_access_security_group, and whether its subnet is private cannot be verified")
			default:
				p.Failf(clusterAt(c, ec2), "the cluster is in a private subnet with custom EMR-managed security groups but no service_access_security_group")
			}
		}
	},
}
