package runtask_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

// TestSameVerdictAsTheCommandLine: one configuration, one policy, one
// verdict. The built tfemrcheck checks each input on the command line and
// as a run task (serve, against the stand-in platform) with the same
// policy file, or none; the CLI's exit code and the task's status agree.
// The inputs sit on either side of the default threshold: a plan whose
// worst failing finding is MEDIUM (it fails at the default LOW, passes at
// HIGH: its indeterminate findings fail only with --strict) and a
// configuration whose only finding is INFO (it passes at LOW).
func TestSameVerdictAsTheCommandLine(t *testing.T) {
	bin := binary(t)
	infoDir := t.TempDir()
	infoTF := `resource "aws_emrcontainers_virtual_cluster" "eks" {
  name = "example"
  container_provider {
    id   = "example-eks"
    type = "EKS"
    info {
      eks_info {
        namespace = "emr"
      }
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(infoDir, "main.tf"), []byte(infoTF), 0o644); err != nil {
		t.Fatal(err)
	}
	policyDir := t.TempDir()
	high := filepath.Join(policyDir, "high.hcl")
	if err := os.WriteFile(high, []byte("severity_threshold = \"HIGH\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(policyDir, "empty.hcl")
	if err := os.WriteFile(none, []byte("# the defaults\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const mediumPlan = "../../testdata/plans/kms-jsonencode-new-key/plan.json"

	p := newPlatform(t, e2eToken)
	p.addPlan(t, "plan-medium", mediumPlan)
	p.addArchive("cv-info", targz(t, []tarEntry{{name: "main.tf", body: infoTF}}))

	for _, c := range []struct {
		name   string
		policy string // "" means no --config
		want   map[string]string
	}{
		{"no policy", "", map[string]string{"medium": "failed", "info": "passed"}},
		{"empty policy", none, map[string]string{"medium": "failed", "info": "passed"}},
		{"policy threshold HIGH", high, map[string]string{"medium": "passed", "info": "passed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var extra []string
			if c.policy != "" {
				extra = []string{"--config", c.policy}
			}
			svc := startService(t, p.srv.URL, []byte(e2eKey), extra...)
			defer svc.stop(t)
			for input, want := range c.want {
				id := "taskrs-" + input + "-" + filepath.Base(c.policy)
				var req map[string]any
				var cliArg string
				var err error
				if input == "medium" {
					req = p.request(runtask.StagePostPlan, id)
					req["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/plan-medium/json-output"
					if cliArg, err = filepath.Abs(mediumPlan); err != nil {
						t.Fatal(err)
					}
				} else {
					req = p.request(runtask.StagePrePlan, id)
					delete(req, "plan_json_api_url")
					req["configuration_version_id"] = "cv-info"
					req["configuration_version_download_url"] = p.srv.URL + "/api/v2/configuration-versions/cv-info/download"
					cliArg = infoDir
				}
				if code := svc.post(t, req, []byte(e2eKey)); code != 200 {
					t.Fatalf("%s: HTTP %d", input, code)
				}
				cb := p.waitCallback(t, id, 20*time.Second)

				cmd := exec.Command(bin, append(append([]string{}, extra...), cliArg)...)
				cmd.Dir = policyDir // no .tfemrcheck.hcl discovered from the repository
				out, err := cmd.CombinedOutput()
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				cli := map[int]string{0: "passed", 1: "failed"}[code]
				if cb.Status != want || cli != want {
					t.Errorf("%s: run task %q (%s), CLI exit %d; want both %s\n%s", input, cb.Status, cb.Message, code, want, out)
				}
			}
		})
	}
}
