package rules

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// clusterSGAttrs are the ec2_attributes naming security groups.
var clusterSGAttrs = []string{
	"emr_managed_master_security_group", "emr_managed_slave_security_group", "service_access_security_group",
	"additional_master_security_groups", "additional_slave_security_groups",
}

// sgUse is a security group in the model used by a cluster.
type sgUse struct {
	sg   *model.Resource
	attr string
}

// clusterSGs resolves the cluster's security groups that are in the model.
func clusterSGs(m *model.Model, c *model.Cluster) []sgUse {
	var out []sgUse
	seen := map[string]bool{}
	add := func(sg *model.Resource, attr string) {
		if !seen[sg.Address] {
			seen[sg.Address] = true
			out = append(out, sgUse{sg, attr})
		}
	}
	ec2 := blockOf(c.Resource, "ec2_attributes")
	for _, a := range clusterSGAttrs {
		path := "ec2_attributes." + a
		found, _ := refTargets(m, c.Resource, path, model.TypeSecurityGroup)
		for _, sg := range found {
			add(sg, a)
		}
		if s, ok := ec2.Get(a).AsString(); ok {
			for _, id := range strings.Split(s, ",") {
				for _, sg := range byKnownID(m, model.TypeSecurityGroup, strings.TrimSpace(id)) {
					add(sg, a)
				}
			}
		}
	}
	return out
}

// publicCIDR looks for cidr in a list (or a single string) value.
func publicCIDR(v *model.Value, cidr string) (hit *model.Value, unknown bool) {
	if v.IsUnknown() {
		return nil, true
	}
	vals := elems(v)
	if v.IsKnown() && v.Kind == model.KindString {
		vals = []*model.Value{v}
	}
	for _, e := range vals {
		if e.IsUnknown() {
			unknown = true
			continue
		}
		if s, ok := e.AsString(); ok && strings.TrimSpace(s) == cidr {
			return e, false
		}
	}
	return nil, unknown
}

// portText renders the port range of an ingress rule.
func portText(obj *model.Value, from, to string) string {
	if s, ok := obj.Get("ip_protocol").AsString(); ok && s == "-1" {
		return "all traffic"
	}
	if s, ok := obj.Get("protocol").AsString(); ok && (s == "-1" || strings.EqualFold(s, "all")) {
		return "all traffic"
	}
	f, ok1 := obj.Get(from).AsInt(true)
	t, ok2 := obj.Get(to).AsInt(true)
	switch {
	case ok1 && ok2 && f == t:
		return fmt.Sprintf("port %d", f)
	case ok1 && ok2:
		return fmt.Sprintf("ports %d-%d", f, t)
	}
	return "some ports"
}

// ingressCheck is the outcome for one rule object.
type ingressCheck struct {
	res     *model.Resource
	at      *model.Value
	msg     string
	unknown string
}

// checkIngress tests one ingress object with the given CIDR attributes.
// A known public CIDR in either list is a failure, even when the other
// list is unknown; only without one does an unknown list make the
// outcome unknown.
func checkIngress(res *model.Resource, obj *model.Value, v4, v6, from, to string) *ingressCheck {
	if obj.IsUnknown() {
		return &ingressCheck{res: res, at: obj, unknown: "the rule (" + blockers(obj) + ")"}
	}
	var unknown *ingressCheck
	for _, pc := range []struct{ attr, cidr string }{{v4, "0.0.0.0/0"}, {v6, "::/0"}} {
		hit, unk := publicCIDR(obj.Get(pc.attr), pc.cidr)
		if hit != nil {
			return &ingressCheck{res: res, at: hit, msg: fmt.Sprintf("allows ingress from %s on %s", pc.cidr, portText(obj, from, to))}
		}
		if unk && unknown == nil {
			unknown = &ingressCheck{res: res, at: obj.Get(pc.attr), unknown: pc.attr + " (" + blockers(obj.Get(pc.attr)) + ")"}
		}
	}
	return unknown
}

