package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// netCluster builds a cluster whose ec2_attributes are given, with refs
// (attribute path -> references).
func netCluster(ec2 *model.Value, refs map[string][]string) *model.Resource {
	c := cluster("ec2_attributes", ec2)
	for k, v := range refs {
		c.Refs[k] = v
	}
	return c
}

func subnet(addr string, public any) *model.Resource {
	return res(addr, obj("map_public_ip_on_launch", public, "cidr_block", "10.0.0.0/24"))
}

func TestNET001Subnet(t *testing.T) {
	id := "EMR-NET-001"
	runCases(t, rules.NET001, []ruleCase{
		{"subnet id", clusterOnly(), nil},
		{"subnet ids", clusterOnly("ec2_attributes", blk("subnet_ids", []any{"subnet-1"})), nil},
		{"unknown subnet counts as set", clusterOnly("ec2_attributes", blk("subnet_id", unk("aws_subnet.a.id"))), nil},
		{"no ec2 attributes", func(t *testing.T) *model.Model {
			c := cluster()
			c.Attrs.Set("ec2_attributes", model.NewList())
			return resModel(t, c)
		}, failCL(id)},
		{"no subnet", clusterOnly("ec2_attributes", blk("instance_profile", "p")), failCL(id)},
		{"empty subnet ids", clusterOnly("ec2_attributes", blk("subnet_ids", []any{})), failCL(id)},
		{"unknown block", clusterOnly("ec2_attributes", unk("var.ec2")), indetCL(id)},
	})
}

func TestNET002PublicSubnet(t *testing.T) {
	id := "EMR-NET-002"
	ref := func(addr string, public any, subnetRefs ...string) func(t *testing.T) *model.Model {
		return func(t *testing.T) *model.Model {
			c := netCluster(blk("subnet_id", unk(subnetRefs[0])), map[string][]string{"ec2_attributes.subnet_id": subnetRefs})
			return resModel(t, c, subnet(addr, public))
		}
	}
	runCases(t, rules.NET002, []ruleCase{
		{"private", ref("aws_subnet.a", false, "aws_subnet.a.id", "aws_subnet.a"), nil},
		{"flag absent", ref("aws_subnet.a", model.NewNull(), "aws_subnet.a.id", "aws_subnet.a"), nil},
		{"public", ref("aws_subnet.a", true, "aws_subnet.a.id", "aws_subnet.a"), failCL(id)},
		{"public by index", ref("aws_subnet.a[1]", true, "aws_subnet.a[1].id", "aws_subnet.a[1]", "aws_subnet.a"), failCL(id)},
		{"unknown flag", ref("aws_subnet.a", unk("var.public"), "aws_subnet.a.id", "aws_subnet.a"), indetCL(id)},
		{"subnet not in model", ref("aws_subnet.other", true, "aws_subnet.a.id", "aws_subnet.a"), indetCL(id)},
		{"variable subnet", func(t *testing.T) *model.Model {
			return resModel(t, netCluster(blk("subnet_id", unk("var.subnet")), map[string][]string{"ec2_attributes.subnet_id": {"var.subnet"}}))
		}, indetCL(id)},
		{"known id matches subnet", func(t *testing.T) *model.Model {
			s := subnet("aws_subnet.a", true)
			s.Attrs.Set("id", model.NewString("subnet-1"))
			return resModel(t, cluster(), s)
		}, failCL(id)},
		{"subnet ids splat", func(t *testing.T) *model.Model {
			c := netCluster(blk("subnet_ids", []any{unk("aws_subnet.a"), unk("aws_subnet.a")}), map[string][]string{"ec2_attributes.subnet_ids": {"aws_subnet.a"}})
			return resModel(t, c, subnet("aws_subnet.a[0]", false), subnet("aws_subnet.a[1]", true))
		}, failCL(id)},
		{"module", func(t *testing.T) *model.Model {
			c := netCluster(blk("subnet_id", unk("aws_subnet.a.id")), map[string][]string{"ec2_attributes.subnet_id": {"aws_subnet.a.id", "aws_subnet.a"}})
			c.Address, c.Module = "module.emr.aws_emr_cluster.c", "module.emr"
			s := subnet("aws_subnet.a", true)
			s.Address, s.Module = "module.emr.aws_subnet.a", "module.emr"
			return resModel(t, c, s, subnet("aws_subnet.a", false))
		}, []string{id + " fail module.emr.aws_emr_cluster.c"}},
		{"no subnet is NET-001's", clusterOnly("ec2_attributes", blk("instance_profile", "p")), nil},
	})
}

