package hclconfig

import (
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

// functions returns the function table of a module: Terraform's (or
// OpenTofu's) built-in functions from pkg/tffuncs, reading files through
// the loader's file system, plus a stand-in for every provider-defined
// function the module calls that the table does not implement (its
// result is unknown, blocked by the call). Tables are shared by the
// instances of one module.
//
// Every function is charged to the evaluation budget (funcTable), and the
// templates templatefile and templatestring parse have their for
// expressions counted like the configuration's (instrument).
func (l *loader) functions(cfg *moduleConfig) map[string]function.Function {
	return l.funcTable(cfg.absDir, func() map[string]function.Function {
		fns := tffuncs.Functions(tffuncs.Options{
			FS:             l.files,
			BaseDir:        l.rootAbs,
			ModuleDir:      cfg.absDir,
			Env:            l.opts.Env,
			OpenTofu:       l.openTofu,
			ParsedTemplate: instrument,
		})
		machineDependent(fns, l.rootAbs)
		for name := range cfg.providerCalls {
			if _, ok := fns[name]; !ok {
				fns[name] = tffuncs.ProviderFunction(name)
			}
		}
		return fns
	})
}

// builtins is the built-in function table, without the stand-ins for
// provider functions, to check the names a configuration calls.
func (l *loader) builtins() map[string]function.Function {
	if l.builtinTable == nil {
		l.builtinTable = tffuncs.Functions(tffuncs.Options{FS: l.files, BaseDir: l.rootAbs, Env: l.opts.Env, OpenTofu: l.openTofu})
	}
	return l.builtinTable
}

// providerCalls adds the name of every provider-defined function (a
// provider::NAME::FUNCTION call) in body to into. JSON bodies are not
// walked: a provider function called there is reported as unknown by
// the evaluator, an error, never a silent pass.
func providerCalls(body *hclsyntax.Body, into map[string]bool) {
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		if c, ok := n.(*hclsyntax.FunctionCallExpr); ok && strings.HasPrefix(c.Name, tffuncs.ProviderFunctionPrefix) {
			into[c.Name] = true
		}
		return nil
	})
}

// hasOpenTofuFiles reports whether dir holds .tofu or .tofu.json files,
// which make it an OpenTofu configuration.
func hasOpenTofuFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tofu") || strings.HasSuffix(n, ".tofu.json")) {
			return true
		}
	}
	return false
}
