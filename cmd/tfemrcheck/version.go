package main

import "runtime/debug"

// Set at build time: -ldflags "-X main.version=v1.2.3 -X main.commit=abc -X main.date=2026-11-24".
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildInfo returns version, commit and date, falling back to what the Go
// toolchain recorded (go install …@version) when ldflags set nothing.
func buildInfo() (v, c, d string) {
	v, c, d = version, commit, date
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if c == "" {
					c = s.Value
				}
			case "vcs.time":
				if d == "" {
					d = s.Value
				}
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if c == "" {
		c = "unknown"
	}
	if d == "" {
		d = "unknown"
	}
	return v, c, d
}
