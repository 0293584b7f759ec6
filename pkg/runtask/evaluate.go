package runtask

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
	"github.com/tfemrcheck/tfemrcheck/pkg/suppress"
)

// result is what checking one run gives: the report the callback is built
// from, and for a check that overran its time, a way to wait for it.
type result struct {
	report *report.Report
	// wait, when set, blocks until a check that timed out has really
	// ended: the worker keeps its slot meanwhile, so the pool still bounds
	// the CPU in use.
	wait func()
}

// newReport is an empty report with the service's threshold.
func (s *Server) newReport() *report.Report {
	return &report.Report{ToolName: "tfemrcheck", ToolVersion: s.opts.ToolVersion,
		Strict: s.opts.Strict, Threshold: s.opts.Threshold, Policy: s.opts.Policy}
}

// failure is a result that could not check anything: an input error, so
// the task fails with the reason.
func (s *Server) failure(format string, args ...any) *result {
	rep := s.newReport()
	rep.Errors = []report.InputError{{Message: fmt.Sprintf(format, args...)}}
	return &result{report: rep}
}

// evaluate checks one run within Timeouts.Check, download included. A
// check that overruns is reported failed; a panic is reported failed.
func (s *Server) evaluate(ctx context.Context, j *job) *result {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeouts.Check)
	defer cancel()
	done := make(chan *result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				j.log.Error("check panicked", "panic_type", fmt.Sprintf("%T", p))
				done <- s.failure("internal error while checking this run; the service log has details")
			}
		}()
		done <- s.evaluateStage(ctx, j)
	}()
	timedOut := func() *result {
		j.log.Error("check timed out", "limit", s.opts.Timeouts.Check.String())
		return s.failure("the check did not finish within %s: the input is too large or too complex to check", s.opts.Timeouts.Check)
	}
	// A check that failed as the deadline passed failed because of it (a
	// download cut off by it): that is what the run is told, whichever
	// of the two the select saw first. A check that ended otherwise as
	// the deadline passed keeps its result.
	cutOff := func(r *result) bool {
		return errors.Is(ctx.Err(), context.DeadlineExceeded) && len(r.report.Findings) == 0 && len(r.report.Errors) > 0
	}
	select {
	case r := <-done:
		if cutOff(r) {
			return timedOut()
		}
		return r
	case <-ctx.Done():
	}
	select {
	case r := <-done:
		if cutOff(r) {
			return timedOut()
		}
		return r
	default:
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		r := timedOut()
		r.wait = func() { <-done }
		return r
	}
	r := s.failure("the service shut down before this run was checked")
	r.wait = func() { <-done }
	return r
}

// evaluateStage fetches what the stage provides and checks it.
func (s *Server) evaluateStage(ctx context.Context, j *job) *result {
	if j.req.PayloadVersion != 1 {
		return s.failure("payload_version %d is not supported (this service reads version 1)", j.req.PayloadVersion)
	}
	switch j.req.Stage {
	case StagePostPlan, StagePreApply, StagePostApply:
		return s.checkPlan(ctx, j)
	case StagePrePlan:
		return s.checkConfiguration(ctx, j)
	}
	return s.failure("run stage %q is not supported (expected pre_plan, post_plan, pre_apply or post_apply)", j.req.Stage)
}

// checkPlan fetches the plan JSON and checks it, streaming.
func (s *Server) checkPlan(ctx context.Context, j *job) *result {
	u, err := s.onOrigin("plan_json_api_url", j.req.PlanJSONAPIURL)
	if err != nil {
		return s.failure("%v", err)
	}
	body, err := s.download(ctx, u, j.req.AccessToken, s.opts.Limits.PlanBytes, "plan JSON")
	if err != nil {
		return s.failure("%v", err)
	}
	defer body.Close()
	m, err := scan.File(body, "plan JSON")
	if err != nil {
		return s.failure("%v", err)
	}
	return s.check(m, "", "", "")
}

// checkConfiguration fetches the configuration version, unpacks it into a
// private temporary directory and checks the workspace's working
// directory in source mode.
func (s *Server) checkConfiguration(ctx context.Context, j *job) *result {
	if j.req.ConfigurationVersionDownloadURL == "" {
		return s.failure("the platform sent no configuration_version_download_url: the configuration version cannot be downloaded, so it was not checked")
	}
	u, err := s.onOrigin("configuration_version_download_url", j.req.ConfigurationVersionDownloadURL)
	if err != nil {
		return s.failure("%v", err)
	}
	wd, err := workingDirectory(j.req.WorkspaceWorkingDirectory)
	if err != nil {
		return s.failure("%v", err)
	}
	tmp, err := os.MkdirTemp("", "tfemrcheck-cv-")
	if err != nil {
		return s.failure("cannot create a working directory: %v", err)
	}
	defer os.RemoveAll(tmp)
	body, err := s.download(ctx, u, j.req.AccessToken, s.opts.Limits.ArchiveBytes, "configuration version")
	if err != nil {
		return s.failure("%v", err)
	}
	err = unpack(body, tmp, s.opts.Limits)
	body.Close()
	if err != nil {
		return s.failure("configuration version: %v", err)
	}
	dir := filepath.Join(tmp, wd)
	// HCP Terraform and Terraform Enterprise run Terraform: .tofu files are
	// not what they deploy. The uploaded .terraform directory, if any, is
	// the uploader's, not an init of the platform: not trusted.
	m, err := scan.Dir(dir, hclconfig.Options{Engine: hclconfig.EngineTerraform, TreeRoot: tmp})
	if err != nil {
		rep := s.newReport()
		rep.Errors = dirErrors(err, dir)
		relativize(rep, tmp)
		return &result{report: rep}
	}
	// The workspace's working directory is the root of its findings (as
	// under DIR/...), so that policy exceptions can name it.
	root := ""
	if wd != "." {
		root = filepath.ToSlash(wd)
	}
	r := s.check(m, dir, tmp, root)
	r.report.Notes = append(r.report.Notes, ignoredPolicies(tmp, dir)...)
	relativize(r.report, tmp)
	return r
}

