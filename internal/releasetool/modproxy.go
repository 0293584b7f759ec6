package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/zip"
)

// modproxyCommand writes one version of a module, taken from a commit of a
// git repository, into DIR in the module proxy's layout
// (DIR/PATH/@v/list, VERSION.info, .mod, .zip), so that
// GOPROXY=file://DIR,… serves it as if it had been published: the
// snapshot builds the provider against it with its replace dropped, the
// way `go install` of a released provider resolves the root module. The
// zip is made by golang.org/x/mod/zip from the commit (git archive), with
// the same rules as the real proxy (nested modules and vendor excluded,
// size limits).
//
// The module is published without a checksum database entry: the build
// that uses it sets GONOSUMDB for its path (GOFLAGS=-mod=mod still checks
// every other module against go.sum and the checksum database).
func modproxyCommand(args []string) error {
	fs := flag.NewFlagSet("modproxy", flag.ContinueOnError)
	dir := fs.String("dir", "", "proxy directory to write into")
	modPath := fs.String("module", "", "module path")
	version := fs.String("version", "", "version to publish it as (semver)")
	repo := fs.String("repo", ".", "git repository the module is the root of")
	rev := fs.String("rev", "HEAD", "commit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *modPath == "" || !semver.IsValid(*version) {
		return errors.New("modproxy: want -dir DIR -module PATH -version vX.Y.Z[-pre]")
	}
	mv := module.Version{Path: *modPath, Version: *version}
	if err := module.Check(mv.Path, mv.Version); err != nil {
		return err
	}
	escPath, err := module.EscapePath(mv.Path)
	if err != nil {
		return err
	}
	escVer, err := module.EscapeVersion(mv.Version)
	if err != nil {
		return err
	}
	vdir := filepath.Join(*dir, filepath.FromSlash(escPath), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return err
	}
	gomod, err := exec.Command("git", "-C", *repo, "show", *rev+":go.mod").Output()
	if err != nil {
		return fmt.Errorf("git show %s:go.mod: %v", *rev, err)
	}
	ct, err := exec.Command("git", "-C", *repo, "log", "-1", "--format=%ct", *rev).Output()
	if err != nil {
		return fmt.Errorf("git log %s: %v", *rev, err)
	}
	var secs int64
	if _, err := fmt.Sscan(string(bytes.TrimSpace(ct)), &secs); err != nil {
		return fmt.Errorf("commit time %q: %v", ct, err)
	}
	info, _ := json.Marshal(map[string]string{"Version": mv.Version, "Time": time.Unix(secs, 0).UTC().Format(time.RFC3339)})
	zf, err := os.Create(filepath.Join(vdir, escVer+".zip"))
	if err != nil {
		return err
	}
	// The commit's files, as git archive gives them (zip.CreateFromVCS
	// would do the same but refuses a git worktree's checkout).
	tree, err := os.MkdirTemp("", "modproxy")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tree)
	if err := gitArchive(*repo, *rev, tree); err != nil {
		zf.Close()
		return err
	}
	if err := zip.CreateFromDir(zf, mv, tree); err != nil {
		zf.Close()
		return fmt.Errorf("module zip of %s at %s: %v", mv, *rev, err)
	}
	if err := zf.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(vdir, escVer+".mod"), gomod, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(vdir, escVer+".info"), info, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(vdir, "list"), []byte(mv.Version+"\n"), 0o644)
}

// gitArchive writes the files of commit rev of repo into dir (regular
// files only, as git archive lists them; symlinks are refused: a module
// zip holds none).
func gitArchive(repo, rev, dir string) error {
	cmd := exec.Command("git", "-C", repo, "archive", "--format=tar", rev)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git archive %s: %v", rev, err)
	}
	tr := tar.NewReader(&out)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("git archive: path %q outside the tree", h.Name)
		}
		p := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return err
			}
			if err := os.WriteFile(p, b, os.FileMode(h.Mode&0o777)); err != nil {
				return err
			}
		case tar.TypeXGlobalHeader:
		default:
			return fmt.Errorf("git archive: %s: unsupported entry type %q", h.Name, h.Typeflag)
		}
	}
}
