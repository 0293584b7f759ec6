package hclconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/go-version"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// manifestPath is where `terraform init` records the modules it installed,
// relative to the root module (the default TF_DATA_DIR).
var manifestPath = filepath.Join(".terraform", "modules", "modules.json")

// maxManifestSize bounds modules.json; real ones are a few kilobytes.
const maxManifestSize = 8 << 20

// manifestRecord is one entry of modules.json, as Terraform writes it:
// {"Key":"emr.inner","Source":"registry.terraform.io/org/emr/aws","Version":"1.2.0","Dir":".terraform/modules/emr"}.
// Key is the module path without instance keys (call names joined by
// "."); Dir is relative to the root module.
type manifestRecord struct {
	Key     string `json:"Key"`
	Source  string `json:"Source"`
	Version string `json:"Version,omitempty"`
	Dir     string `json:"Dir"`
}

// moduleManifest is the parsed modules.json of the root module.
type moduleManifest struct {
	records map[string]manifestRecord
	// problem, when set, says why the manifest could not be used; every
	// remote call is then not installed.
	problem string
}

// readManifest reads the root module's modules.json. A missing file gives
// an empty manifest (nothing installed). The file is untrusted input
// (a pull request can commit one): it is size- and depth-limited, and
// directories it names are checked when used (see callTarget).
func (l *loader) readManifest() *moduleManifest {
	m := &moduleManifest{records: map[string]manifestRecord{}}
	// Through a tree of its own (the manifest may be larger than a
	// configuration file): a manifest linked outside the tree is refused
	// before a byte of it is read.
	tree, err := treefs.New(treeRoots(l.rootAbs, l.opts.TreeRoot), treefs.Options{MaxBytes: maxManifestSize})
	if err != nil {
		m.problem = fmt.Sprintf("%s cannot be read: %v", filepath.ToSlash(manifestPath), err)
		return m
	}
	src, err := tree.ReadFile(filepath.Join(l.rootAbs, manifestPath))
	var refused *treefs.RefusedError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return m
	case errors.As(err, &refused) && strings.HasPrefix(refused.Reason, "larger than"):
		m.problem = fmt.Sprintf("%s is larger than %d MiB", filepath.ToSlash(manifestPath), maxManifestSize>>20)
		return m
	case err != nil:
		m.problem = fmt.Sprintf("%s cannot be read: %v", filepath.ToSlash(manifestPath), err)
		return m
	case nesting.Depth(src) > nesting.Max:
		m.problem = fmt.Sprintf("%s nests too deeply to be read safely", filepath.ToSlash(manifestPath))
		return m
	}
	var doc struct {
		Modules []manifestRecord `json:"Modules"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		m.problem = fmt.Sprintf("%s is not a Terraform module manifest: %v", filepath.ToSlash(manifestPath), err)
		return m
	}
	for _, r := range doc.Modules {
		m.records[r.Key] = r
	}
	return m
}

// callTarget is where a module call's configuration is, or why it is not
// evaluated.
type callTarget struct {
	dir string // directory to load; "" when not evaluated
	// reason says why dir is "" (for the report's coverage and notes).
	reason string
	// mismatch is set when the manifest does not match the configuration
	// (stale init): a NOTE names it.
	mismatch bool
	// installed is set for a remote module found in the manifest.
	installed bool
}

// callTarget resolves a module call of this instance: a local path is
// read where it is; a remote source is read from the directory `terraform
// init` installed it in, when the manifest records the same source and a
// version the call accepts.
func (in *instance) callTarget(name string) callTarget {
	call := in.cfg.calls[name]
	if call.isLocal() {
		return callTarget{dir: joinDir(in.cfg.dir, call.source)}
	}
	key := name
	if in.key != "" {
		key = in.key + "." + name
	}
	if t, ok := in.l.targets[key]; ok {
		return t
	}
	t := in.l.resolveInstalled(key, call)
	in.l.targets[key] = t
	return t
}

func (l *loader) resolveInstalled(key string, call *callConfig) callTarget {
	if !l.opts.TrustInstalledModules {
		if _, err := os.Lstat(filepath.Join(l.rootDir, ".terraform")); err == nil {
			return callTarget{mismatch: true, reason: "not evaluated: the checked tree holds a .terraform directory, which a pull request can commit with a stub in place of the module terraform init installs; " +
				"run terraform init in the pipeline and pass --trust-installed-modules, or check the plan"}
		}
		return callTarget{reason: "not installed (run terraform init and pass --trust-installed-modules, or scan the plan)"}
	}
	if l.manifest == nil {
		l.manifest = l.readManifest()
	}
	m := l.manifest
	if m.problem != "" {
		return callTarget{reason: "not installed: " + m.problem, mismatch: true}
	}
	if len(m.records) == 0 {
		return callTarget{reason: "not installed (run terraform init, or scan the plan)"}
	}
	rec, ok := m.records[key]
	if !ok {
		return callTarget{mismatch: true, reason: fmt.Sprintf("not installed: %s has no entry for this call (run terraform init)", filepath.ToSlash(manifestPath))}
	}
	if !sameSource(rec.Source, call.source) {
		return callTarget{mismatch: true, reason: fmt.Sprintf("the installed copy is stale: %s records source %q, the configuration says %q (run terraform init)", filepath.ToSlash(manifestPath), rec.Source, call.source)}
	}
	if call.version != "" {
		c, err := version.NewConstraint(call.version)
		v, verr := version.NewVersion(rec.Version)
		if err == nil && (verr != nil || !c.Check(v)) {
			return callTarget{mismatch: true, reason: fmt.Sprintf("the installed copy is stale: %s records version %q, the configuration asks for %q (run terraform init)", filepath.ToSlash(manifestPath), rec.Version, call.version)}
		}
	}
	dir, ok := l.insideRoot(rec.Dir)
	if !ok {
		return callTarget{mismatch: true, reason: fmt.Sprintf("not installed: %s gives directory %q, which is not a directory inside the configuration", filepath.ToSlash(manifestPath), rec.Dir)}
	}
	return callTarget{dir: dir, installed: true}
}

// insideRoot resolves a manifest directory against the root module and
// accepts it only when it is an existing directory inside the root
// (symbolic links resolved): a committed manifest must not make the
// loader read files elsewhere on the machine.
func (l *loader) insideRoot(rel string) (string, bool) {
	if rel == "" || filepath.IsAbs(rel) || strings.ContainsRune(rel, 0) {
		return "", false
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", false
	}
	dir := filepath.Join(l.rootDir, clean)
	// The tree resolves links itself, refusing those that leave it
	// without looking at where they lead; the directory must also be
	// inside the root module, as init puts it.
	tree, err := treefs.New([]string{l.rootAbs}, treefs.Options{})
	if err != nil {
		return "", false
	}
	st, err := tree.Stat(filepath.Join(l.rootAbs, clean))
	if err != nil || !st.IsDir() {
		return "", false
	}
	return dir, true
}

// registrySource matches a module registry address: [HOST/]NAMESPACE/NAME/
// PROVIDER with an optional //SUBDIR.
var registrySource = regexp.MustCompile(`^(?:([0-9A-Za-z.-]+\.[0-9A-Za-z.-]+(?::\d+)?)/)?([0-9A-Za-z][0-9A-Za-z_-]*)/([0-9A-Za-z][0-9A-Za-z_-]*)/([0-9a-z]+)(//.*)?$`)

// githubShorthand matches github.com/OWNER/REPO[//SUBDIR][?QUERY].
var githubShorthand = regexp.MustCompile(`^github\.com/([^/?]+)/([^/?]+?)(?:\.git)?((?://[^?]*)?)(\?.*)?$`)

// normalizeSource writes a module source the way Terraform records it in
// modules.json: registry addresses with their host, github.com shorthands
// as git::https URLs. Other sources are compared as written. (Written
// here: Terraform's address parser is internal to Terraform.)
func normalizeSource(s string) string {
	if m := registrySource.FindStringSubmatch(s); m != nil && !strings.Contains(s, "::") {
		host := m[1]
		if host == "" {
			host = "registry.terraform.io"
		}
		return strings.ToLower(host) + "/" + m[2] + "/" + m[3] + "/" + m[4] + m[5]
	}
	if m := githubShorthand.FindStringSubmatch(s); m != nil {
		return "git::https://github.com/" + m[1] + "/" + m[2] + ".git" + m[3] + m[4]
	}
	return s
}

// sameSource reports whether a recorded source is the configured one.
func sameSource(recorded, configured string) bool {
	return recorded == configured || normalizeSource(recorded) == normalizeSource(configured)
}
