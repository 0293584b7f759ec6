package model

import (
	"sort"
	"strings"
)

// Resource types the model knows about.
const (
	TypeCluster               = "aws_emr_cluster"
	TypeSecurityConfiguration = "aws_emr_security_configuration"
	TypeInstanceGroup         = "aws_emr_instance_group"
	TypeInstanceFleet         = "aws_emr_instance_fleet"
	TypeBlockPublicAccess     = "aws_emr_block_public_access_configuration"
	TypeStudio                = "aws_emr_studio"
	TypeServerlessApplication = "aws_emrserverless_application"
	TypeSecurityGroup         = "aws_security_group"
	TypeSecurityGroupRule     = "aws_security_group_rule"
	TypeSGIngressRule         = "aws_vpc_security_group_ingress_rule"
	TypeSubnet                = "aws_subnet"
	TypeKMSKey                = "aws_kms_key"
)

// RelevantTypes are the managed resource types a loader keeps. Everything
// else is skipped.
var relevantTypes = map[string]bool{
	TypeCluster: true, TypeSecurityConfiguration: true, TypeInstanceGroup: true,
	TypeInstanceFleet: true, TypeBlockPublicAccess: true, TypeStudio: true,
	TypeServerlessApplication: true, TypeSecurityGroup: true, TypeSecurityGroupRule: true,
	TypeSGIngressRule: true, TypeSubnet: true,
	"aws_emrcontainers_virtual_cluster": true,
}

// NestedBlockTypes are the nested block types of the kept resource types
// (as the AWS provider's schema has them). JSON syntax cannot tell a block
// from an argument without a schema, and a plan's configuration leaves
// dynamic blocks out: both read these names as blocks.
var NestedBlockTypes = []string{
	"auto_start_configuration", "auto_stop_configuration", "auto_termination_policy",
	"bootstrap_action", "cloudwatch_logging_configuration", "configurations", "container_provider",
	"core_instance_fleet", "core_instance_group", "ebs_config", "ec2_attributes", "egress",
	"eks_info", "hadoop_jar_step", "image_configuration", "info", "ingress", "initial_capacity",
	"initial_capacity_config", "instance_type_configs", "interactive_configuration",
	"kerberos_attributes", "launch_specifications", "managed_persistence_monitoring_configuration",
	"master_instance_fleet", "master_instance_group", "maximum_capacity", "monitoring_configuration",
	"network_configuration", "on_demand_specification", "permitted_public_security_group_rule_range",
	"placement_group_config", "prometheus_monitoring_configuration", "s3_monitoring_configuration",
	"scheduler_configuration", "spot_specification", "step", "timeouts", "worker_configuration",
	"lifecycle", "connection",
}

// IsNestedBlockType reports whether name is one of NestedBlockTypes.
func IsNestedBlockType(name string) bool {
	for _, n := range NestedBlockTypes {
		if n == name {
			return true
		}
	}
	return false
}

// IsRelevantType reports whether a loader should keep a managed resource
// of type t: the types the rules read, and every other EMR resource
// (aws_emr*, e.g. aws_emr_managed_scaling_policy), so that the coverage
// line counts what was seen.
func IsRelevantType(t string) bool { return relevantTypes[t] || strings.HasPrefix(t, "aws_emr") }

// SensitiveAttributes are attribute names whose values are secret whatever
// the input says about them (plan JSON carries them in clear text).
var SensitiveAttributes = map[string]bool{
	"kdc_admin_password":                   true,
	"cross_realm_trust_principal_password": true,
	"ad_domain_join_password":              true,
}

// Action is what the plan does to a resource.
type Action string

const (
	ActionNone    Action = ""       // no plan: source or state
	ActionNoop    Action = "no-op"  // unchanged
	ActionCreate  Action = "create" // created
	ActionUpdate  Action = "update" // updated in place
	ActionReplace Action = "replace"
	ActionDelete  Action = "delete" // deleted or forgotten; loaders drop these
)

// Resource is one managed resource instance.
type Resource struct {
	// Address as Terraform prints it: `module.emr["prod"].aws_emr_cluster.this`.
	Address string
	// Module is the module path part of Address ("" for the root module).
	Module string
	// ConfigAddress is the module-relative address without instance key
	// ("aws_emr_cluster.this"), as used in the plan's configuration section.
	ConfigAddress string
	Type          string
	Name          string
	// Key is the count index (int) or for_each key (string), nil when none,
	// or WildcardKey{} when the count or for_each is not known (the one
	// instance checked stands for all of them).
	Key any
	// UnknownInstances, when set, names what makes the number of
	// instances unknown (source mode: count or for_each depends on it).
	UnknownInstances []string
	// Attrs is the object of attribute values (blocks are lists of objects).
	Attrs *Value
	// Refs maps an attribute path ("security_configuration",
	// "ec2_attributes.subnet_id") to the references its expression makes,
	// module-relative, as in the plan's configuration section. Loaders may
	// share Refs and Constant between the instances of one configuration
	// block: treat both as read-only (replace them, do not modify them).
	Refs map[string][]string
	// Constant lists the attribute paths (same form as Refs keys) whose
	// expression is a literal constant in the source (plan
	// `constant_value`, or an HCL literal / a variable with a literal
	// default). Used to spot secrets written into code.
	Constant map[string]bool
	// Range is the resource block's header range when from source.
	Range *Range
	// Action is the planned change (empty without a plan).
	Action Action
	// Origin names the input file (plan, state, or root module directory).
	Origin string
	// ProviderRegion is the region of the provider configuration the
	// resource uses (its provider block, through aliases and module
	// providers maps), which applies when the resource sets no `region`
	// argument of its own. nil when the input does not say: no provider
	// block with a region, or a provider the loader cannot resolve.
	ProviderRegion *Value
}

