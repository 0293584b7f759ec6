package hclconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A configuration file committed as a symbolic link is read only when the
// link stays inside the tree; a link out of it (a credentials file, the
// process environment) is an error that quotes nothing of the target.
func TestConfigLinkOutsideTree(t *testing.T) {
	const secret = "CANARY-7f3c9e1d"
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "credentials"), []byte("aws_secret = \""+secret+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(repo, "emr")
	if err := os.MkdirAll(filepath.Join(root, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "main.tf"), "locals {\n  a = 1\n}\n")
	write(filepath.Join(repo, "common.tf"), "locals {\n  b = 2\n}\n")

	// inside the repository: read as usual
	if err := os.Symlink(filepath.Join(repo, "common.tf"), filepath.Join(root, "common.tf")); err != nil {
		t.Fatal(err)
	}
	if _, diags := Load(root, Options{}); diags.HasErrors() {
		t.Fatalf("a link inside the repository: %s", diags.Error())
	}

	for name, target := range map[string]string{
		"creds.tf": filepath.Join(outside, "credentials"),
		"env.tf":   "/proc/self/environ",
	} {
		link := filepath.Join(root, name)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		_, diags := Load(root, Options{})
		if !diags.HasErrors() || !strings.Contains(diags.Error(), "Refused to read file") {
			t.Errorf("%s -> %s: want a refusal, got %v", name, target, diags)
		}
		if strings.Contains(diags.Error(), secret) {
			t.Errorf("%s: the diagnostics quote the target: %s", name, diags.Error())
		}
		os.Remove(link)
	}
}
