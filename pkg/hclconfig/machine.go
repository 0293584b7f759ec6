package hclconfig

import (
	"path/filepath"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Values that depend on the machine running Terraform, not on the
// configuration: they differ between the gate and the deploy job, so
// they are unknown, each naming why, and what depends on them is
// indeterminate (never a pass computed from the gate's own machine).

// cwdBlocker names path.cwd.
const cwdBlocker = "path.cwd (the directory Terraform runs in differs between the check and the deploy job)"

// abspathBlocker names abspath().
const abspathBlocker = "abspath() (an absolute path depends on where the configuration is checked out)"

// machineDependent replaces abspath and fileset in a function table by
// versions whose results are unknown where they depend on the machine:
// abspath always; fileset when its pattern reaches into the root
// module's .terraform directory, which holds what `terraform init` put
// there on the machine that ran it (not what the checked tree holds).
func machineDependent(fns map[string]function.Function, rootAbs string) {
	if f, ok := fns["abspath"]; ok {
		fns["abspath"] = blockedResult(f, func([]cty.Value) string { return abspathBlocker })
	}
	if f, ok := fns["fileset"]; ok {
		fns["fileset"] = blockedResult(f, func(args []cty.Value) string {
			if len(args) != 2 || !args[0].IsKnown() || !args[1].IsKnown() || args[0].IsNull() || args[1].IsNull() ||
				!args[0].Type().Equals(cty.String) || !args[1].Type().Equals(cty.String) {
				return ""
			}
			base, _ := args[0].Unmark()
			pattern, _ := args[1].Unmark()
			if reachesDataDir(rootAbs, base.AsString(), pattern.AsString()) {
				return "fileset() over .terraform (what terraform init installed there differs between the check and the deploy job)"
			}
			return ""
		})
	}
}

// blockedResult keeps f's signature and type checking; when blocker
// returns a reason for the arguments, the result is unknown, marked with
// it, else f's.
func blockedResult(f function.Function, blocker func([]cty.Value) string) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if b := blocker(args); b != "" {
				return unknownBlocked(retType, b), nil
			}
			return f.Call(args)
		},
	})
}

// reachesDataDir reports whether fileset(base, pattern) may match a path
// inside the root module's .terraform directory.
func reachesDataDir(rootAbs, base, pattern string) bool {
	if !filepath.IsAbs(base) {
		base = filepath.Join(rootAbs, base)
	}
	base = filepath.Clean(base)
	data := filepath.Join(rootAbs, ".terraform")
	if base == data || strings.HasPrefix(base, data+string(filepath.Separator)) {
		return true
	}
	rel, err := filepath.Rel(base, data)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	comps := strings.Split(filepath.ToSlash(rel), "/")
	pats := strings.Split(strings.TrimPrefix(pattern, "./"), "/")
	for i, c := range comps {
		if i >= len(pats) {
			return false
		}
		p := pats[i]
		if strings.Contains(p, "**") {
			return true
		}
		if ok, err := filepath.Match(p, c); err != nil || !ok {
			return false
		}
	}
	return true
}
