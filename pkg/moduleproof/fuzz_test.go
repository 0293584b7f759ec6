package moduleproof

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzAnalyse: no validation condition makes the analysis panic, and what
// it allows is bounded.
func FuzzAnalyse(f *testing.F) {
	for _, s := range []string{
		`contains(["a", "b"], var.x)`,
		`var.x == "a" || var.x == "b"`,
		`can(regex("^(a|b)$", var.x))`,
		`alltrue([for m in var.x : contains(["a"], m)])`,
		`contains(["a"], var.x.mode) && var.x.on == true`,
		`(var.x == null) || can(regex("^a$|^\\.b$", var.x))`,
		`!contains([for i in [1,2] : i], var.x)`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, diags := hclsyntax.ParseExpression([]byte(src), "fuzz.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		cons, ok := analyse(e, "var", "x")
		if !ok {
			return
		}
		for _, vs := range cons {
			if len(vs) > maxDomain {
				t.Fatalf("%d values allowed at one path", len(vs))
			}
		}
	})
}
