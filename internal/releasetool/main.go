// Command releasetool is the part of scripts/release-snapshot.sh that the
// shell cannot do reproducibly: it writes an OCI image layout (no Docker
// daemon, no base image: the static binary, a passwd entry for the
// non-root user, /tmp and a CA bundle) and the same file system as a
// directory for the Dockerfile, reads a binary back out of such a layout,
// writes the third-party licence notices of a binary from its build info
// and the module cache, and writes a file-based module proxy holding one
// commit of this repository's root module (to build the provider as a user
// installs it, without its replace directive).
//
//	releasetool oci -out DIR -epoch SECONDS -version V [-ca-certs PEM] linux/amd64=BIN linux/arm64=BIN
//	releasetool rootfs -out DIR -bin BIN [-ca-certs PEM]
//	releasetool modproxy -dir DIR -module PATH -version V -repo GITDIR -rev COMMIT
//	releasetool extract -layout DIR -platform linux/amd64 -out FILE
//	releasetool notices -bin BINARY -out FILE
//	releasetool yamlcheck FILE...
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// yamlCheck parses each file as YAML (a syntax check: the release workflow
// and the goreleaser configs run only on a tag, so a typo would first show
// there) and checks that it is a non-empty mapping or sequence.
func yamlCheck(files []string) error {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		if len(doc.Content) == 0 || (doc.Content[0].Kind != yaml.MappingNode && doc.Content[0].Kind != yaml.SequenceNode) {
			return fmt.Errorf("%s: not a YAML mapping or sequence", f)
		}
		fmt.Println("ok", f)
	}
	return nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: releasetool oci|extract|notices [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "oci":
		err = ociCommand(os.Args[2:])
	case "extract":
		err = extractCommand(os.Args[2:])
	case "rootfs":
		err = rootfsCommand(os.Args[2:])
	case "modproxy":
		err = modproxyCommand(os.Args[2:])
	case "notices":
		err = noticesCommand(os.Args[2:])
	case "yamlcheck":
		err = yamlCheck(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "releasetool:", err)
		os.Exit(1)
	}
}

const (
	mediaIndex    = "application/vnd.oci.image.index.v1+json"
	mediaManifest = "application/vnd.oci.image.manifest.v1+json"
	mediaConfig   = "application/vnd.oci.image.config.v1+json"
	mediaLayer    = "application/vnd.oci.image.layer.v1.tar+gzip"
	binaryPath    = "usr/local/bin/tfemrcheck"
	caCertsPath   = "etc/ssl/certs/ca-certificates.crt"
	refName       = "org.opencontainers.image.ref.name"
	ownModule     = "github.com/tfemrcheck/tfemrcheck"
	nonroot       = 65532
)

