package discover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
)

// tree writes files (slash-separated paths relative to a new temporary
// directory) and returns the directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// rel makes found paths relative to dir, slash-separated.
func rel(t *testing.T, dir string, paths []string) []string {
	t.Helper()
	out := []string{}
	for _, p := range paths {
		r, err := filepath.Rel(dir, p)
		require.NoError(t, err)
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestRootModules(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "single root at the top",
			files: map[string]string{"main.tf": `resource "aws_emr_cluster" "c" {}`},
			want:  []string{"."},
		},
		{
			name: "local modules are not roots",
			files: map[string]string{
				"prod/main.tf":              `module "emr" { source = "./modules/emr" }`,
				"prod/modules/emr/main.tf":  `resource "aws_emr_cluster" "c" {}`,
				"stage/main.tf":             `module "emr" { source = "../shared/emr" }`,
				"shared/emr/main.tf":        `resource "aws_emr_cluster" "c" {}`,
				"shared/emr/versions.tf":    `terraform {}`,
				"docs/README.md":            `not terraform`,
				"prod/modules/emr/notes.md": `x`,
			},
			want: []string{"prod", "stage"},
		},
		{
			name: "json configuration calls modules too",
			files: map[string]string{
				"a/main.tf.json": `{"module": {"x": {"source": "./x"}}}`,
				"a/x/main.tf":    `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a"},
		},
		{
			name: "registry and git sources do not hide a directory",
			files: map[string]string{
				"a/main.tf": `module "x" { source = "terraform-aws-modules/emr/aws" }
module "y" { source = "git::https://example.com/emr.git" }
module "z" { source = "b" }`,
				"b/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a", "b"},
		},
		{
			name: "OpenTofu configurations (.tofu, .tofu.json) are roots and call modules",
			files: map[string]string{
				"a/main.tofu":       `module "x" { source = "./x" }`,
				"a/x/main.tf":       `resource "aws_emr_cluster" "c" {}`,
				"b/main.tofu.json":  `{"module": {"y": {"source": "../y"}}}`,
				"y/main.tofu":       `resource "aws_emr_cluster" "c" {}`,
				"c/main.tofu.draft": `not configuration`,
			},
			want: []string{"a", "b"},
		},
		{
			name: "a module calling itself stays a root",
			files: map[string]string{
				"a/main.tf": `module "me" { source = "./" }`,
			},
			want: []string{"a"},
		},
		{
			name: "a called module that also looks like a root is still a module",
			files: map[string]string{
				"a/main.tf":                 `module "b" { source = "../b" }`,
				"b/main.tf":                 `terraform { backend "s3" {} }`,
				"b/terraform.tfvars":        `x = 1`,
				"c/main.tf":                 `resource "aws_emr_cluster" "c" {}`,
				"c/.terraform/modules/m.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a", "c"},
		},
		{
			name: "hidden, node_modules and vendor directories are skipped",
			files: map[string]string{
				".git/x/main.tf":          `x`,
				".terraform/m/main.tf":    `x`,
				"node_modules/m/main.tf":  `x`,
				"vendor/m/main.tf":        `x`,
				"app/infra/main.tf":       `resource "aws_emr_cluster" "c" {}`,
				"app/infra/.hidden.tf":    `x`,
				"app/infra/main.tf.bak":   `x`,
				"app/infra/sub/README.md": `x`,
			},
			want: []string{"app/infra"},
		},
		{
			name: "a syntax error does not hide the directory",
			files: map[string]string{
				"a/main.tf": `module "b" { source = "../b" `,
				"b/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a", "b"},
		},
		{
			name: "a call through a non-literal source counts for nothing",
			files: map[string]string{
				"a/main.tf": `module "b" { source = "${path.module}/../b" }`,
				"b/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a", "b"},
		},
		{
			name:  "no terraform at all",
			files: map[string]string{"README.md": "x"},
			want:  []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			got, err := RootModules(dir)
			require.NoError(t, err)
			assert.Equal(t, tt.want, rel(t, dir, got))
		})
	}
}

func TestRootModulesErrors(t *testing.T) {
	dir := tree(t, map[string]string{"main.tf": "x"})
	_, err := RootModules(filepath.Join(dir, "missing"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "missing"))

	_, err = RootModules(filepath.Join(dir, "main.tf"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a directory")

	loop := filepath.Join(dir, "loop")
	require.NoError(t, os.Symlink(loop, loop))
	_, err = RootModules(loop)
	require.Error(t, err)
	assert.Contains(t, err.Error(), loop)
}

// TestSymlinksAreNotFollowed: links to directories (including loops) are
// not descended into, so the walk ends; links to files count.
func TestSymlinksAreNotFollowed(t *testing.T) {
	dir := tree(t, map[string]string{
		"a/main.tf":      `resource "aws_emr_cluster" "c" {}`,
		"real/b/main.tf": `resource "aws_emr_cluster" "c" {}`,
		"shared.tf":      `resource "aws_emr_cluster" "c" {}`,
	})
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "a", "up")))               // loop to the root
	require.NoError(t, os.Symlink(filepath.Join(dir, "x"), filepath.Join(dir, "y"))) // x -> y -> x
	require.NoError(t, os.Symlink(filepath.Join(dir, "y"), filepath.Join(dir, "x")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "alias")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "shared.tf"), filepath.Join(dir, "real", "b", "linked.tf")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "a", "dangling.tf")))

	done := make(chan struct{})
	var got []string
	var err error
	go func() {
		defer close(done)
		got, err = RootModules(dir)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("RootModules did not return within 30s on a tree with symlink loops")
	}
	require.NoError(t, err)
	assert.Equal(t, []string{".", "a", "real/b"}, rel(t, dir, got))

	// The named directory itself may be a link.
	got, err = RootModules(filepath.Join(dir, "alias"))
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "alias", "b")}, got)
}

func TestRootModulesFindsTheGeneratedMonorepo(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, testgen.WriteMonorepo(dir, 120))
	got, err := RootModules(dir)
	require.NoError(t, err)
	require.Len(t, got, 120)
	for i, p := range got {
		assert.Equal(t, testgen.StackDir(dir, i), p)
	}
}

func TestOversizedFileIsNotParsedButCounts(t *testing.T) {
	dir := tree(t, map[string]string{"b/main.tf": `resource "aws_emr_cluster" "c" {}`})
	big := filepath.Join(dir, "a", "main.tf")
	require.NoError(t, os.MkdirAll(filepath.Dir(big), 0o755))
	f, err := os.Create(big)
	require.NoError(t, err)
	_, err = f.WriteString(`module "b" { source = "../b" }` + "\n")
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxParseSize+1)) // sparse tail of NULs
	require.NoError(t, f.Close())
	got, err := RootModules(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, rel(t, dir, got))
}

// TestDeepNestingIsNotParsed: a 100,000-deep expression would overflow the
// stack in the HCL parser; discovery does not parse it, and the directory
// stays a module (the loader reports the file).
func TestDeepNestingIsNotParsed(t *testing.T) {
	deep := `module "b" { source = "../b" }` + "\nlocals {\n  a = " +
		strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + "\n}\n"
	dir := tree(t, map[string]string{
		"a/main.tf":       deep,
		"a/main2.tf.json": `{"locals": {"a": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}, "module": {"c": {"source": "../c"}}}`,
		"b/main.tf":       `resource "aws_emr_cluster" "c" {}`,
		"c/main.tf":       `resource "aws_emr_cluster" "c" {}`,
	})
	got, err := RootModules(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, rel(t, dir, got))
}
