package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Messages show a value read from a file or the environment only when it
// is shaped like what a rule expects; every enum the rules compare
// against must be one of those shapes (model/taint.go keeps its own list,
// since model cannot import rules).
func TestEveryRuleEnumIsShowableWhenTainted(t *testing.T) {
	all := append([]string{"SSE-C"}, s3Modes...)
	for _, e := range enumChecks {
		all = append(all, e.allowed...)
	}
	for _, s := range all {
		assert.True(t, model.TaintShowable(s), s)
	}
}