func TestNET003ServiceAccessSG(t *testing.T) {
	id := "EMR-NET-003"
	m := func(public any, ec2 ...any) func(t *testing.T) *model.Model {
		return func(t *testing.T) *model.Model {
			ec2 = append([]any{"subnet_id", unk("aws_subnet.a.id")}, ec2...)
			c := netCluster(blk(ec2...), map[string][]string{"ec2_attributes.subnet_id": {"aws_subnet.a.id", "aws_subnet.a"}})
			return resModel(t, c, subnet("aws_subnet.a", public))
		}
	}
	sgs := []any{"emr_managed_master_security_group", "sg-1", "emr_managed_slave_security_group", "sg-2"}
	runCases(t, rules.NET003, []ruleCase{
		{"private with service sg", m(false, append(sgs, "service_access_security_group", "sg-3")...), nil},
		{"private without service sg", m(false, sgs...), failCL(id)},
		{"public", m(true, sgs...), nil},
		{"default sgs", m(false), nil},
		{"unknown subnet", m(unk("var.p"), sgs...), indetCL(id)},
	})
}

func TestNET004PublicIngress(t *testing.T) {
	id := "EMR-NET-004"
	sgCluster := func(ec2 ...any) *model.Resource {
		ec2 = append([]any{"subnet_id", "subnet-1", "emr_managed_master_security_group", unk("aws_security_group.master.id")}, ec2...)
		return netCluster(blk(ec2...), map[string][]string{"ec2_attributes.emr_managed_master_security_group": {"aws_security_group.master.id", "aws_security_group.master"}})
	}
	sg := func(ingress ...any) *model.Resource {
		return res("aws_security_group.master", obj("ingress", ingress))
	}
	rule := func(addr string, kv ...any) *model.Resource {
		r := res(addr, obj(kv...))
		r.Refs["security_group_id"] = []string{"aws_security_group.master.id", "aws_security_group.master"}
		return r
	}
	runCases(t, rules.NET004, []ruleCase{
		{"private cidr", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(obj("from_port", 443, "to_port", 443, "cidr_blocks", []any{"10.0.0.0/8"})))
		}, nil},
		{"public inline", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(obj("from_port", 8443, "to_port", 8443, "cidr_blocks", []any{"0.0.0.0/0"})))
		}, []string{id + " fail aws_security_group.master"}},
		{"public ipv6 inline", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(obj("from_port", 22, "to_port", 22, "ipv6_cidr_blocks", []any{"::/0"})))
		}, []string{id + " fail aws_security_group.master"}},
		{"security group rule", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(), rule("aws_security_group_rule.open", "type", "ingress", "from_port", 0, "to_port", 65535, "cidr_blocks", []any{"0.0.0.0/0"}))
		}, []string{id + " fail aws_security_group_rule.open"}},
		{"egress rule ignored", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(), rule("aws_security_group_rule.out", "type", "egress", "cidr_blocks", []any{"0.0.0.0/0"}))
		}, nil},
		{"vpc ingress rule", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(), rule("aws_vpc_security_group_ingress_rule.open", "cidr_ipv4", "0.0.0.0/0", "ip_protocol", "-1"))
		}, []string{id + " fail aws_vpc_security_group_ingress_rule.open"}},
		{"rule by known id", func(t *testing.T) *model.Model {
			s := sg()
			s.Attrs.Set("id", model.NewString("sg-1"))
			r := res("aws_vpc_security_group_ingress_rule.open", obj("security_group_id", "sg-1", "cidr_ipv6", "::/0"))
			c := cluster("ec2_attributes", blk("subnet_id", "subnet-1", "additional_master_security_groups", "sg-9, sg-1"))
			return resModel(t, c, s, r)
		}, []string{id + " fail aws_vpc_security_group_ingress_rule.open"}},
		{"unknown cidr", func(t *testing.T) *model.Model {
			return resModel(t, sgCluster(), sg(obj("from_port", 443, "to_port", 443, "cidr_blocks", []any{unk("var.cidr")})))
		}, []string{id + " indeterminate aws_security_group.master"}},
		{"unreferenced sg", func(t *testing.T) *model.Model {
			return resModel(t, cluster(), sg(obj("cidr_blocks", []any{"0.0.0.0/0"})))
		}, nil},
	})
	fs := findings(t, resModel(t, sgCluster(), sg(obj("from_port", 8443, "to_port", 8443, "cidr_blocks", []any{"0.0.0.0/0"}))), nil, rules.NET004)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "aws_emr_cluster.c")
	assert.Contains(t, fs[0].Message, "port 8443")
}

