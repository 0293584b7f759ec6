// Package scan turns the paths a user names into models: it tells a plan
// or state file from a bare security-configuration document, and (with
// pkg/hclconfig) reads Terraform source directories.
package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/plan"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// MaxDocumentSize bounds a bare security-configuration document, which is
// read whole (plans are streamed).
const MaxDocumentSize = 16 << 20

// scTopLevelKeys are the top-level keys of a security-configuration
// document (reference §1.1).
var scTopLevelKeys = map[string]bool{
	"EncryptionConfiguration":              true,
	"AuthenticationConfiguration":          true,
	"AuthorizationConfiguration":           true,
	"LakeFormationConfiguration":           true,
	"InstanceMetadataServiceConfiguration": true,
}

// ErrNotRecognised is returned for JSON that is neither a plan, a state
// nor a security-configuration document.
var ErrNotRecognised = errors.New("not a Terraform plan or state, nor an EMR security configuration")

// File reads a plan, state or security-configuration JSON file; name is
// the path to show in messages ("-" reads r as standard input).
func File(r io.Reader, name string) (*model.Model, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	peek, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if scTopLevelKeys[firstKey(peek)] {
		return document(br, name)
	}
	return plan.Load(br, name)
}

// regularFile is File for a regular file, which can be read at offsets
// as well: the plan loader then reads it on two processors
// (plan.LoadAt), and f needs no buffer of its own here.
func regularFile(f *os.File, size int64, name string) (*model.Model, error) {
	var head [4096]byte
	n, err := f.ReadAt(head[:], 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if scTopLevelKeys[firstKey(head[:n])] {
		return document(f, name)
	}
	return plan.LoadAt(f, f, size, name)
}

// firstKey returns the first object key of the JSON text that peek
// starts with, or "" when the text does not start with an object key
// (the plan loader then explains what is wrong).
func firstKey(peek []byte) string {
	dec := json.NewDecoder(bytes.NewReader(peek))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return ""
	}
	tok, err = dec.Token()
	if err != nil {
		return ""
	}
	s, _ := tok.(string)
	return s
}

// document reads a bare security-configuration document.
func document(r io.Reader, name string) (*model.Model, error) {
	text, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(text) > MaxDocumentSize {
		return nil, fmt.Errorf("%s: security configuration document larger than %d bytes", name, MaxDocumentSize)
	}
	return Document(text, name), nil
}

// Document builds a model holding one bare security-configuration
// document. Invalid JSON is not an error: it becomes EMR-SC-000.
func Document(text []byte, name string) *model.Model {
	base := &model.Range{Filename: name, Start: model.Pos{Line: 1, Column: 1}}
	cfg := model.NewString(string(text))
	cfg.Range = &model.Range{Filename: name, Start: base.Start, End: base.Start}
	sc := &model.SecurityConfig{
		Resource:      &model.Resource{Type: model.TypeSecurityConfiguration, Origin: name, Attrs: model.NewObject()},
		Configuration: cfg,
	}
	sc.Document, sc.ParseError = secconf.Parse(text, base)
	m := &model.Model{SecurityConfigs: []*model.SecurityConfig{sc}}
	model.Link(m, nil)
	return m
}

// Open reads the file at path (see File).
func Open(path string) (*model.Model, error) {
	if path == "-" {
		return File(os.Stdin, "-")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if st.Mode().IsRegular() {
		return regularFile(f, st.Size(), path)
	}
	return File(f, path)
}
