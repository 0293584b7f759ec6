package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// Short names for model types used throughout the rules.
type (
	modelSC      = model.SecurityConfig
	modelCluster = model.Cluster
	modelValue   = model.Value
)