// sgIngress returns the public or unknown ingress of a security group:
// inline ingress blocks and standalone rule resources attached to it.
func sgIngress(m *model.Model, sg *model.Resource) []*ingressCheck {
	var out []*ingressCheck
	ing := sg.Attr("ingress")
	if ing.IsUnknown() {
		out = append(out, &ingressCheck{res: sg, at: ing, unknown: "ingress (" + blockers(ing) + ")"})
	}
	for _, b := range elems(ing) {
		if r := checkIngress(sg, b, "cidr_blocks", "ipv6_cidr_blocks", "from_port", "to_port"); r != nil {
			out = append(out, r)
		}
	}
	sgID, hasID := sg.Attr("id").AsString()
	attached := func(rule *model.Resource) bool {
		found, _ := refTargets(m, rule, "security_group_id", model.TypeSecurityGroup)
		for _, f := range found {
			if f == sg {
				return true
			}
		}
		id, ok := rule.Attr("security_group_id").AsString()
		return hasID && ok && id == sgID
	}
	for _, rule := range m.ByType(model.TypeSecurityGroupRule) {
		if !attached(rule) {
			continue
		}
		typ := rule.Attr("type")
		if s, ok := typ.AsString(); ok && s != "ingress" {
			continue
		}
		r := checkIngress(rule, rule.Attrs, "cidr_blocks", "ipv6_cidr_blocks", "from_port", "to_port")
		if r != nil && typ.IsUnknown() && r.unknown == "" {
			r = &ingressCheck{res: rule, at: typ, unknown: "type (" + blockers(typ) + ")"}
		}
		if r != nil {
			out = append(out, r)
		}
	}
	for _, rule := range m.ByType(model.TypeSGIngressRule) {
		if attached(rule) {
			if r := checkIngress(rule, rule.Attrs, "cidr_ipv4", "cidr_ipv6", "from_port", "to_port"); r != nil {
				out = append(out, r)
			}
		}
	}
	return out
}

// NET004 forbids public ingress on the cluster's security groups.
var NET004 = &Rule{
	ID:       "EMR-NET-004",
	Title:    "EMR security groups must not allow public ingress",
	Severity: High,
	Rationale: "Ingress from 0.0.0.0/0 or ::/0 exposes cluster nodes to the internet. Block public access stops such clusters only in " +
		"public subnets and permits port 22 by default (EMR Management Guide, block public access).",
	Remediation: "Restrict ingress to known CIDRs or security groups; reach nodes through SSM Session Manager or a bastion.",
	Doc: "Looks at the security groups named by emr_managed_master_security_group, emr_managed_slave_security_group, " +
		"service_access_security_group and additional_*_security_groups that are aws_security_group resources in the input (resolved " +
		"through references in the cluster's module, or by known id): their inline ingress blocks, and aws_security_group_rule " +
		"(type ingress) and aws_vpc_security_group_ingress_rule resources attached to them. The finding is on the resource that opens the " +
		"ingress and names the cluster. CIDRs known only after apply are indeterminate. Security groups that are not in the input are " +
		"not checked: their rules cannot be read from the input.",
	Bad: `resource "aws_security_group" "master" {
  name   = "emr-master"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

` + exCluster("emr-7.2.0", "", exSubnet+"    emr_managed_master_security_group = aws_security_group.master.id\n"),
	Good: `resource "aws_security_group" "master" {
  name   = "emr-master"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

` + exCluster("emr-7.2.0", "", exSubnet+"    emr_managed_master_security_group = aws_security_group.master.id\n"),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			for _, use := range clusterSGs(p.Model, c) {
				for _, r := range sgIngress(p.Model, use.sg) {
					where := "security group " + use.sg.Address
					if r.res != use.sg {
						where = r.res.Address + " on " + where
					}
					if r.unknown != "" {
						p.Indeterminatef(resAt(r.res, r.at), "%s (the %s of cluster %s): whether it allows public ingress cannot be verified, this value is unknown: %s", where, use.attr, c.Resource.Address, r.unknown)
					} else {
						p.Failf(resAt(r.res, r.at), "%s (the %s of cluster %s) %s", where, use.attr, c.Resource.Address, r.msg)
					}
				}
			}
		}
	},
}
