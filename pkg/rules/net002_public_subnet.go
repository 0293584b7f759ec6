package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// clusterSubnets is what the model says about a cluster's subnets.
type clusterSubnets struct {
	found   []*model.Resource // aws_subnet resources in the model
	missing []string          // subnets (addresses, ids or blockers) not in the model
	any     bool              // the cluster sets a subnet at all
}

// subnetsOf resolves a cluster's subnet_id / subnet_ids to aws_subnet
// resources: through the expression's references, else by known id.
func subnetsOf(m *model.Model, c *model.Cluster) clusterSubnets {
	var out clusterSubnets
	r := c.Resource
	seen := map[string]bool{}
	ec2 := blockOf(r, "ec2_attributes")
	written := func(attr string) bool {
		v := ec2.Get(attr)
		if emptyOrAbsent(v) || v.IsKnown() && v.Kind == model.KindList && len(v.Elems()) == 0 {
			return false
		}
		return v.IsKnown() || len(r.Refs["ec2_attributes."+attr]) > 0
	}
	for _, attr := range []string{"subnet_id", "subnet_ids"} {
		path := "ec2_attributes." + attr
		v := ec2.Get(attr)
		if emptyOrAbsent(v) || v.IsKnown() && v.Kind == model.KindList && len(v.Elems()) == 0 {
			continue
		}
		// subnet_id and subnet_ids conflict: when one is written, the
		// other, unknown without an expression, is computed by the provider.
		other := "subnet_ids"
		if attr == "subnet_ids" {
			other = "subnet_id"
		}
		if v.IsUnknown() && len(r.Refs[path]) == 0 && written(other) {
			continue
		}
		out.any = true
		if hasRefTo(r, path, model.TypeSubnet) {
			found, missing := refTargets(m, r, path, model.TypeSubnet)
			for _, s := range found {
				if !seen[s.Address] {
					seen[s.Address] = true
					out.found = append(out.found, s)
				}
			}
			out.missing = append(out.missing, missing...)
			continue
		}
		vals := []*model.Value{v}
		if v.IsKnown() && v.Kind == model.KindList {
			vals = v.Elems()
		}
		for _, e := range vals {
			if e.IsUnknown() {
				out.missing = append(out.missing, blockers(e))
				continue
			}
			id, ok := e.AsString()
			if !ok {
				continue
			}
			ss := byKnownID(m, model.TypeSubnet, id)
			if len(ss) == 0 {
				out.missing = append(out.missing, e.ShownText())
			}
			for _, s := range ss {
				if !seen[s.Address] {
					seen[s.Address] = true
					out.found = append(out.found, s)
				}
			}
		}
	}
	return out
}

// NET002 forbids public subnets for clusters.
var NET002 = &Rule{
	ID:       "EMR-NET-002",
	Title:    "cluster must not be in a public-IP subnet",
	Severity: High,
	Rationale: "In a subnet with map_public_ip_on_launch = true the primary node gets a public IP address (EMR Management Guide, clusters " +
		"in a VPC). Security Hub EMR.1 and AWS Config emr-master-no-public-ip require primary nodes without public IPs.",
	Remediation: "Launch the cluster in private subnets (map_public_ip_on_launch = false) with a NAT gateway or VPC endpoints.",
	Doc: "The subnets are found through the references of ec2_attributes.subnet_id / subnet_ids (in the cluster's module), or by a " +
		"known subnet id equal to the id of an aws_subnet in the input. Fails when one has map_public_ip_on_launch = true. Indeterminate " +
		"when the flag is known only after apply, or when a subnet is not in the input (an existing subnet, a data source, a variable). " +
		"A cluster without subnet is EMR-NET-001's.",
	Bad: `resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

` + exCluster("emr-7.2.0", "", "    subnet_id        = aws_subnet.public.id\n"),
	Good: `resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/24"
}

` + exCluster("emr-7.2.0", "", "    subnet_id        = aws_subnet.private.id\n"),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			sn := subnetsOf(p.Model, c)
			if !sn.any {
				continue
			}
			at := clusterAt(c, blockOf(c.Resource, "ec2_attributes").Get("subnet_id"))
			var public, unknown []string
			for _, s := range sn.found {
				v := s.Attr("map_public_ip_on_launch")
				switch docBool(v) {
				case boolTrue:
					public = append(public, s.Address)
				case boolUnknown:
					unknown = append(unknown, s.Address+" ("+blockers(v)+")")
				}
			}
			switch {
			case len(public) > 0:
				p.Failf(at, "the cluster's subnet %s sets map_public_ip_on_launch = true: the primary node gets a public IP", strings.Join(public, ", "))
			case len(unknown) > 0:
				p.Indeterminatef(at, "whether the cluster's subnet assigns public IPs cannot be verified, these values are unknown: %s", strings.Join(unknown, ", "))
			case len(sn.missing) > 0:
				p.Indeterminatef(at, "the cluster's subnet is not in this input (%s): whether it assigns public IPs cannot be verified", joinSorted(sn.missing))
			}
		}
	},
}
