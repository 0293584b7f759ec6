package oracle

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/txtar"
)

// Meta file names inside a case's txtar archive (not part of the module).
const (
	metaArgs     = ".oracle/args"
	metaEnv      = ".oracle/env"
	metaFeatures = ".oracle/features"
	metaOpenTofu = ".oracle/opentofu"
)

// Archive renders c as a txtar archive: the module's files and the plan's
// arguments, environment and features.
func (c *Case) Archive() []byte {
	a := &txtar.Archive{Comment: []byte(fmt.Sprintf("oracle case %s (seed %d)\n", c.Name, c.Seed))}
	names := make([]string, 0, len(c.Files))
	for n := range c.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a.Files = append(a.Files, txtar.File{Name: n, Data: []byte(c.Files[n])})
	}
	lines := func(xs []string) []byte {
		if len(xs) == 0 {
			return nil
		}
		return []byte(strings.Join(xs, "\n") + "\n")
	}
	a.Files = append(a.Files,
		txtar.File{Name: metaArgs, Data: lines(c.Args)},
		txtar.File{Name: metaEnv, Data: lines(c.Env)},
		txtar.File{Name: metaFeatures, Data: lines(c.Features)})
	if c.OpenTofu {
		a.Files = append(a.Files, txtar.File{Name: metaOpenTofu, Data: []byte("true\n")})
	}
	return txtar.Format(a)
}

// ParseArchive reads a case written by Archive.
func ParseArchive(name string, data []byte) (*Case, error) {
	a := txtar.Parse(data)
	c := &Case{Name: name, Files: map[string]string{}}
	if _, err := fmt.Sscanf(string(a.Comment), "oracle case %s (seed %d)", new(string), &c.Seed); err != nil {
		return nil, fmt.Errorf("%s: bad header: %w", name, err)
	}
	split := func(b []byte) []string {
		s := strings.TrimSpace(string(b))
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	for _, f := range a.Files {
		switch f.Name {
		case metaArgs:
			c.Args = split(f.Data)
		case metaEnv:
			c.Env = split(f.Data)
		case metaFeatures:
			c.Features = split(f.Data)
		case metaOpenTofu:
			c.OpenTofu = true
		default:
			if filepath.IsAbs(f.Name) || strings.Contains(f.Name, "..") {
				return nil, fmt.Errorf("%s: bad file name %q", name, f.Name)
			}
			c.Files[f.Name] = string(f.Data)
		}
	}
	return c, nil
}

// WriteDir writes the module's files below dir.
func (c *Case) WriteDir(dir string) error {
	for n, data := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// VarFiles are the -var-file arguments among Args.
func (c *Case) VarFiles() []string {
	var out []string
	for _, a := range c.Args {
		if f, ok := strings.CutPrefix(a, "-var-file="); ok {
			out = append(out, f)
		}
	}
	return out
}

// Gzip compresses b deterministically (no name, no time).
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// Gunzip decompresses b, at most limit bytes.
func Gunzip(b []byte, limit int64) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("plan larger than %d bytes", limit)
	}
	return out, nil
}
