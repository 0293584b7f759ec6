package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDockerfileMatchesLayout: the root Dockerfile makes the release's
// image: its final stage is scratch plus the file system releasetool
// rootfs writes (the layer of the OCI layout), with the layout's user,
// entrypoint, command, port and working directory, and the binary is
// built with the release's flags.
func TestDockerfileMatchesLayout(t *testing.T) {
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	// Join continued lines, drop comments.
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	var final []string
	var build string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "FROM ") {
			final = nil
		}
		final = append(final, strings.Join(strings.Fields(line), " "))
		if strings.HasPrefix(line, "RUN ") && strings.Contains(line, "go build") {
			build = line
		}
	}
	want := []string{
		"FROM scratch",
		"COPY --from=build /rootfs/ /",
		"ENV PATH=/usr/local/bin",
		"WORKDIR " + imageConfig.WorkingDir,
		"USER " + imageConfig.User,
		"EXPOSE " + imageConfig.Expose,
	}
	ep, _ := json.Marshal(imageConfig.Entrypoint)
	cmd, _ := json.Marshal(imageConfig.Cmd)
	want = append(want, "ENTRYPOINT "+strings.ReplaceAll(string(ep), ",", ", "), "CMD "+strings.ReplaceAll(string(cmd), ",", ", "))
	if !slices.Equal(final, want) {
		t.Errorf("Dockerfile final stage:\n%s\nwant:\n%s", strings.Join(final, "\n"), strings.Join(want, "\n"))
	}
	for _, flag := range []string{"CGO_ENABLED=0", "-trimpath", "-buildvcs=false", "-s -w -buildid=", "-o /out/tfemrcheck ./cmd/tfemrcheck"} {
		if !strings.Contains(build, flag) {
			t.Errorf("Dockerfile's go build lacks %q: %s", flag, build)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(text), " "), "releasetool rootfs -out /rootfs -bin /out/tfemrcheck -ca-certs /etc/ssl/certs/ca-certificates.crt") {
		t.Error("Dockerfile does not write its file system with releasetool rootfs (binary and CA bundle)")
	}
}

// TestRootfsIsTheLayer: releasetool rootfs writes the entries of the
// layout's layer, with their modes.
func TestRootfsIsTheLayer(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(bin, []byte("\x7fELF"), 0o755)
	os.WriteFile(ca, []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), 0o644)
	out := filepath.Join(dir, "rootfs")
	if err := rootfsCommand([]string{"-out", out, "-bin", bin, "-ca-certs", ca}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(bin)
	c, _ := os.ReadFile(ca)
	for _, e := range rootfs(b, c) {
		fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(e.name)))
		if err != nil {
			t.Errorf("%s: %v", e.name, err)
			continue
		}
		if fi.Mode().Perm() != os.FileMode(e.mode&0o777) || (e.mode&0o1000 != 0) != (fi.Mode()&os.ModeSticky != 0) {
			t.Errorf("%s: mode %v, want %o", e.name, fi.Mode(), e.mode)
		}
		if !strings.HasSuffix(e.name, "/") {
			got, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(e.name)))
			if string(got) != string(e.data) {
				t.Errorf("%s: content differs", e.name)
			}
		}
	}
	if err := rootfsCommand([]string{"-out", out, "-bin", bin, "-ca-certs", bin}); err == nil {
		t.Error("a CA bundle without a certificate was accepted")
	}
}