// ignoredPolicies names the policy files of the configuration between its
// root and the checked directory: the service never reads them (its policy
// is --config), and says so, so that a reviewer sees a change's attempt to
// bring its own policy.
func ignoredPolicies(root, dir string) []model.Note {
	var notes []model.Note
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, policy.FileName)
		if _, err := os.Lstat(p); err == nil {
			notes = append(notes, model.Note{
				Range:   &model.Range{Filename: p, Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 1}},
				Message: fmt.Sprintf("policy file %s was not read: the run task's policy is set by its operator (--config), never by the checked configuration", p),
			})
		}
		if d == root || !strings.HasPrefix(d, root) {
			return notes
		}
	}
}

// workingDirectory turns the workspace's working directory into a path
// inside the unpacked archive: relative, with no way out of it.
func workingDirectory(wd string) (string, error) {
	wd = strings.Trim(filepath.ToSlash(wd), "/")
	if wd == "" {
		return ".", nil
	}
	clean := filepath.Clean(filepath.FromSlash(wd))
	if !filepath.IsLocal(clean) {
		return "", fmt.Errorf("workspace_working_directory %q leaves the configuration: refused", wd)
	}
	return clean, nil
}

// check runs the rules as the command line does: the policy's catalogue and
// parameters, the inline suppressions of the source (when there is
// source), the policy's exceptions, and the deterministic order.
//
// treeRoot bounds the reads of the source (the unpacked archive); root,
// the workspace's working directory in it, is given to every finding and
// note (rules.Finding.Root) before the policy's exceptions are matched.
func (s *Server) check(m *model.Model, sourceDir, treeRoot, root string) *result {
	rep := s.newReport()
	fs, err := check.Run(m, check.Options{Rules: s.catalogue, Params: &s.opts.Policy.Params})
	if err != nil {
		rep.Errors = append(rep.Errors, report.InputError{Message: err.Error()})
	}
	today := s.opts.Now()
	if sourceDir != "" {
		directives, diags := suppress.ScanIn(treeRoot, sourceDir)
		for _, d := range diags {
			rep.Errors = append(rep.Errors, report.InputError{File: diagFile(d, sourceDir), Message: scan.FormatDiagnostic(d)})
		}
		var problems []rules.Finding
		fs, problems = suppress.Apply(fs, directives, m, today)
		fs = append(fs, problems...)
	}
	for i := range fs {
		fs[i].Root = root
	}
	var problems []rules.Finding
	fs, problems = s.opts.Policy.Apply(fs, today)
	fs = append(fs, problems...)
	check.Sort(fs)
	rep.Findings = fs
	rep.Notes = m.Notes
	if root != "" {
		rep.Notes = append([]model.Note(nil), m.Notes...)
		for i := range rep.Notes {
			rep.Notes[i].Root = root
		}
	}
	return &result{report: rep}
}

// dirErrors turns a source-mode load error into input errors, one per
// error diagnostic.
func dirErrors(err error, dir string) []report.InputError {
	var de *scan.DirError
	if errors.As(err, &de) {
		var out []report.InputError
		for _, d := range de.Diags {
			if d.Severity == hcl.DiagError {
				out = append(out, report.InputError{File: diagFile(d, de.Dir), Message: scan.FormatDiagnostic(d)})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []report.InputError{{File: dir, Message: err.Error()}}
}

func diagFile(d *hcl.Diagnostic, fallback string) string {
	if d.Subject != nil && d.Subject.Filename != "" {
		return d.Subject.Filename
	}
	return fallback
}

// relativize removes the temporary directory from every path and message
// of rep, so the platform shows main.tf, not /tmp/tfemrcheck-cv-123/main.tf.
func relativize(rep *report.Report, root string) {
	prefix := root + string(filepath.Separator)
	strip := func(s string) string {
		s = strings.ReplaceAll(s, prefix, "")
		return strings.ReplaceAll(s, root, ".")
	}
	rng := func(r *model.Range) {
		if r != nil {
			r.Filename = strip(r.Filename)
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Message = strip(f.Message)
		rng(f.Location)
		for k := range f.Related {
			f.Related[k].Message = strip(f.Related[k].Message)
			rng(f.Related[k].Location)
		}
		if f.Suppressed != nil {
			rng(f.Suppressed.Location)
		}
	}
	for i := range rep.Errors {
		rep.Errors[i].File = strip(rep.Errors[i].File)
		rep.Errors[i].Message = strip(rep.Errors[i].Message)
	}
	for i := range rep.Notes {
		rep.Notes[i].Message = strip(rep.Notes[i].Message)
		rng(rep.Notes[i].Range)
	}
}
