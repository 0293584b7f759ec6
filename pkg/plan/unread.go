package plan

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// unreadAttributes are the top-level attributes of a type that no rule,
// nor anything else after loading, reads: the loader does not convert
// them into the model (issue 22.1). On the benchmark plans they are half
// of a cluster's values (steps, bootstrap actions, instance groups and
// fleets, tags), and the model of the EMR resources is what a plan's
// memory follows.
//
// Only types and attributes listed here are dropped; everything else is
// kept, so an attribute a new rule reads is there unless it is named
// here, and TestUnreadAttributesAreUnread fails when any rule, pkg/check,
// pkg/scan or pkg/report names one of them. An attribute whose value is
// marked sensitive anywhere inside is kept all the same: pkg/check
// scrubs every sensitive string of the model from messages, wherever the
// message quotes it from.
var unreadAttributes = map[string]map[string]bool{
	model.TypeCluster: {
		"additional_info":                   true,
		"applications":                      true,
		"arn":                               true,
		"auto_termination_policy":           true,
		"autoscaling_role":                  true,
		"bootstrap_action":                  true,
		"cluster_state":                     true,
		"core_instance_fleet":               true,
		"core_instance_group":               true,
		"ebs_root_volume_size":              true,
		"keep_job_flow_alive_when_no_steps": true,
		"list_steps_states":                 true,
		"master_instance_fleet":             true,
		"master_instance_group":             true,
		"master_public_dns":                 true,
		"os_release_label":                  true,
		"placement_group_config":            true,
		"scale_down_behavior":               true,
		"service_role":                      true,
		"step":                              true,
		"step_concurrency_level":            true,
		"tags":                              true,
		"tags_all":                          true,
		"termination_protection":            true,
		"timeouts":                          true,
		"unhealthy_node_replacement":        true,
	},
	model.TypeSecurityConfiguration: {
		"creation_date": true,
		"name_prefix":   true,
	},
}

// anyTrue reports whether an after_sensitive shadow marks anything
// inside it sensitive.
func (n *node) anyTrue() bool {
	if n == nil {
		return false
	}
	switch n.kind {
	case nBool:
		return n.b
	case nObject, nArray:
		for _, v := range n.vals {
			if v.anyTrue() {
				return true
			}
		}
	}
	return false
}
