// Package hclconfig loads a Terraform root module directory (".tf" and
// ".tf.json" files, local child modules, variables and tfvars) into the
// format-independent model, with a source range on every value. It
// evaluates expressions itself, so it sees through values a plan leaves
// unknown: a jsonencode document whose KMS key is created in the same
// configuration is still checkable key by key.
package hclconfig

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// Options are the inputs Terraform takes besides the configuration.
type Options struct {
	// VarFiles are -var-file paths, in command-line order.
	VarFiles []string
	// Vars are -var "name=value" assignments, in command-line order; they
	// take precedence over VarFiles.
	Vars []string
	// Inputs are root module variable values given as values, not text
	// (tfemrcheck module gives each combination it checks this way); they
	// take precedence over Vars. An unknown value, or unknown part, should
	// carry a marks.Blocker naming the variable (model.NoValueBlocker), so
	// that findings say what they depend on.
	Inputs map[string]cty.Value
	// Env is the environment (for TF_VAR_name, and HOME for ~ in paths),
	// e.g. os.Environ(); nil means none.
	Env []string
	// Workspace is terraform.workspace; empty means "default".
	Workspace string
	// Files is what the file functions (file, templatefile, …) read
	// through. Nil means a treefs confined to the scanned tree: the root
	// module directory and the repository holding it (treefs.Roots).
	Files tffuncs.FileSystem
	// Limits bound the work of the evaluation; zero fields take their
	// defaults (DefaultLimits).
	Limits Limits
	// OpenTofu evaluates with OpenTofu's functions; a root module holding
	// .tofu files is OpenTofu's even without it. It is Engine
	// "opentofu"; when Engine is "terraform" it is ignored.
	OpenTofu bool
	// Engine is the program that will deploy the configuration:
	// EngineTerraform (reads .tf and .tf.json, ignores .tofu and
	// .tofu.json, Terraform's functions), EngineOpenTofu (x.tofu instead
	// of x.tf, OpenTofu's functions), or "" (OpenTofu's view when the
	// root module holds .tofu files or OpenTofu is set, else Terraform's).
	// The model's OpenTofuFiles list the .tofu files seen, so that a
	// caller can check both views when the two engines read the
	// configuration differently.
	Engine string
	// TrustInstalledModules evaluates remote modules from where
	// .terraform/modules/modules.json says `terraform init` installed
	// them. Set it only when the pipeline ran its own init in the checked
	// tree: a .terraform directory committed in a pull request can put a
	// harmless stub where init would download the real module. Without
	// it, remote modules are not evaluated (EMR-MOD-001 for those that
	// may create EMR resources) and a note says why.
	TrustInstalledModules bool
	// TreeRoot bounds every read of the checked tree: configuration
	// files, local modules, tfvars, installed modules and the file
	// functions stay inside it, symbolic links resolved (pkg/treefs).
	// Empty means the repository holding the root module (the nearest
	// directory at or above it with .git), else the root module's
	// directory. Paths the caller gives (VarFiles) are not bounded.
	TreeRoot string
}

// The engines Options.Engine names.
const (
	EngineTerraform = "terraform"
	EngineOpenTofu  = "opentofu"
)

// loader holds the state of one Load call.
type loader struct {
	opts      Options
	rootDir   string
	rootAbs   string
	workspace string
	// workspaceSource is where workspace came from (model.Workspace).
	workspaceSource string
	parser          *hclparse.Parser
	modules         map[string]*moduleConfig
	diags           hcl.Diagnostics
	rootVars        map[string]rootVar
	model           *model.Model
	// files is the file system the file functions read through.
	files tffuncs.FileSystem
	// scRefs maps a cluster address to the security configuration its
	// security_configuration expression refers to.
	scRefs map[string]string
	notes  map[string]bool
	// manifest is .terraform/modules/modules.json, read on first use;
	// targets caches where each remote call (by module key) is.
	manifest *moduleManifest
	targets  map[string]callTarget
	// refused holds the refused file reads already reported.
	refused map[string]bool
	budget  *budget
	// funcTables are the wrapped function tables, by module directory.
	funcTables map[string]map[string]function.Function
	// openTofu selects OpenTofu's function table.
	openTofu bool
	// engine selects the files read (configFiles): EngineTerraform
	// ignores .tofu files.
	engine string
	// tree reads the checked tree: every read of the loader goes
	// through it (Options.TreeRoot).
	tree *treefs.FS
	// userFiles are the files the caller named (VarFiles): read where
	// they are, not bounded by the tree.
	userFiles map[string]bool
	// builtinTable is the table without provider stand-ins, to check the
	// names a configuration calls.
	builtinTable map[string]function.Function
}