func TestNET005SSHKey(t *testing.T) {
	runCases(t, rules.NET005, []ruleCase{
		{"no key", clusterOnly(), nil},
		{"key", clusterOnly("ec2_attributes", blk("subnet_id", "subnet-1", "key_name", "admin")), failCL("EMR-NET-005")},
		{"unknown key counts as set", clusterOnly("ec2_attributes", blk("subnet_id", "subnet-1", "key_name", unk("aws_key_pair.k.key_name"))), failCL("EMR-NET-005")},
	})
}

func TestACCRules(t *testing.T) {
	id := "EMR-ACC-001"
	bpa := func(kv ...any) func(t *testing.T) *model.Model {
		return func(t *testing.T) *model.Model {
			return resModel(t, res("aws_emr_block_public_access_configuration.this", obj(kv...)))
		}
	}
	addr := " aws_emr_block_public_access_configuration.this"
	rng := func(lo, hi int) *model.Value { return obj("min_range", lo, "max_range", hi) }
	runCases(t, rules.ACC001, []ruleCase{
		{"on", bpa("block_public_security_group_rules", true), nil},
		{"on with 22", bpa("block_public_security_group_rules", true, "permitted_public_security_group_rule_range", []any{rng(22, 22)}), nil},
		{"off", bpa("block_public_security_group_rules", false), []string{id + " fail" + addr}},
		{"extra ports", bpa("block_public_security_group_rules", true, "permitted_public_security_group_rule_range", []any{rng(22, 22), rng(8000, 8999)}), []string{id + " fail" + addr}},
		{"unknown", bpa("block_public_security_group_rules", unk("var.bpa")), []string{id + " indeterminate" + addr}},
		{"unknown ranges", bpa("block_public_security_group_rules", true, "permitted_public_security_group_rule_range", unk("var.r")), []string{id + " indeterminate" + addr}},
	})
	params := rules.Defaults()
	params.BPANoPermittedRanges = true
	fs := findings(t, bpa("block_public_security_group_rules", true, "permitted_public_security_group_rule_range", []any{rng(22, 22)})(t), &params, rules.ACC001)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Medium, fs[0].Severity)

	deleted := &model.Model{Deleted: []*model.Resource{res("aws_emr_block_public_access_configuration.this", nil)}}
	assert.Equal(t, []string{"EMR-ACC-002 fail" + addr}, run(t, deleted, rules.ACC002))
	assert.Empty(t, run(t, bpa("block_public_security_group_rules", true)(t), rules.ACC002))
}

func TestSVCRules(t *testing.T) {
	studio := func(kv ...any) func(t *testing.T) *model.Model {
		return func(t *testing.T) *model.Model { return resModel(t, res("aws_emr_studio.s", obj(kv...))) }
	}
	app := func(kv ...any) func(t *testing.T) *model.Model {
		return func(t *testing.T) *model.Model {
			return resModel(t, res("aws_emrserverless_application.a", obj(kv...)))
		}
	}
	const st, ap = " aws_emr_studio.s", " aws_emrserverless_application.a"
	runCases(t, rules.SVC001, []ruleCase{
		{"cmk", studio("encryption_key_arn", "arn:aws:kms:eu-west-1:111122223333:key/abc"), nil},
		{"unknown cmk counts as set", studio("encryption_key_arn", unk("aws_kms_key.s.arn")), nil},
		{"no cmk", studio("auth_mode", "SSO"), []string{"EMR-SVC-001 fail" + st}},
	})
	runCases(t, rules.SVC002, []ruleCase{
		{"sso", studio("auth_mode", "SSO"), nil},
		{"iam", studio("auth_mode", "IAM"), []string{"EMR-SVC-002 fail" + st}},
		{"unknown", studio("auth_mode", unk("var.mode")), []string{"EMR-SVC-002 indeterminate" + st}},
	})
	params := rules.Defaults()
	params.StudioRequireSSO = false
	assert.Empty(t, findings(t, studio("auth_mode", "IAM")(t), &params, rules.SVC002))

	runCases(t, rules.SVC003, []ruleCase{
		{"vpc", app("network_configuration", blk("subnet_ids", []any{"subnet-1"}, "security_group_ids", []any{"sg-1"})), nil},
		{"none", app(), []string{"EMR-SVC-003 fail" + ap}},
		{"no security groups", app("network_configuration", blk("subnet_ids", []any{"subnet-1"})), []string{"EMR-SVC-003 fail" + ap}},
	})
	mon := func(kv ...any) func(t *testing.T) *model.Model { return app("monitoring_configuration", blk(kv...)) }
	runCases(t, rules.SVC004, []ruleCase{
		{"no monitoring", app(), nil},
		{"cloudwatch with key", mon("cloudwatch_logging_configuration", blk("enabled", true, "encryption_key_arn", "k")), nil},
		{"cloudwatch disabled", mon("cloudwatch_logging_configuration", blk("enabled", false)), nil},
		{"cloudwatch without key", mon("cloudwatch_logging_configuration", blk("enabled", true)), []string{"EMR-SVC-004 fail" + ap}},
		{"s3 without key", mon("s3_monitoring_configuration", blk("log_uri", "s3://b/")), []string{"EMR-SVC-004 fail" + ap}},
		{"managed persistence default on", mon("managed_persistence_monitoring_configuration", blk()), []string{"EMR-SVC-004 fail" + ap}},
		{"unknown enabled", mon("cloudwatch_logging_configuration", blk("enabled", unk("var.on"))), []string{"EMR-SVC-004 indeterminate" + ap}},
	})
	runCases(t, rules.SVC005, []ruleCase{
		{"none", app(), nil},
		{"virtual cluster", func(t *testing.T) *model.Model {
			return resModel(t, res("aws_emrcontainers_virtual_cluster.v", obj("name", "v")))
		}, []string{"EMR-SVC-005 fail aws_emrcontainers_virtual_cluster.v"}},
	})
}

