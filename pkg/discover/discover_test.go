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
			name: "a directory called as a local module is a root too",
			files: map[string]string{
				"prod/main.tf":              `module "emr" { source = "./modules/emr" }`,
				"prod/modules/emr/main.tf":  `resource "aws_emr_cluster" "c" {}`,
				"stage/main.tf":             `module "emr" { source = "../shared/emr" }`,
				"shared/emr/main.tf":        `resource "aws_emr_cluster" "c" {}`,
				"shared/emr/versions.tf":    `terraform {}`,
				"docs/README.md":            `not terraform`,
				"prod/modules/emr/notes.md": `x`,
			},
			want: []string{"prod", "prod/modules/emr", "shared/emr", "stage"},
		},
		{
			name: "OpenTofu configurations (.tofu, .tofu.json) are roots",
			files: map[string]string{
				"a/main.tofu":       `module "x" { source = "./x" }`,
				"a/x/main.tf":       `resource "aws_emr_cluster" "c" {}`,
				"b/main.tofu.json":  `{"module": {"y": {"source": "../y"}}}`,
				"c/main.tofu.draft": `not configuration`,
				"d/main.tf.json":    `{}`,
			},
			want: []string{"a", "a/x", "b", "d"},
		},
		{
			name: ".terraform and version control are skipped; other hidden directories, node_modules and vendor are not",
			files: map[string]string{
				".git/x/main.tf":          `x`,
				".hg/x/main.tf":           `x`,
				".svn/x/main.tf":          `x`,
				".terraform/m/main.tf":    `x`,
				"app/.terraform/m/x.tf":   `x`,
				".deploy/prod/main.tf":    `x`,
				"node_modules/m/main.tf":  `x`,
				"vendor/m/main.tf":        `x`,
				"app/infra/main.tf":       `resource "aws_emr_cluster" "c" {}`,
				"app/infra/.hidden.tf":    `x`,
				"app/infra/main.tf.bak":   `x`,
				"app/infra/sub/README.md": `x`,
			},
			want: []string{".deploy/prod", "app/infra", "node_modules/m", "vendor/m"},
		},
		{
			name:  "no terraform at all",
			files: map[string]string{"README.md": "x", ".hidden.tf": "x"},
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

// TestNothingInTheTreeDropsARoot: each attack of issue 24.2 that took a
// root out of DIR/... by writing something in the checked tree.
func TestNothingInTheTreeDropsARoot(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "a sibling calls ../prod as a module with count = 0",
			files: map[string]string{
				"envs/prod/main.tf": `resource "aws_emr_security_configuration" "sc" { configuration = "SSE-C" }`,
				"envs/dev/main.tf": `module "prod" {
  source = "../prod"
  count  = 0
}`,
			},
			want: []string{"envs/dev", "envs/prod"},
		},
		{
			name: "two directories call each other",
			files: map[string]string{
				"a/main.tf": `module "b" { source = "../b" }`,
				"b/main.tf": `module "a" { source = "../a" }`,
			},
			want: []string{"a", "b"},
		},
		{
			name: "a root under vendor/",
			files: map[string]string{
				"vendor/prod/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"vendor/prod"},
		},
		{
			name: "a root under node_modules/",
			files: map[string]string{
				"web/node_modules/infra/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"web/node_modules/infra"},
		},
		{
			name: "a file that does not parse, or is too large to parse, hides nothing",
			files: map[string]string{
				"a/main.tf": `module "b" { source = "../b" ` + strings.Repeat("(", 100000),
				"b/main.tf": `resource "aws_emr_cluster" "c" {}`,
			},
			want: []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			f, err := Find(dir, Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, rel(t, dir, f.Roots))
			assert.Empty(t, f.Excluded)
			assert.Empty(t, f.Links)
		})
	}
}