// Load evaluates the root module in dir. Diagnostics describe input
// errors with file and line; when diags.HasErrors() the model must not be
// trusted. The returned model is never nil.
func Load(dir string, opts Options) (m *model.Model, diags hcl.Diagnostics) {
	l := &loader{
		opts: opts, rootDir: dir, workspace: opts.Workspace,
		parser: hclparse.NewParser(), modules: map[string]*moduleConfig{},
		model: &model.Model{}, scRefs: map[string]string{}, notes: map[string]bool{},
		targets: map[string]callTarget{},
		budget:  newBudget(opts.Limits, nil),
	}
	l.rootAbs = absDir(dir)
	l.tree = newTree(l.rootAbs, opts.TreeRoot, l.budget.lim.MaxFileBytes)
	l.userFiles = map[string]bool{}
	for _, p := range opts.VarFiles {
		l.userFiles[p] = true
	}
	l.workspace, l.workspaceSource = resolveWorkspace(opts, dir, l.tree)
	switch opts.Engine {
	case EngineTerraform:
		l.engine = EngineTerraform
	case EngineOpenTofu:
		l.engine, l.openTofu = EngineOpenTofu, true
	default:
		l.openTofu = opts.OpenTofu || hasOpenTofuFiles(dir)
		if l.openTofu {
			l.engine = EngineOpenTofu
		}
	}
	l.files = opts.Files
	if l.files == nil {
		l.files = treeFiles(l.rootAbs, opts.TreeRoot)
	}
	completed, abandoned := l.budget.guard(l.guardedRun)
	if abandoned {
		return &model.Model{}, hcl.Diagnostics{abandonedDiag(l.rootDir, l.budget.lim)}
	}
	if !completed {
		l.diags = append(l.diags, l.budget.exhausted)
	}
	reported := !completed
	diags = finishDiags(l.diags)
	if l.budget.exhausted != nil {
		// Re-evaluating expressions to see whether they are sensitive
		// could exhaust the budget again: hide every detail that might
		// quote a value instead.
		for _, d := range diags {
			if d.Expression != nil && d != l.budget.exhausted {
				d.Detail = "The detail is not shown: the evaluation stopped at a limit before it could tell whether the expression involves a sensitive value."
				d.Expression, d.EvalContext = nil, nil
			}
		}
	}
	var redacted hcl.Diagnostics
	completed, abandoned = l.budget.guard(func() { redacted = l.redactDiags(diags) })
	switch {
	case abandoned:
		return &model.Model{}, hcl.Diagnostics{abandonedDiag(l.rootDir, l.budget.lim)}
	case completed:
		diags = redacted
	default:
		for _, d := range diags {
			if d.Expression != nil && d != l.budget.exhausted {
				d.Detail = "The detail is not shown: the evaluation stopped at a limit before it could tell whether the expression involves a sensitive value."
			}
		}
		if !reported {
			diags = append(diags, l.budget.exhausted)
		}
	}
	return l.model, diags
}

// guardedRun is run with internal errors (panics) turned into a
// diagnostic: one hostile root module must not take the others of a
// DIR/... run down with it. The diagnostic names the expression being
// evaluated, where the budget last stood; it holds no stack trace (a
// user cannot act on one, and it would print the build machine's paths).
func (l *loader) guardedRun() {
	defer func() {
		if r := recover(); r != nil {
			d := &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Internal error while loading configuration",
				Detail: fmt.Sprintf("Evaluating the root module in %q failed inside tfemrcheck or a library it uses (%v), so none of it was checked. "+
					"This is a bug: please report it with the configuration that causes it.", l.rootDir, r),
			}
			if l.budget != nil && l.budget.where.Filename != "" {
				d.Subject = l.budget.where.Ptr()
			}
			l.diags = append(l.diags, d)
		}
	}()
	l.run()
}

func (l *loader) run() {
	if !isDir(l.rootDir) {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Configuration directory not found",
			Detail: fmt.Sprintf("reading configuration directory %q: not a directory", l.rootDir),
		})
		return
	}
	cfg, d := l.loadModule(l.rootDir, nil)
	l.diags = append(l.diags, d...)
	if cfg == nil {
		return
	}
	l.rootVars = l.rootVariables(cfg)
	root := l.newInstance(cfg, "", nil, nil, repetition{}, []string{cfg.absDir})
	root.walk()
	sort.SliceStable(l.model.ModuleCalls, func(i, j int) bool { return l.model.ModuleCalls[i].Address < l.model.ModuleCalls[j].Address })
	model.Link(l.model, func(c *model.Cluster) string { return l.scRefs[c.Resource.Address] })
}