type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Platform    *platform         `json:"platform,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type platform struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
}

// writeBlob stores b under blobs/sha256 and returns its descriptor.
func writeBlob(dir, mediaType string, b []byte) (descriptor, error) {
	sum := sha256.Sum256(b)
	d := hex.EncodeToString(sum[:])
	if err := os.WriteFile(filepath.Join(dir, "blobs", "sha256", d), b, 0o644); err != nil {
		return descriptor{}, err
	}
	return descriptor{MediaType: mediaType, Digest: "sha256:" + d, Size: int64(len(b))}, nil
}

// entry is one file or directory of the image's root file system.
type entry struct {
	name string // relative, directories end in "/"
	mode int64
	data []byte
}

// rootfs is the image's whole file system: /usr/local/bin/tfemrcheck,
// /etc/passwd and /etc/group naming the non-root user, /tmp, and, when
// caCerts is not nil, the CA bundle at /etc/ssl/certs/ca-certificates.crt
// (where Go's crypto/x509 looks first on Linux: `serve` calls HCP
// Terraform over TLS). The OCI layout's layer and the Dockerfile's final
// stage (`releasetool rootfs`) are both made of it. Sorted by name.
func rootfs(bin, caCerts []byte) []entry {
	es := []entry{
		{name: "etc/", mode: 0o755},
		{name: "etc/group", mode: 0o644, data: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{name: "etc/passwd", mode: 0o644, data: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
		{name: "tmp/", mode: 0o1777},
		{name: "usr/", mode: 0o755},
		{name: "usr/local/", mode: 0o755},
		{name: "usr/local/bin/", mode: 0o755},
		{name: binaryPath, mode: 0o755, data: bin},
	}
	if caCerts != nil {
		es = append(es, entry{name: "etc/ssl/", mode: 0o755}, entry{name: "etc/ssl/certs/", mode: 0o755},
			entry{name: caCertsPath, mode: 0o644, data: caCerts})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
	return es
}

// imageConfig is the image's run configuration (the OCI config's
// "config"); the Dockerfile's USER, ENTRYPOINT, CMD, EXPOSE and WORKDIR
// must say the same (TestDockerfileMatchesLayout).
var imageConfig = struct {
	User       string
	Entrypoint []string
	Cmd        []string
	Expose     string
	WorkingDir string
}{
	User:       strconv.Itoa(nonroot) + ":" + strconv.Itoa(nonroot),
	Entrypoint: []string{"/" + binaryPath},
	Cmd:        []string{"serve", "--listen", ":8080"},
	Expose:     "8080",
	WorkingDir: "/tmp",
}

// layer is the image's only layer: rootfs as a tar. Every header has the
// commit time and root ownership, so one commit gives the same bytes.
func layer(es []entry, mtime time.Time) (gz, tarball []byte, err error) {
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	for _, e := range es {
		h := &tar.Header{Name: e.name, ModTime: mtime, Format: tar.FormatPAX, Uname: "root", Gname: "root", Mode: e.mode}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag, h.Size = tar.TypeReg, int64(len(e.data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(e.data); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, nil, err
	}
	var gb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gb, gzip.BestCompression)
	if _, err := zw.Write(tb.Bytes()); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return gb.Bytes(), tb.Bytes(), nil
}

// rootfsCommand writes rootfs into a directory: the Dockerfile's build
// stage runs it, and its final stage copies the directory onto scratch.
func rootfsCommand(args []string) error {
	fs := flag.NewFlagSet("rootfs", flag.ContinueOnError)
	out := fs.String("out", "", "directory to create")
	binFile := fs.String("bin", "", "the linux tfemrcheck binary")
	ca := fs.String("ca-certs", "", "CA bundle to install (PEM); empty for none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || *binFile == "" {
		return errors.New("rootfs: want -out DIR -bin BINARY")
	}
	bin, caCerts, err := readInputs(*binFile, *ca)
	if err != nil {
		return err
	}
	for _, e := range rootfs(bin, caCerts) {
		p := filepath.Join(*out, filepath.FromSlash(e.name))
		if strings.HasSuffix(e.name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
			if err := os.Chmod(p, os.FileMode(e.mode&0o777)|modeBits(e.mode)); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(p, e.data, os.FileMode(e.mode)); err != nil {
			return err
		}
		if err := os.Chmod(p, os.FileMode(e.mode)); err != nil {
			return err
		}
	}
	return nil
}

// modeBits maps the tar sticky bit (0o1000) to Go's.
func modeBits(mode int64) os.FileMode {
	if mode&0o1000 != 0 {
		return os.ModeSticky
	}
	return 0
}

// readInputs reads the binary and, when named, the CA bundle, which must
// hold at least one PEM certificate.
func readInputs(binFile, caFile string) (bin, caCerts []byte, err error) {
	if bin, err = os.ReadFile(binFile); err != nil {
		return nil, nil, err
	}
	if caFile == "" {
		return bin, nil, nil
	}
	if caCerts, err = os.ReadFile(caFile); err != nil {
		return nil, nil, err
	}
	if !bytes.Contains(caCerts, []byte("-----BEGIN CERTIFICATE-----")) {
		return nil, nil, fmt.Errorf("%s: no PEM certificate", caFile)
	}
	return bin, caCerts, nil
}

func ociCommand(args []string) error {
	fs := flag.NewFlagSet("oci", flag.ContinueOnError)
	out := fs.String("out", "", "layout directory to create")
	epoch := fs.Int64("epoch", 0, "commit time, seconds since 1970")
	version := fs.String("version", "dev", "image version (org.opencontainers.image.version, and the layout's tag)")
	revision := fs.String("revision", "", "commit")
	source := fs.String("source", "https://github.com/tfemrcheck/tfemrcheck", "source repository")
	ca := fs.String("ca-certs", "", "CA bundle (PEM) to install at /"+caCertsPath+"; empty for none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return errors.New("oci: want -out DIR and at least one OS/ARCH=BINARY")
	}
	mtime := time.Unix(*epoch, 0).UTC()
	if err := os.MkdirAll(filepath.Join(*out, "blobs", "sha256"), 0o755); err != nil {
		return err
	}
	annotations := map[string]string{
		"org.opencontainers.image.created":  mtime.Format(time.RFC3339),
		"org.opencontainers.image.version":  *version,
		"org.opencontainers.image.revision": *revision,
		"org.opencontainers.image.source":   *source,
		"org.opencontainers.image.licenses": "Apache-2.0",
		"org.opencontainers.image.title":    "tfemrcheck",
	}
	var manifests []descriptor
	for _, arg := range fs.Args() {
		plat, binFile, ok := strings.Cut(arg, "=")
		goos, goarch, ok2 := strings.Cut(plat, "/")
		if !ok || !ok2 {
			return fmt.Errorf("oci: %q: want OS/ARCH=BINARY", arg)
		}
		bin, caCerts, err := readInputs(binFile, *ca)
		if err != nil {
			return err
		}
		gz, raw, err := layer(rootfs(bin, caCerts), mtime)
		if err != nil {
			return err
		}
		layerDesc, err := writeBlob(*out, mediaLayer, gz)
		if err != nil {
			return err
		}
		diffID := sha256.Sum256(raw)
		cfg, _ := json.Marshal(map[string]any{
			"created":      mtime.Format(time.RFC3339),
			"architecture": goarch,
			"os":           goos,
			"config": map[string]any{
				"User":         imageConfig.User,
				"Entrypoint":   imageConfig.Entrypoint,
				"Cmd":          imageConfig.Cmd,
				"ExposedPorts": map[string]any{imageConfig.Expose + "/tcp": map[string]any{}},
				"Env":          []string{"PATH=/usr/local/bin"},
				"WorkingDir":   imageConfig.WorkingDir,
				"Labels":       annotations,
			},
			"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + hex.EncodeToString(diffID[:])}},
		})
		cfgDesc, err := writeBlob(*out, mediaConfig, cfg)
		if err != nil {
			return err
		}
		man, _ := json.Marshal(map[string]any{
			"schemaVersion": 2, "mediaType": mediaManifest,
			"config": cfgDesc, "layers": []descriptor{layerDesc}, "annotations": annotations,
		})
		manDesc, err := writeBlob(*out, mediaManifest, man)
		if err != nil {
			return err
		}
		manDesc.Platform = &platform{Architecture: goarch, OS: goos}
		manifests = append(manifests, manDesc)
	}
	// The multi-platform image is an image index blob (its digest is what
	// the release pushes and attests); index.json names it once, tagged
	// with the version, as skopeo and other OCI tools expect.
	imageIndex, _ := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": mediaIndex, "manifests": manifests, "annotations": annotations,
	})
	idxDesc, err := writeBlob(*out, mediaIndex, imageIndex)
	if err != nil {
		return err
	}
	idxDesc.Annotations = map[string]string{refName: *version}
	top, _ := json.MarshalIndent(map[string]any{
		"schemaVersion": 2, "mediaType": mediaIndex, "manifests": []descriptor{idxDesc},
	}, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "index.json"), append(top, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println(idxDesc.Digest)
	return os.WriteFile(filepath.Join(*out, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`+"\n"), 0o644)
}

