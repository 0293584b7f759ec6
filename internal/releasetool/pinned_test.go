package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"
)

// pinnedUses is an action pinned by a full commit SHA, with the version
// it is in the line's comment (checked separately).
var pinnedUses = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)

// TestUsesPinnedBySHA: every `uses:` of the Action and of the workflows
// names a full 40-hex commit SHA and says its version in a comment, so a
// moved tag cannot change what the release or a user's scan runs.
func TestUsesPinnedBySHA(t *testing.T) {
	files, _ := filepath.Glob("../../.github/workflows/*.yml")
	files = append(files, "../../action.yml")
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					k, v := n.Content[i], n.Content[i+1]
					if k.Value == "uses" && v.Kind == yaml.ScalarNode {
						seen++
						if !pinnedUses.MatchString(v.Value) {
							t.Errorf("%s:%d: uses %q is not pinned by a full commit SHA", f, v.Line, v.Value)
						} else if !regexp.MustCompile(`^# v[0-9]`).MatchString(v.LineComment) {
							t.Errorf("%s:%d: uses %q has no '# vX.Y.Z' comment naming its version", f, v.Line, v.Value)
						}
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&doc)
	}
	if seen == 0 {
		t.Fatal("no uses: found; the files moved?")
	}
}
