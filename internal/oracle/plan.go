package oracle

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Planner plans cases with mkplan (../shared/tools/tfplan/mkplan): the
// real terraform (or tofu, when PATH has no terraform) with the offline
// stand-in AWS provider.
type Planner struct {
	MkPlan string
	// Env is the environment mkplan runs in (os.Environ() by default); the
	// case's own variables are added to it.
	Env []string
}

// Outcome is what planning a case gave: a plan, or Terraform's refusal.
type Outcome struct {
	Plan []byte
	// Refusal holds the "Error: …" summaries when Terraform refused the
	// configuration (a failing validation, for instance).
	Refusal string
}

var errorLine = regexp.MustCompile(`(?m)^(?:│ )?Error: (.*)$`)

// Plan writes c to a temporary directory and plans it. An error means
// mkplan itself failed (not Terraform refusing the configuration).
func (p *Planner) Plan(ctx context.Context, c *Case) (*Outcome, error) {
	dir, err := os.MkdirTemp("", "oracle-"+c.Name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "config")
	if err := c.WriteDir(cfg); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "plan.json")
	args := append([]string{cfg, out}, c.Args...)
	cmd := exec.CommandContext(ctx, p.MkPlan, args...)
	cmd.Dir = cfg
	env := p.Env
	if env == nil {
		env = os.Environ()
	}
	// The case decides the region: none from the caller's environment.
	var base []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_REGION=") && !strings.HasPrefix(kv, "AWS_DEFAULT_REGION=") && !strings.HasPrefix(kv, "TF_VAR_") {
			base = append(base, kv)
		}
	}
	cmd.Env = append(base, c.Env...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	runErr := cmd.Run()
	if runErr == nil {
		b, err := os.ReadFile(out)
		if err != nil {
			return nil, err
		}
		return &Outcome{Plan: b}, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	text := log.String()
	if !strings.Contains(text, "mkplan: running terraform plan") && !strings.Contains(text, "mkplan: running tofu plan") {
		return nil, fmt.Errorf("mkplan %s: %v\n%s", c.Name, runErr, text)
	}
	var sums []string
	for _, m := range errorLine.FindAllStringSubmatch(text, -1) {
		sums = append(sums, strings.TrimSpace(m[1]))
	}
	if len(sums) == 0 {
		return nil, fmt.Errorf("mkplan %s: %v with no Terraform error\n%s", c.Name, runErr, text)
	}
	return &Outcome{Refusal: strings.Join(sums, "\n") + "\n"}, nil
}