// walk evaluates everything the model needs in this instance and its
// children.
func (in *instance) walk() {
	in.checkVariables()
	for _, n := range sortedKeys(in.cfg.locals) {
		in.localValue(n)
	}
	for _, k := range sortedKeys(in.cfg.resources) {
		rc := in.cfg.resources[k]
		if !model.IsRelevantType(rc.typ) {
			in.noteUnchecked(rc)
			continue
		}
		e := in.resourceExpansion(rc)
		for _, key := range e.keys {
			in.buildResource(rc, key)
		}
	}
	for _, n := range sortedKeys(in.cfg.calls) {
		in.walkCall(n)
	}
	// Terraform evaluates every output of every module instance, whether
	// or not anything refers to it: an invalid one is an error of the
	// configuration (issue 20.6, a root's outputs.tf calling the removed
	// list()). It skips a node whose dependencies failed, so once the run
	// has an error the outputs nothing refers to are left alone: an error
	// that follows from another is not one Terraform gives.
	if !in.l.diags.HasErrors() {
		for _, n := range sortedKeys(in.cfg.outputs) {
			in.outputValue(n)
		}
	}
}

func (in *instance) note(addr string, rng hcl.Range, msg string) {
	k := addr + "\x00" + msg
	if in.l.notes[k] {
		return
	}
	in.l.notes[k] = true
	in.l.model.Notes = append(in.l.model.Notes, model.Note{Address: addr, Range: toRange(rng), Message: msg})
}

// finishDiags removes duplicates and sorts by position. A call to a
// function that does not exist stays an error, as in Terraform.
func finishDiags(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	// Our own "Reference to undeclared ..." says more than HCL's "Unknown
	// variable" for the same traversal; keep only ours.
	undeclared := map[hcl.Pos]bool{}
	// Terraform's "Unknown provider function" (a bad namespace) says more
	// than HCL's "Call to unknown function" for the same call.
	badNamespace := map[hcl.Pos]bool{}
	for _, d := range diags {
		if d != nil && d.Subject != nil && strings.HasPrefix(d.Summary, "Reference to undeclared") {
			undeclared[d.Subject.Start] = true
		}
		if d != nil && d.Subject != nil && d.Summary == "Unknown provider function" {
			badNamespace[d.Subject.Start] = true
		}
	}
	var out hcl.Diagnostics
	for _, d := range diags {
		if d == nil {
			continue
		}
		if d.Summary == "Unknown variable" && d.Subject != nil && undeclared[d.Subject.Start] {
			continue
		}
		if d.Summary == "Call to unknown function" && d.Subject != nil && badNamespace[d.Subject.Start] {
			continue
		}
		k := d.Summary + "\x00" + d.Detail
		if d.Subject != nil {
			k += "\x00" + d.Subject.String()
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		}
		return rangeLess(*a, *b)
	})
	return out
}

// treeFiles is the default file system of the file functions: the
// scanned tree only. When the tree cannot be opened (the directory is
// missing, reported by run), nothing is readable.
func treeFiles(rootAbs, treeRoot string) tffuncs.FileSystem {
	t, err := treefs.New(treeRoots(rootAbs, treeRoot), treefs.Options{})
	if err != nil {
		t, _ = treefs.New(nil, treefs.Options{})
	}
	return t
}

// treeRoots are the roots of the checked tree: the one the caller gives,
// else the root module and the repository holding it.
func treeRoots(rootAbs, treeRoot string) []string {
	if treeRoot != "" {
		return []string{treeRoot}
	}
	return treefs.Roots(rootAbs)
}

// newTree is the file system of the loader's own reads, each at most
// maxBytes. When the tree cannot be opened nothing is readable (the
// missing directory is reported by run).
func newTree(rootAbs, treeRoot string, maxBytes int64) *treefs.FS {
	t, err := treefs.New(treeRoots(rootAbs, treeRoot), treefs.Options{MaxBytes: maxBytes})
	if err != nil {
		t, _ = treefs.New(nil, treefs.Options{})
	}
	return t
}

// readDir lists a directory of the checked tree.
func (l *loader) readDir(dir string) ([]fs.DirEntry, error) {
	return l.treeFS().ReadDir(absDir(dir))
}

// treeFS is l.tree, made on first use for a loader built without Load.
func (l *loader) treeFS() *treefs.FS {
	if l.tree == nil {
		if l.rootAbs == "" {
			l.rootAbs = absDir(l.rootDir)
		}
		maxBytes := int64(0)
		if l.budget != nil {
			maxBytes = l.budget.lim.MaxFileBytes
		}
		l.tree = newTree(l.rootAbs, l.opts.TreeRoot, maxBytes)
	}
	return l.tree
}

// filePath is the absolute path of the file a file function of this
// instance reads for the path written p, as the function table resolves
// it, so that a document parsed from the file is located in it.
func (in *instance) filePath(p string) string {
	abs, err := tffuncs.ResolvePath(in.l.rootAbs, p, in.l.opts.Env)
	if err != nil {
		return p
	}
	return abs
}

func absDir(dir string) string {
	a, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	return a
}

func joinDir(base, rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(base, filepath.FromSlash(rel))
}

func relPath(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
