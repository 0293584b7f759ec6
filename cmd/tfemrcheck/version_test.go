package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fakeBuildInfo(bi *debug.BuildInfo) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) { return bi, bi != nil }
}

func TestVersionFromBuildInfo(t *testing.T) {
	// What `go install github.com/tfemrcheck/tfemrcheck/cmd/tfemrcheck@v1.4.0`
	// records: the module version; a build in a clone adds vcs.*.
	installed := &debug.BuildInfo{GoVersion: "go1.25.3", Main: debug.Module{Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"},
			{Key: "vcs.time", Value: "2026-11-24T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := readVersionInfo("", "", "", fakeBuildInfo(installed))
	assert.Equal(t, versionInfo{Version: "v1.4.0", Commit: "0123abcd", Date: "2026-11-24T10:00:00Z",
		GoVersion: "go1.25.3", Platform: runtime.GOOS + "/" + runtime.GOARCH, Modified: true}, got)

	// ldflags (a release) win over the build info, and a release is never "modified".
	got = readVersionInfo("v2.0.0", "fedcba98", "2026-12-01T00:00:00Z", fakeBuildInfo(installed))
	assert.Equal(t, "v2.0.0", got.Version)
	assert.Equal(t, "fedcba98", got.Commit)
	assert.Equal(t, "2026-12-01T00:00:00Z", got.Date)
	assert.False(t, got.Modified)

	// A build in a directory without VCS: "(devel)" is not a version.
	got = readVersionInfo("", "", "", fakeBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}))
	assert.Equal(t, "dev", got.Version)
	assert.Equal(t, "unknown", got.Commit)
	assert.Equal(t, "unknown", got.Date)
	assert.Equal(t, runtime.Version(), got.GoVersion)

	got = readVersionInfo("", "", "", fakeBuildInfo(nil))
	assert.Equal(t, "dev", got.Version)
}

func TestVersionCommand(t *testing.T) {
	r := runCLI(t, "", "version")
	assert.Equal(t, 0, r.code, r.stderr)
	flag := runCLI(t, "", "--version")
	assert.Equal(t, flag.stdout, r.stdout, "'version' and '--version' print the same")

	r = runCLI(t, "", "version", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var info map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &info))
	for _, k := range []string{"version", "commit", "date", "go_version", "platform"} {
		assert.NotEmpty(t, info[k], k)
	}
	assert.Equal(t, runtime.GOOS+"/"+runtime.GOARCH, info["platform"])

	r = runCLI(t, "", "version", "--format", "yaml")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown format "yaml"`)
	r = runCLI(t, "", "version", "extra")
	assert.Equal(t, 2, r.code)
	r = runCLI(t, "", "help", "version")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "usage: tfemrcheck version")
}

// TestVersionLdflags builds the binary the way .goreleaser.yaml does and
// reads the values back.
func TestVersionLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tfemrcheck")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin,
		"-ldflags", "-X main.version=v9.8.7 -X main.commit=abc123 -X main.date=2026-11-24T10:00:00Z", ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	out, err = exec.Command(bin, "version", "--format", "json").Output()
	require.NoError(t, err)
	var info versionInfo
	require.NoError(t, json.Unmarshal(out, &info))
	assert.Equal(t, "v9.8.7", info.Version)
	assert.Equal(t, "abc123", info.Commit)
	assert.Equal(t, "2026-11-24T10:00:00Z", info.Date)
	assert.Equal(t, runtime.Version(), info.GoVersion)
}
