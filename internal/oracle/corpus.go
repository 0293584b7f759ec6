package oracle

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// Record is one case of the recorded corpus, in its compact form: the
// case is not stored, only its seed (Generate gives it back) and the
// SHA-256 of its archive (so that a generator that changed is seen), with
// what Terraform made of it: the plan JSON, or the summaries of its
// refusal.
type Record struct {
	Case     string          `json:"case"`
	Seed     uint64          `json:"seed"`
	OpenTofu bool            `json:"opentofu,omitempty"`
	SHA256   string          `json:"archive_sha256"`
	Plan     json.RawMessage `json:"plan,omitempty"`
	Refusal  string          `json:"refusal,omitempty"`
}

// NewRecord records c and what planning it gave.
func NewRecord(c *Case, o *Outcome) (Record, error) {
	r := Record{Case: c.Name, Seed: c.Seed, OpenTofu: c.OpenTofu, SHA256: c.ArchiveSHA256(), Refusal: o.Refusal}
	if o.Plan != nil {
		var b bytes.Buffer
		if err := json.Compact(&b, o.Plan); err != nil {
			return Record{}, fmt.Errorf("%s: the plan is not JSON: %w", c.Name, err)
		}
		r.Plan = b.Bytes()
	}
	return r, nil
}

// ArchiveSHA256 is the hex SHA-256 of the case's archive.
func (c *Case) ArchiveSHA256() string {
	sum := sha256.Sum256(c.Archive())
	return hex.EncodeToString(sum[:])
}

// Regenerate gives back the case of r, or an error if the generator no
// longer gives the recorded case (the corpus must be regenerated).
func (r Record) Regenerate() (*Case, error) {
	c := Generate(r.Seed, r.OpenTofu)
	if c.Name != r.Case || c.ArchiveSHA256() != r.SHA256 {
		return nil, fmt.Errorf("%s is not what seed %d generates today: run scripts/regen-oracle.sh", r.Case, r.Seed)
	}
	return c, nil
}

// Outcome is what r records of the plan.
func (r Record) Outcome() *Outcome {
	return &Outcome{Plan: r.Plan, Refusal: r.Refusal}
}

// WriteCorpus writes records, sorted by case, as gzipped JSON lines: one
// stream, so that the plans, which differ little, compress together.
func WriteCorpus(path string, records []Record) error {
	sorted := append([]Record(nil), records...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Case < sorted[j].Case })
	var b bytes.Buffer
	for _, r := range sorted {
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return os.WriteFile(path, Gzip(b.Bytes()), 0o644)
}

// ReadCorpus reads a file written by WriteCorpus; limit bounds its
// decompressed size.
func ReadCorpus(path string, limit int64) ([]Record, error) {
	gz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data, err := Gunzip(gz, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Record
	seen := map[string]bool{}
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, i+1, err)
		}
		if r.Case == "" || r.SHA256 == "" || (r.Plan == nil) == (r.Refusal == "") {
			return nil, fmt.Errorf("%s: line %d: want a case, its archive's SHA-256 and either a plan or a refusal", path, i+1)
		}
		if seen[r.Case] {
			return nil, fmt.Errorf("%s: %s recorded twice", path, r.Case)
		}
		seen[r.Case] = true
		out = append(out, r)
	}
	return out, nil
}
