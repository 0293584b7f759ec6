package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOCIRoundTrip writes a layout twice from the same inputs (the same
// bytes: reproducible), reads the binary back out of it, and refuses a
// layout whose blob was changed.
func TestOCIRoundTrip(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	want := []byte("\x7fELF not really a binary")
	if err := os.WriteFile(bin, want, 0o755); err != nil {
		t.Fatal(err)
	}
	var indexes [][]byte
	for _, name := range []string{"a", "b"} {
		out := filepath.Join(dir, name)
		if err := ociCommand([]string{"-out", out, "-epoch", "1764547200", "-version", "v1.2.3",
			"linux/amd64=" + bin, "linux/arm64=" + bin}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "index.json"))
		if err != nil {
			t.Fatal(err)
		}
		indexes = append(indexes, b)
	}
	if !bytes.Equal(indexes[0], indexes[1]) {
		t.Fatal("two layouts of the same inputs differ")
	}
	got := filepath.Join(dir, "got")
	if err := extractCommand([]string{"-layout", filepath.Join(dir, "a"), "-platform", "linux/arm64", "-out", got}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(got); !bytes.Equal(b, want) {
		t.Fatalf("extracted %q, want %q", b, want)
	}
	if err := extractCommand([]string{"-layout", filepath.Join(dir, "a"), "-platform", "windows/amd64", "-out", got}); err == nil {
		t.Fatal("an image for a platform the layout lacks was found")
	}
	// Change one byte of every blob: extraction must refuse the layout.
	blobs, _ := filepath.Glob(filepath.Join(dir, "b", "blobs", "sha256", "*"))
	for _, p := range blobs {
		b, _ := os.ReadFile(p)
		b[len(b)-1] ^= 1
		os.WriteFile(p, b, 0o644)
	}
	err := extractCommand([]string{"-layout", filepath.Join(dir, "b"), "-platform", "linux/amd64", "-out", got})
	if err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("tampered layout: err = %v", err)
	}
}

func TestYAMLCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yml")
	bad := filepath.Join(dir, "bad.yml")
	os.WriteFile(good, []byte("on:\n  push:\n    tags: [\"v*\"]\n"), 0o644)
	os.WriteFile(bad, []byte("args: [--bundle=${signature}]\n"), 0o644)
	if err := yamlCheck([]string{good}); err != nil {
		t.Fatal(err)
	}
	if err := yamlCheck([]string{bad}); err == nil {
		t.Fatal("a flow sequence holding ${…} parsed")
	}
}
