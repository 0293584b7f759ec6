package hclconfig

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/internal/regularfile"
	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// resolveWorkspace is terraform.workspace as Terraform finds it: the
// caller's choice (Options.Workspace), else the TF_WORKSPACE environment
// variable, else the environment file `terraform workspace select` writes
// in the data directory (.terraform, or TF_DATA_DIR relative to the root
// module), else "default". The second result says which.
func resolveWorkspace(opts Options, dir string) (name, source string) {
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
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	// A workspace name is short; anything larger is not Terraform's file.
	if b, err := regularfile.Read(filepath.Join(p, "environment"), 1024); err == nil {
		if n := strings.TrimSpace(string(b)); n != "" {
			return n, filepath.ToSlash(filepath.Join(dataDir, "environment"))
		}
	}
	return "default", "default"
}

// terraformObject is the value of the terraform object for a reference
// to it. terraform.workspace is recorded in the model, with where it
// came from, since the result depends on the machine running the check.
func (in *instance) terraformObject(t hcl.Traversal) cty.Value {
	if attrName(t, 1) == "workspace" && in.l.model.Workspace == nil {
		in.l.model.Workspace = &model.Workspace{Name: in.l.workspace, Source: in.l.workspaceSource}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"workspace": cty.StringVal(in.l.workspace),
		// terraform.applying (Terraform 1.10) is false while planning, and
		// ephemeral: what is checked is the plan.
		"applying": cty.False.Mark(marks.Ephemeral{}),
	})
}
