package hclconfig

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// walkCall evaluates one module call of this instance: its instances when
// the module's configuration is available (local, or installed by
// `terraform init`), else what can be checked at the call itself.
// Either way the call is listed in Model.ModuleCalls.
func (in *instance) walkCall(name string) {
	call := in.cfg.calls[name]
	mc := &model.ModuleCall{
		Address: in.prefix() + "module." + name,
		Source:  call.source, Version: call.version,
		Range: toRange(call.defRange),
	}
	in.l.model.ModuleCalls = append(in.l.model.ModuleCalls, mc)
	t := in.callTarget(name)
	if t.dir == "" {
		mc.Reason = t.reason
		if t.mismatch {
			in.note(mc.Address, call.sourceRange, fmt.Sprintf("module source %s: %s; resources inside are not checked", call.source, t.reason))
		}
		in.unevaluatedCall(call, mc)
		if !mc.MayCreateEMR() && !t.mismatch {
			in.note(mc.Address, call.sourceRange, fmt.Sprintf("module source %s is not local and not installed; resources inside are not checked", call.source))
		}
		return
	}
	e, children := in.childInstances(name)
	if e == nil {
		mc.Reason = "its configuration could not be read"
		return
	}
	mc.Evaluated = true
	if t.installed {
		in.l.addModuleDir(t.dir)
	}
	for _, c := range children {
		c.walk()
	}
}

func (l *loader) addModuleDir(dir string) {
	for _, d := range l.model.ModuleDirs {
		if d == dir {
			return
		}
	}
	l.model.ModuleDirs = append(l.model.ModuleDirs, dir)
}

// emrSettingArgs are module arguments whose names are those of
// aws_emr_cluster settings (as terraform-aws-modules/emr and Cloud Posse's
// module call them): a module taking them builds a cluster.
var emrSettingArgs = map[string]bool{
	"security_configuration": true, "master_instance_group": true,
	"core_instance_group": true, "master_instance_fleet": true, "core_instance_fleet": true,
	"master_instance_type": true, "core_instance_type": true, "core_instance_count": true,
	"ec2_attributes": true, "kerberos_attributes": true, "bootstrap_action": true,
	"step_concurrency_level": true, "managed_scaling_policy": true, "auto_termination_policy": true,
	"ebs_root_volume_size": true, "keep_job_flow_alive_when_no_steps": true,
	"create_security_configuration": true, "security_configuration_name": true,
}

// emrShapedKeys are object keys that only EMR resources use (aws_emr_cluster
// and its instance fleets and groups, aws_emr_studio, EMR on EKS): an
// argument whose value holds one, at any depth, carries EMR settings to
// the module (Young-ook/emr passes primary_node_groups =
// { instance_type_configs = [...] } and studio = { default_s3_location =
// ... }). Names other AWS resources share (instance_type, subnet_id,
// security_configuration of Glue, auth_mode) are not here.
var emrShapedKeys = map[string]bool{
	"release_label": true, "master_instance_group": true, "core_instance_group": true,
	"master_instance_fleet": true, "core_instance_fleet": true, "ec2_attributes": true,
	"kerberos_attributes": true, "keep_job_flow_alive_when_no_steps": true, "step_concurrency_level": true,
	"emr_managed_master_security_group": true, "emr_managed_slave_security_group": true,
	"service_access_security_group": true, "additional_master_security_groups": true,
	"additional_slave_security_groups": true, "ebs_root_volume_size": true,
	"instance_type_configs": true, "target_on_demand_capacity": true, "target_spot_capacity": true,
	"bid_price_as_percentage_of_on_demand_price": true, "launch_specifications": true,
	"default_s3_location": true, "workspace_security_group_id": true, "engine_security_group_id": true,
	"idp_relay_state_parameter_name": true, "eks_info": true, "configurations_json": true,
}

// Bounds of the walk of an argument's value for EMR-shaped keys: the
// checked code is hostile, a value may be large.
const (
	emrShapeMaxDepth = 8
	emrShapeMaxNodes = 4096
)