// readBlob reads a blob and checks its digest and size.
func readBlob(dir string, d descriptor) ([]byte, error) {
	hexDigest, ok := strings.CutPrefix(d.Digest, "sha256:")
	if !ok || len(hexDigest) != 64 || strings.ContainsAny(hexDigest, "/\\.") {
		return nil, fmt.Errorf("unsupported digest %q", d.Digest)
	}
	b, err := os.ReadFile(filepath.Join(dir, "blobs", "sha256", hexDigest))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != hexDigest || int64(len(b)) != d.Size {
		return nil, fmt.Errorf("blob %s: digest or size does not match", d.Digest)
	}
	return b, nil
}

// extractCommand reads the image of one platform back out of the layout,
// checking every digest on the way, and writes its binary: what a
// container runtime would run, for a machine without one.
func extractCommand(args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	dir := fs.String("layout", "", "OCI image layout")
	plat := fs.String("platform", "linux/amd64", "OS/ARCH")
	out := fs.String("out", "", "file to write the binary to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var index struct {
		Manifests []descriptor `json:"manifests"`
	}
	b, err := os.ReadFile(filepath.Join(*dir, "index.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &index); err != nil {
		return err
	}
	// index.json names image indexes (one here); each lists the
	// platforms' manifests. One level of nesting is all a layout of ours
	// has, and all this follows.
	var platforms []descriptor
	for _, m := range index.Manifests {
		if m.MediaType != mediaIndex {
			platforms = append(platforms, m)
			continue
		}
		ib, err := readBlob(*dir, m)
		if err != nil {
			return err
		}
		var inner struct {
			Manifests []descriptor `json:"manifests"`
		}
		if err := json.Unmarshal(ib, &inner); err != nil {
			return err
		}
		platforms = append(platforms, inner.Manifests...)
	}
	for _, m := range platforms {
		if m.MediaType != mediaManifest || m.Platform == nil || m.Platform.OS+"/"+m.Platform.Architecture != *plat {
			continue
		}
		mb, err := readBlob(*dir, m)
		if err != nil {
			return err
		}
		var man struct {
			Config descriptor   `json:"config"`
			Layers []descriptor `json:"layers"`
		}
		if err := json.Unmarshal(mb, &man); err != nil {
			return err
		}
		cb, err := readBlob(*dir, man.Config)
		if err != nil {
			return err
		}
		var cfg struct {
			Config struct {
				User       string   `json:"User"`
				Entrypoint []string `json:"Entrypoint"`
			} `json:"config"`
		}
		if err := json.Unmarshal(cb, &cfg); err != nil {
			return err
		}
		if cfg.Config.User == "" || strings.HasPrefix(cfg.Config.User, "0") || strings.HasPrefix(cfg.Config.User, "root") {
			return fmt.Errorf("image runs as %q, want a non-root user", cfg.Config.User)
		}
		if len(man.Layers) != 1 {
			return fmt.Errorf("want one layer, got %d", len(man.Layers))
		}
		lb, err := readBlob(*dir, man.Layers[0])
		if err != nil {
			return err
		}
		zr, err := gzip.NewReader(bytes.NewReader(lb))
		if err != nil {
			return err
		}
		tr := tar.NewReader(zr)
		for {
			h, err := tr.Next()
			if err != nil {
				return fmt.Errorf("entrypoint %v not in the layer: %v", cfg.Config.Entrypoint, err)
			}
			if len(cfg.Config.Entrypoint) > 0 && "/"+h.Name == cfg.Config.Entrypoint[0] {
				f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
				if err != nil {
					return err
				}
				if _, err := io.Copy(f, tr); err != nil {
					f.Close()
					return err
				}
				return f.Close()
			}
		}
	}
	return fmt.Errorf("no image for %s in %s", *plat, *dir)
}

// noticesCommand writes, for every module linked into a binary (its build
// info, as `go version -m` prints it), the licence and notice files that
// module ships, read from the module cache (go mod download fetches what
// is missing). A module without any such file is an error: its licence's
// terms cannot be met by a notice nobody found.
func noticesCommand(args []string) error {
	fs := flag.NewFlagSet("notices", flag.ContinueOnError)
	bin := fs.String("bin", "", "binary to read the build info of")
	out := fs.String("out", "", "file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	info, err := exec.Command("go", "version", "-m", *bin).Output()
	if err != nil {
		return fmt.Errorf("go version -m %s: %v", *bin, err)
	}
	var mods []string
	own := false // the last dep line was our own module
	for _, line := range strings.Split(string(info), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "dep" {
			// The provider's require of the root module is our own code,
			// whose LICENSE the archive carries.
			if own = f[1] == ownModule; !own {
				mods = append(mods, f[1]+"@"+f[2])
			}
		}
		if len(f) >= 2 && f[0] == "=>" && len(mods) > 0 && !own {
			switch {
			case strings.HasPrefix(f[1], ".") || strings.HasPrefix(f[1], "/"):
				// A replace by a directory of this repository (the
				// provider's of the root module): our own code, whose
				// LICENSE the archive carries.
				mods = mods[:len(mods)-1]
			case len(f) >= 3:
				mods[len(mods)-1] = f[1] + "@" + f[2]
			}
		}
	}
	sort.Strings(mods)
	var w bytes.Buffer
	w.WriteString("Third-party software in this archive\n\n" +
		"tfemrcheck is built with the Go modules below. Each module's licence and\n" +
		"notice files follow, as the module ships them (generated by\n" +
		"internal/releasetool from the binary's build info; do not edit).\n" +
		"The Go standard library and runtime: BSD-3-Clause, Copyright The Go Authors\n" +
		"(https://go.dev/LICENSE).\n\n")
	for _, m := range mods {
		dl, err := exec.Command("go", "mod", "download", "-json", m).Output()
		if err != nil {
			return fmt.Errorf("go mod download %s: %v", m, err)
		}
		var d struct{ Dir string }
		if err := json.Unmarshal(dl, &d); err != nil || d.Dir == "" {
			return fmt.Errorf("go mod download %s: no directory", m)
		}
		entries, err := os.ReadDir(d.Dir)
		if err != nil {
			return err
		}
		var found []string
		for _, e := range entries {
			n := strings.ToUpper(e.Name())
			if e.Type().IsRegular() && (strings.HasPrefix(n, "LICENSE") || strings.HasPrefix(n, "LICENCE") ||
				strings.HasPrefix(n, "NOTICE") || strings.HasPrefix(n, "COPYING") || strings.HasPrefix(n, "PATENTS")) {
				found = append(found, e.Name())
			}
		}
		if len(found) == 0 {
			return fmt.Errorf("%s ships no licence file: cannot write its notice", m)
		}
		sort.Strings(found)
		for _, n := range found {
			b, err := os.ReadFile(filepath.Join(d.Dir, n))
			if err != nil {
				return err
			}
			fmt.Fprintf(&w, "================================================================\n%s — %s\n================================================================\n\n", m, n)
			w.Write(bytes.TrimRight(b, "\n"))
			w.WriteString("\n\n")
		}
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(*out, w.Bytes(), 0o644)
}
