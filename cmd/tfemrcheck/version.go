package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at build time by the release (.goreleaser.yaml):
// -ldflags "-X main.version=v1.2.3 -X main.commit=abc… -X main.date=2026-11-24T10:00:00Z".
var (
	version = ""
	commit  = ""
	date    = ""
)

// versionInfo is what `tfemrcheck version --format json` prints; its
// fields are part of the public contract (schemas/version.schema.json).
type versionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
	// Modified: the build's work tree had uncommitted changes (vcs.modified).
	Modified bool `json:"modified,omitempty"`
}

// buildInfo returns version, commit and date, falling back to what the Go
// toolchain recorded (go install …@version) when ldflags set nothing.
func buildInfo() (v, c, d string) {
	info := readVersionInfo(version, commit, date, debug.ReadBuildInfo)
	return info.Version, info.Commit, info.Date
}

// readVersionInfo merges the ldflags values with the module's build info:
// ldflags win (a release sets all three); `go install …@vX.Y.Z` records
// the module version, and a build in a clone the vcs.revision and vcs.time.
func readVersionInfo(v, c, d string, read func() (*debug.BuildInfo, bool)) versionInfo {
	info := versionInfo{Version: v, Commit: c, Date: d, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := read(); ok && bi != nil {
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.Date == "" {
					info.Date = s.Value
				}
			case "vcs.modified":
				info.Modified = s.Value == "true" && c == ""
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	if info.Date == "" {
		info.Date = "unknown"
	}
	return info
}

// versionText is the --version output: the first line is unchanged since
// the first release (scripts read it); the second adds the Go toolchain.
func versionText(info versionInfo) string {
	dirty := ""
	if info.Modified {
		dirty = ", modified"
	}
	return fmt.Sprintf("tfemrcheck %s (commit %s, built %s%s)\n%s %s\n",
		info.Version, info.Commit, info.Date, dirty, info.GoVersion, info.Platform)
}

const versionUsage = `usage: tfemrcheck version [--format text|json]

Prints the version, commit, commit date and Go version of this binary
(the same as 'tfemrcheck --version'). A release sets them at build time;
'go install …@vX.Y.Z' records the module version and Go the rest.

Flags:
  --format FORMAT   text (default) or json
  --help            show this help
`

// versionCommand is `tfemrcheck version`.
func versionCommand(args []string, e env) int {
	fs := flag.NewFlagSet("tfemrcheck version", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	var helpFlag bool
	fs.BoolVar(&helpFlag, "help", false, "")
	fs.BoolVar(&helpFlag, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return printUsageError(e.stderr, flagError(err, fs, "tfemrcheck version"))
	}
	if helpFlag {
		fmt.Fprint(e.stdout, versionUsage)
		return exitOK
	}
	if fs.NArg() > 0 {
		return printUsageError(e.stderr, &usageError{msg: fmt.Sprintf("version takes no arguments, got %q", fs.Arg(0)), help: "tfemrcheck version"})
	}
	info := readVersionInfo(version, commit, date, debug.ReadBuildInfo)
	switch strings.ToLower(*format) {
	case "text":
		fmt.Fprint(e.stdout, versionText(info))
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			fmt.Fprintf(e.stderr, "Error: %s\n", err)
			return exitError
		}
	default:
		return printUsageError(e.stderr, &usageError{msg: fmt.Sprintf("unknown format %q for version --format%s (want text or json)",
			*format, didYouMean(*format, []string{"text", "json"}, "")), help: "tfemrcheck version"})
	}
	return exitOK
}