func TestExcludeComesFromOptions(t *testing.T) {
	dir := tree(t, map[string]string{
		"main.tf":                  `x`,
		"envs/prod/main.tf":        `x`,
		"modules/emr/main.tf":      `x`,
		"modules/emr/sub/main.tf":  `x`,
		"examples/a/main.tf":       `x`,
		"examples/a/inner/main.tf": `x`,
	})
	f, err := Find(dir, Options{Exclude: []string{"modules/**", "examples/*"}})
	require.NoError(t, err)
	assert.Equal(t, []string{".", "envs/prod", "examples/a/inner"}, rel(t, dir, f.Roots))
	var ex []string
	for _, e := range f.Excluded {
		ex = append(ex, Rel(dir, e.Dir)+" by "+e.Pattern)
	}
	assert.Equal(t, []string{"examples/a by examples/*", "modules/emr by modules/**", "modules/emr/sub by modules/**"}, ex)

	// "." names the directory given.
	f, err = Find(dir, Options{Exclude: []string{"."}})
	require.NoError(t, err)
	assert.NotContains(t, rel(t, dir, f.Roots), ".")
	assert.Contains(t, rel(t, dir, f.Roots), "envs/prod")

	assert.True(t, ValidatePattern("modules/**"))
	assert.False(t, ValidatePattern("modules/[a"))
	assert.False(t, MatchPath("modules/[a", "modules/[a"), "a malformed pattern matches nothing")
}

// TestLinksThatHideCodeAreReported: a symbolic link to a directory is
// never followed; one that leaves the tree, leads into .terraform or .git,
// or leads to an excluded directory is reported, so that the caller fails
// closed on it.
func TestLinksThatHideCodeAreReported(t *testing.T) {
	outside := tree(t, map[string]string{"prod/main.tf": `resource "aws_emr_cluster" "c" {}`})
	dir := tree(t, map[string]string{
		"envs/dev/main.tf":              `x`,
		".terraform/modules/x/main.tf":  `x`,
		".git/empty/README":             `x`,
		"modules/emr/main.tf":           `x`,
		"shared/prod/main.tf":           `x`,
		".deploy/prod/main.tf":          `x`,
		"excluded-links/README.md":      `x`,
		"envs/readme-only/README.md":    `x`,
		"modules/vendored/emr/main.tf":  `x`,
		"modules/vendored/emr/extra.tf": `x`,
	})
	link := func(target, name string) {
		t.Helper()
		require.NoError(t, os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))))
	}
	link(filepath.Join(outside, "prod"), "envs/outside")      // leaves the tree
	link("../.terraform/modules/x", "envs/installed")         // into .terraform, with Terraform files
	link("../.git/empty", "envs/git")                         // into .git, no Terraform files: nothing hidden
	link("../modules/emr", "envs/excluded")                   // to an excluded directory
	link("../shared/prod", "envs/prod")                       // to a checked directory: fine
	link("../.deploy/prod", "envs/deploy")                    // to a hidden directory that is checked: fine
	link("../modules/emr", "excluded-links/emr")              // the link itself is excluded
	link(filepath.Join(dir, "nowhere"), "envs/dangling")      // dangling: nothing to run
	link(filepath.Join(dir, "envs/dev/main.tf"), "envs/file") // a file, not a directory
	f, err := Find(dir, Options{Exclude: []string{"modules/**", "excluded-links/**"}})
	require.NoError(t, err)
	var got []string
	for _, l := range f.Links {
		got = append(got, Rel(dir, l.Path)+" "+l.Why)
		msg := l.Message(dir)
		assert.True(t, strings.HasPrefix(msg, l.Path+": "), "the message names the link first: %s", msg)
		assert.Contains(t, msg, "exclude")
	}
	assert.Equal(t, []string{"envs/excluded excluded", "envs/installed hidden", "envs/outside outside"}, got)
	assert.Equal(t, []string{".deploy/prod", "envs/dev", "shared/prod"}, rel(t, dir, f.Roots))
	// Nothing outside the tree counts as a root.
	for _, r := range f.Roots {
		assert.True(t, strings.HasPrefix(r, dir), r)
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
	// Each stack and its local module, and the shared module.
	require.Len(t, got, 2*120+1)
	assert.Equal(t, filepath.Join(dir, "modules", "tags"), got[0])
	for i := range 120 {
		assert.Equal(t, testgen.StackDir(dir, i), got[1+2*i])
		assert.Equal(t, filepath.Join(testgen.StackDir(dir, i), "modules", "emr"), got[2+2*i])
	}
}
