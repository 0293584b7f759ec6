package check

import "github.com/tfemrcheck/tfemrcheck/pkg/rules"

// DefaultThreshold is the lowest severity whose failing findings fail a
// run when neither the command line (--severity-threshold) nor the policy
// file sets one. INFO findings are reported, but fail a run only when the
// user lowers the threshold to INFO.
const DefaultThreshold = rules.Low