// emrShapedKey returns the first EMR-shaped key (emrShapedKeys) in the
// known part of v, in key order, or "". Only the key, one of ours, is
// ever repeated in a message, never a value.
func emrShapedKey(v cty.Value) string {
	v, _ = v.UnmarkDeep()
	nodes := 0
	var walk func(v cty.Value, depth int) string
	walk = func(v cty.Value, depth int) string {
		nodes++
		if depth > emrShapeMaxDepth || nodes > emrShapeMaxNodes || !v.IsKnown() || v.IsNull() {
			return ""
		}
		ty := v.Type()
		if !(ty.IsObjectType() || ty.IsMapType() || ty.IsTupleType() || ty.IsListType() || ty.IsSetType()) {
			return ""
		}
		// cty iterates an object's attributes and a map's keys in
		// lexical order, so the first EMR-shaped key is the least.
		if ty.IsObjectType() || ty.IsMapType() {
			for it := v.ElementIterator(); it.Next(); {
				if nodes++; nodes > emrShapeMaxNodes {
					return ""
				}
				if k, _ := it.Element(); emrShapedKeys[k.AsString()] {
					return k.AsString()
				}
			}
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if k := walk(e, depth+1); k != "" {
				return k
			}
			if nodes > emrShapeMaxNodes {
				return ""
			}
		}
		return ""
	}
	return walk(v, 0)
}

// releaseLabelPattern is an EMR release label; only a value of this form
// is repeated in a message (a value read from a file may be a secret).
var releaseLabelPattern = regexp.MustCompile(`^emr-[0-9]+(\.[0-9]+){0,2}(-[0-9a-z]+)?$`)

// unevaluatedCall looks at the arguments of a module call whose module
// is not evaluated: each argument shaped like an EMR security
// configuration becomes a SecurityConfig at the call's address (so every
// document rule checks it), and the signs that the module creates EMR
// resources are recorded (EMR-MOD-001 reports the call as indeterminate).
func (in *instance) unevaluatedCall(call *callConfig, mc *model.ModuleCall) {
	// What the call can reach decides, not what it is called: a module
	// named emr_label or emr_logs_bucket (a label, S3 or key-pair module
	// an EMR stack uses) is no sign; a source that names EMR, or arguments
	// that carry EMR data, are (issue 20.4).
	var hints []string
	if strings.Contains(strings.ToLower(call.source), "emr") {
		hints = append(hints, "its source mentions EMR")
	}
	for _, an := range sortedKeys(call.inputs) {
		if emrSettingArgs[an] || emrShapedKeys[an] {
			hints = appendUnique(hints, fmt.Sprintf("argument %s is an EMR cluster setting", an))
		}
	}
	e := in.expand(call.count, call.forEach, mc.Address)
	in.l.budget.expansion(mc.Address, int64(len(e.keys)), false, call.defRange)
	for _, k := range e.keys {
		addr := mc.Address + k.text()
		for _, an := range sortedKeys(call.inputs) {
			a := call.inputs[an]
			ctx, diags := in.evalCtx(a.Expr.Variables(), k.rep)
			in.addDiags(diags)
			if diags.HasErrors() {
				continue
			}
			val, d := a.Expr.Value(ctx)
			in.addDiags(d)
			if val == cty.NilVal {
				continue
			}
			if s, ok := knownString(val); ok && releaseLabelPattern.MatchString(s) {
				hints = appendUnique(hints, fmt.Sprintf("argument %s is the EMR release label %q", an, s))
			} else if an == "release_label" {
				hints = appendUnique(hints, "argument release_label is an EMR cluster setting")
			}
			if k := emrShapedKey(val); k != "" {
				hints = appendUnique(hints, fmt.Sprintf("argument %s holds the EMR setting %s", an, k))
			}
			if sc := in.argumentDocument(call, an, a, val, ctx, addr); sc != nil {
				hints = appendUnique(hints, fmt.Sprintf("argument %s is an EMR security configuration", an))
				mc.Documents = append(mc.Documents, sc)
				in.l.model.SecurityConfigs = append(in.l.model.SecurityConfigs, sc)
			}
		}
	}
	mc.EMRHints = hints
}

// scTopLevelKeys are the top-level keys of a security-configuration
// document.
var scTopLevelKeys = func() map[string]bool {
	out := map[string]bool{}
	for k := range secconf.Schema()[secconf.PathRoot].Fields {
		out[k] = true
	}
	return out
}()

