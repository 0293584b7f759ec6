package hclconfig

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/regularfile"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// resolveWorkspace is terraform.workspace as Terraform finds it: the
// caller's choice (Options.Workspace), else the TF_WORKSPACE environment
// variable, else the environment file `terraform workspace select` writes
// in the data directory (.terraform, or TF_DATA_DIR relative to the root
// module), else "default". The second result says which.
//
// A file inside the checked tree is read through tree (a committed
// environment linked out of the tree is not read); an absolute
// TF_DATA_DIR is the pipeline's, read where it is.
func resolveWorkspace(opts Options, dir string, tree *treefs.FS) (name, source string) {
	if opts.Workspace != "" {
		return opts.Workspace, "option"
	}
	dataDir := ".terraform"
	for _, kv := range opts.Env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "TF_WORKSPACE":
			if v != "" {
				name, source = v, "TF_WORKSPACE"
			}
		case "TF_DATA_DIR":
			if v != "" {
				dataDir = v
			}
		}
	}
	if name != "" {
		return name, source
	}
	p := dataDir
	read := func(p string) ([]byte, error) { return regularfile.Read(p, 1024) }
	if !filepath.IsAbs(p) {
		p = filepath.Join(absDir(dir), p)
		read = func(p string) ([]byte, error) {
			b, err := tree.ReadFile(p)
			if err == nil && len(b) > 1024 {
				return nil, fmt.Errorf("too large")
			}
			return b, err
		}
	}
	// A workspace name is short; anything larger is not Terraform's file.
	if b, err := read(filepath.Join(p, "environment")); err == nil {
		if n := strings.TrimSpace(string(b)); n != "" {
			return n, filepath.ToSlash(filepath.Join(dataDir, "environment"))
		}
	}
	return "default", "default"
}

// terraformObject is the value of the terraform object for a reference
// to it. terraform.workspace is recorded in the model, with where it
// came from, since the result depends on the machine running the check.
//
// It is known only when the pipeline chose it: the caller's option or
// TF_WORKSPACE, or the data directory when the pipeline ran its own init
// there (TrustInstalledModules). A .terraform/environment committed in a
// pull request, or the default of a gate that was not told the workspace,
// may not be the deploy job's: the value is unknown, naming why, and what
// depends on it is indeterminate.
func (in *instance) terraformObject(t hcl.Traversal) cty.Value {
	if attrName(t, 1) == "workspace" && in.l.model.Workspace == nil {
		in.l.model.Workspace = &model.Workspace{Name: in.l.workspace, Source: in.l.workspaceSource}
	}
	ws := cty.StringVal(in.l.workspace)
	if !in.l.workspaceTrusted() {
		where := "no workspace was given to the check"
		if in.l.workspaceSource != "default" {
			where = "it comes from " + in.l.workspaceSource + " in the checked tree, which a pull request can commit"
		}
		ws = unknownBlocked(cty.String, fmt.Sprintf("terraform.workspace (%q here, but %s: the deploy job's may differ; set TF_WORKSPACE, or pass --trust-installed-modules after the pipeline's own init and workspace select)",
			in.l.workspace, where))
	}
	return cty.ObjectVal(map[string]cty.Value{
		"workspace": ws,
		// terraform.applying (Terraform 1.10) is false while planning, and
		// ephemeral: what is checked is the plan.
		"applying": cty.False.Mark(marks.Ephemeral{}),
	})
}

// workspaceTrusted reports whether terraform.workspace was chosen by the
// pipeline, not by the checked tree.
func (l *loader) workspaceTrusted() bool {
	switch l.workspaceSource {
	case "option", "TF_WORKSPACE":
		return true
	}
	return l.opts.TrustInstalledModules
}