// Attr returns the attribute at path (see Value.Get).
func (r *Resource) Attr(path ...any) *Value {
	if r == nil || r.Attrs == nil {
		return absentValue
	}
	return r.Attrs.Get(path...)
}

// Model is everything a loader found.
type Model struct {
	// Resources are all kept resources, sorted by Address.
	Resources []*Resource
	// SecurityConfigs and Clusters index the EMR resources of Resources,
	// plus bare security-configuration documents (Resource with Type
	// TypeSecurityConfiguration and an empty Address is not used: bare
	// documents have Address "" and Origin set).
	SecurityConfigs []*SecurityConfig
	Clusters        []*Cluster
	// Deleted are resources of relevant types that the plan deletes (or
	// forgets); they are not in Resources. Only a few rules care (e.g. a
	// deleted block-public-access configuration).
	Deleted []*Resource
	// Notes are input facts worth reporting that are not rule findings,
	// e.g. a registry module that was not evaluated.
	Notes []Note
	// ModuleCalls are the module blocks of the source, evaluated or not
	// (source mode only), in address order.
	ModuleCalls []*ModuleCall
	// ModuleDirs are the directories of installed remote modules that
	// were evaluated (from .terraform/modules), for tools that read the
	// same files, such as inline suppressions.
	ModuleDirs []string
	// Workspace is the value of terraform.workspace and where it came
	// from, set when the source refers to terraform.workspace (source
	// mode only); nil otherwise.
	Workspace *Workspace
	// OpenTofuFiles are the .tofu and .tofu.json files of the module
	// directories the source evaluation read (source mode only), whether
	// or not its engine read them: when there are some, Terraform and
	// OpenTofu read the configuration differently.
	OpenTofuFiles []string

	// byType indexes Resources by type; Sort builds it, ByType checks
	// that it still covers Resources.
	byType  map[string][]*Resource
	indexed int
}

// Workspace is the terraform.workspace a source evaluation used.
type Workspace struct {
	Name string `json:"name"`
	// Source is where the name came from: "TF_WORKSPACE",
	// ".terraform/environment" (as terraform workspace select writes
	// it), "option" (given by the caller) or "default".
	Source string `json:"source"`
}

// Note is an informational message about the input.
type Note struct {
	Address string
	Range   *Range
	Message string
	// Root and Input name where the note came from, as for a finding
	// (rules.Finding.Root, Input); set by the caller that knows them.
	Root, Input string
}

// ByType returns the resources of type t in address order. The result
// must not be modified. After Sort (which every loader calls through Link)
// it is an index lookup, so rules may call it per cluster; a model changed
// without Sort is scanned.
func (m *Model) ByType(t string) []*Resource {
	if m.byType != nil && m.indexed == len(m.Resources) {
		return m.byType[t]
	}
	var out []*Resource
	for _, r := range m.Resources {
		if r.Type == t {
			out = append(out, r)
		}
	}
	return out
}

// Lookup returns the resource with the given absolute address, or nil.
func (m *Model) Lookup(address string) *Resource {
	i := sort.Search(len(m.Resources), func(i int) bool { return m.Resources[i].Address >= address })
	if i < len(m.Resources) && m.Resources[i].Address == address {
		return m.Resources[i]
	}
	return nil
}

// Sort puts Resources, SecurityConfigs and Clusters in address order.
func (m *Model) Sort() {
	sort.SliceStable(m.Resources, func(i, j int) bool { return m.Resources[i].Address < m.Resources[j].Address })
	sort.SliceStable(m.SecurityConfigs, func(i, j int) bool {
		return m.SecurityConfigs[i].Address() < m.SecurityConfigs[j].Address()
	})
	sort.SliceStable(m.Clusters, func(i, j int) bool { return m.Clusters[i].Resource.Address < m.Clusters[j].Resource.Address })
	m.byType = map[string][]*Resource{}
	for _, r := range m.Resources {
		m.byType[r.Type] = append(m.byType[r.Type], r)
	}
	m.indexed = len(m.Resources)
}