// argumentDocument returns the argument as a security configuration when
// its value is shaped like one: a JSON string, jsonencode() or an object
// whose top-level keys include a security configuration's. nil otherwise
// (including when the value is unknown as a whole: nothing tells what it
// is).
func (in *instance) argumentDocument(call *callConfig, name string, a *hcl.Attribute, val cty.Value, ctx *hcl.EvalContext, addr string) *model.SecurityConfig {
	uv, _ := val.UnmarkDeep()
	rng := toRange(a.Expr.Range())
	var doc *model.Value
	var perr *model.ParseError
	switch ty := uv.Type(); {
	case ty == cty.String:
		doc, perr = in.securityDocument(a, val, ctx)
		if perr != nil {
			// Invalid JSON counts when it names a top-level key: the
			// user meant a security configuration (EMR-SC-000).
			s, _ := knownString(val)
			named := false
			for k := range scTopLevelKeys {
				named = named || strings.Contains(s, `"`+k+`"`)
			}
			if !named {
				return nil
			}
		}
	case uv.IsKnown() && !uv.IsNull() && (ty.IsObjectType() || ty.IsMapType()):
		doc = docValue(a.Expr, val, ctx, rng, markInfo{})
	default:
		return nil
	}
	if doc == nil && perr == nil {
		// an unknown string: nothing tells that it is a document
		return nil
	}
	if doc != nil {
		if doc.State != model.Known || doc.Kind != model.KindObject {
			return nil
		}
		shaped := false
		for _, k := range doc.Keys() {
			shaped = shaped || scTopLevelKeys[k]
		}
		if !shaped {
			return nil
		}
		if deepMarks(val).sensitive {
			doc.MarkSensitive()
		}
	}
	cfg := toValue(val, rng, markInfo{})
	attrs := model.NewObject()
	attrs.Set("configuration", cfg)
	res := &model.Resource{
		Address:       addr,
		Module:        in.path,
		ConfigAddress: "module." + call.name,
		Type:          model.TypeSecurityConfiguration,
		Name:          name,
		Attrs:         attrs,
		Refs:          map[string][]string{"configuration": in.refStrings(a.Expr)},
		Constant:      map[string]bool{},
		Range:         rng,
		Origin:        in.l.rootDir,
	}
	return &model.SecurityConfig{Resource: res, Configuration: cfg, Document: doc, ParseError: perr, Argument: name}
}

// unknownExpansion is the expansion of a count (or for_each) whose value
// is not known: one instance of key model.WildcardKey, whose count.index
// (each.key, each.value) is unknown, blocked by what blocks the count.
func (in *instance) unknownExpansion(count bool, blockers []string, expr hcl.Expression) *expansion {
	if len(blockers) == 0 {
		for _, t := range expr.Variables() {
			blockers = appendUnique(blockers, in.prefix()+traversalText(t, 0))
		}
	}
	if len(blockers) == 0 {
		blockers = []string{"the expression at " + expr.Range().String()}
	}
	var list []any
	for _, b := range blockers {
		list = append(list, blockerMark(b))
	}
	marks := cty.NewValueMarks(list...)
	var rep repetition
	if count {
		rep.countIndex = cty.UnknownVal(cty.Number).WithMarks(marks)
	} else {
		rep.eachKey = cty.UnknownVal(cty.String).WithMarks(marks)
		rep.eachValue = cty.DynamicVal.WithMarks(marks)
	}
	return &expansion{mode: expUnknown, blockers: blockers, keys: []instKey{{key: model.WildcardKey{}, rep: rep}}}
}

// instanceBlockers names what makes the number of instances of a
// resource unknown (its own count or for_each, or its module's); nil when
// it is known.
func (in *instance) instanceBlockers(rc *resourceConfig, key instKey) []string {
	out := append([]string(nil), in.unknownInstances...)
	if _, ok := key.key.(model.WildcardKey); ok {
		for _, b := range in.resourceExpansion(rc).blockers {
			out = appendUnique(out, b)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// scReference is the security configuration a cluster's
// security_configuration expression names directly, as the plan's
// references do: the first reference to the name or id of an
// aws_emr_security_configuration of this module. It links what the value
// marks cannot, because a function dropped them (try() returns a bare
// unknown for an unknown argument).
func (in *instance) scReference(expr hcl.Expression) string {
	for _, t := range expr.Variables() {
		if t.RootName() != model.TypeSecurityConfiguration {
			continue
		}
		rc, ok := in.cfg.resources[model.TypeSecurityConfiguration+"."+attrName(t, 1)]
		if !ok {
			continue
		}
		i, key := 2, ""
		e := in.resourceExpansion(rc)
		switch indexed := i < len(t) && isIndex(t[i]); {
		case indexed && e.mode == expUnknown:
			key, i = model.WildcardKey{}.String(), i+1
		case indexed && (e.mode == expCount || e.mode == expForEach):
			key, i = stepText(t[i]), i+1
			if strings.Contains(key, "?") {
				continue
			}
		case indexed || e.mode != expSingle:
			continue
		}
		if n := attrName(t, i); n == "name" || n == "id" {
			return in.prefix() + rc.key() + key
		}
	}
	return ""
}