// TestEveryRuleIsDocumented checks that every id of reference §5 is in the
// catalogue and that every rule has its examples, and every rule beyond
// the seed its longer doc. The suppression meta rules (EMR-META-001/002/004)
// are about the policy file and comments, not about Terraform resources,
// so they have no resource examples.
func TestEveryRuleIsDocumented(t *testing.T) {
	seed := map[string]bool{"EMR-SC-000": true, "EMR-SC-001": true, "EMR-SC-002": true, "EMR-SC-003": true, "EMR-SC-008": true,
		"EMR-SC-009": true, "EMR-CL-001": true, "EMR-CL-002": true, "EMR-REL-001": true, "EMR-REL-002": true, "EMR-META-003": true}
	ids := map[string]bool{}
	for _, r := range rules.Catalogue() {
		ids[r.ID] = true
		if r.ID == "EMR-META-001" || r.ID == "EMR-META-002" || r.ID == "EMR-META-004" {
			assert.NotEmpty(t, r.Doc, r.ID)
			continue
		}
		assert.NotEmpty(t, r.Bad, r.ID)
		assert.NotEmpty(t, r.Good, r.ID)
		if !seed[r.ID] {
			assert.NotEmpty(t, r.Doc, r.ID)
		}
	}
	for _, fam := range []struct {
		prefix string
		from   int
		to     int
	}{{"EMR-SC-", 0, 18}, {"EMR-CL-", 1, 9}, {"EMR-REL-", 1, 4}, {"EMR-LOG-", 1, 3}, {"EMR-NET-", 1, 5}, {"EMR-ACC-", 1, 2}, {"EMR-SVC-", 1, 5}} {
		for i := fam.from; i <= fam.to; i++ {
			id := fam.prefix + pad3(i)
			assert.True(t, ids[id], "%s missing from the catalogue", id)
		}
	}
	assert.True(t, ids["EMR-META-003"])
}

func pad3(i int) string {
	s := "00" + itoa(i)
	return s[len(s)-3:]
}

func TestNET002IgnoresComputedSubnetIDs(t *testing.T) {
	// Plan mode: subnet_id written, subnet_ids computed by the provider.
	s := subnet("aws_subnet.a", false)
	s.Attrs.Set("id", model.NewString("subnet-1"))
	c := cluster("ec2_attributes", blk("subnet_id", "subnet-1", "subnet_ids", unk("aws_emr_cluster.c.ec2_attributes.subnet_ids (known after apply)")))
	assert.Empty(t, run(t, resModel(t, c, s), rules.NET002, rules.NET003))
	// With a reference, an unknown subnet_ids is the user's.
	c2 := cluster("ec2_attributes", blk("subnet_ids", unk("var.subnets")))
	c2.Refs["ec2_attributes.subnet_ids"] = []string{"var.subnets"}
	assert.Equal(t, []string{"EMR-NET-002 indeterminate " + clAddr}, run(t, resModel(t, c2), rules.NET002))
}
