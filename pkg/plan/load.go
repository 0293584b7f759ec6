// Package plan loads the JSON that `terraform show -json` (Terraform >= 1.0
// or OpenTofu, format_version 1.x) prints for a saved plan or for a state
// into a *model.Model.
//
// The document is read as a token stream, never decoded as a whole: only
// the resource changes of types the model keeps (model.IsRelevantType),
// the module tree of the configuration section and the root variables are
// decoded; everything else (planned_values, prior_state, resource_drift,
// output_changes, checks, ...) is validated and skipped.
package plan

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Sentinel errors of Load, tested with errors.Is. The returned error names
// the file and adds the detail.
var (
	// ErrNotPlan: the input is empty, not a JSON object, or an object that
	// is not a plan or state (no format_version, or no plan or state keys).
	ErrNotPlan = errors.New("not a Terraform plan or state")
	// ErrUnsupportedVersion: format_version has a major version other than 1.
	ErrUnsupportedVersion = errors.New("unsupported format version")
	// ErrTruncated: the input ends in the middle of the JSON document.
	ErrTruncated = errors.New("truncated JSON")
	// ErrInvalidJSON: a syntax error, invalid UTF-8 in a string, nesting
	// deeper than 10,000 levels, or data after the top-level object.
	ErrInvalidJSON = errors.New("invalid JSON")
)

// maxModuleDepth bounds module nesting in the configuration section and in
// a state's child_modules.
const maxModuleDepth = 500

// Load reads a plan or state JSON document from r; name is the file name
// used in errors and in Resource.Origin.
//
// From a plan it keeps the managed resources of relevant types from
// resource_changes (except those being deleted or forgotten) with their
// planned values, unknown and sensitive marks, their configuration
// expressions' references (Resource.Refs, Resource.Constant) and, for
// unknown values, the blockers. From a state it keeps the same resources
// from values.root_module. It then indexes security configurations and
// clusters and links them (model.Link).
func Load(r io.Reader, name string) (*model.Model, error) {
	return loadWith(r, nil, name)
}

// LoadAt is Load for input that can also be read at offsets, such as a
// regular file: r reads the document from its start and at holds the
// same bytes (r may be a buffered reader over the same file); size is
// the file's size, which decides whether reading on two processors is
// worth it (see speculate.go). The result is Load's, on every input.
func LoadAt(r io.Reader, at io.ReaderAt, size int64, name string) (*model.Model, error) {
	var sp *speculation
	if at != nil && size >= speculateFrom {
		sp = speculate(at, size, name)
	}
	return loadWith(r, sp, name)
}

func loadWith(r io.Reader, sp *speculation, name string) (*model.Model, error) {
	d := newDocument(name)
	s := newScanner(r)
	err := d.read(s, sp)
	if werr := d.wait(s); err == nil {
		err = werr
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return d.build(), nil
}

// rawResource is a resource instance as read from resource_changes or
// from a state's values.
type rawResource struct {
	address, module, mode, typ, name string
	// configAddress is typ.name, the resource's address in its module.
	configAddress string
	index         *node
	deposed       bool
	actions       []string
	// out is where the conversion of the after values goes (see
	// conversions), complete once they are all done.
	out *converted
}

// newDocument returns an empty document for the input called name.
func newDocument(name string) *document {
	return &document{name: name, root: &cfgModule{}, absent: model.NewShared(model.Value{State: model.Absent})}
}

// document collects what the loader keeps from one input.
type document struct {
	name string

	formatVersion *node
	// formatVersionSet, variablesSet and providersSet say that the
	// member was read (even as null): a speculation's document replaces
	// only those of the main one (see adopt).
	formatVersionSet, variablesSet, providersSet bool
	hasTFVersion                                 bool
	planKeys                                     bool
	stateKeys                                    bool
	changes                                      []*rawResource
	stateResources                               []*rawResource
	variables                                    *node // root "variables": name -> {"value": ...}
	root                                         *cfgModule
	// providers is configuration.provider_config.
	providers *node
	// modules holds every module instance address seen in the input.
	modules map[string]bool
	// unchecked are the resource changes of types that can create EMR
	// resources the rules do not check (the awscc provider's), by
	// address, with their type.
	unchecked map[string]string

	// spec is the speculation reading the rest of the document, until
	// adopted or stopped (see speculate.go).
	spec *speculation

	conv converter
	// conversions runs conv on a goroutine of its own while reading,
	// once inlined resources have been converted as they were read.
	conversions *conversions
	inlined     int
	// flat caches the Refs and Constant maps per configuration resource,
	// regions the provider regions by provider configuration key.
	flat    map[flatKey]flatRefs
	regions map[string]*model.Value
	flatMu  sync.Mutex
	// parsed caches the parsed security-configuration documents by text.
	parsed map[parsedKey]parsedDoc
	// absent stands for the unknown attributes the configuration does
	// not write (resource).
	absent *model.Value

	// Scratch space of resourceChange.
	rcScratch                rawResource
	addrBuf, modBuf, nameBuf []byte
}

// read reads the document from its start. With a speculation (see
// speculate.go), what follows the element of a top-level
// resource_changes it started at is the speculation's.
func (d *document) read(s *scanner, sp *speculation) error {
	d.spec = sp
	defer func() { d.spec.stop() }() // unless adopted: then it is nil
	c, err := s.peek()
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) && se.kind == ErrTruncated {
			return fmt.Errorf("%w: empty input", ErrNotPlan)
		}
		return err
	}
	if c != '{' {
		what := "a value"
		switch {
		case c == '[':
			what = "an array"
		case c == '"':
			what = "a string"
		case c == '-' || (c >= '0' && c <= '9'):
			what = "a number"
		case c == 't' || c == 'f':
			what = "a boolean"
		case c == 'n':
			what = "null"
		default:
			return s.errf("unexpected %s", describe(c))
		}
		// Text that only starts like a value ("nope", "tfemrcheck
		// output") is not JSON: say where it stops being JSON.
		if err := s.skip(); err != nil {
			return err
		}
		return fmt.Errorf("%w: the JSON document is %s, not an object", ErrNotPlan, what)
	}
	d.modules = map[string]bool{}
	err = s.object(func(key string) error { return d.member(s, key) })
	if errors.Is(err, errAdopted) {
		return nil
	}
	if err != nil {
		return err
	}
	return d.end(s)
}

// member reads the value of the top-level member key.
func (d *document) member(s *scanner, key string) error {
	switch key {
	case "format_version":
		n, err := s.decode()
		if err != nil {
			return err
		}
		d.formatVersion, d.formatVersionSet = n, true
		return d.checkVersion()
	case "terraform_version":
		d.hasTFVersion = true
		return s.skip()
	case "resource_changes":
		d.planKeys = true
		return s.array(func(int) error {
			if d.spec != nil {
				if err := d.split(s); err != nil {
					return err // errAdopted, or the speculation's error
				}
			}
			return d.resourceChange(s)
		})
	case "planned_values":
		d.planKeys = true
		return s.skip()
	case "configuration":
		d.planKeys = true
		return s.object(func(k string) error {
			switch k {
			case "root_module":
				return d.root.read(s, 0)
			case "provider_config":
				n, err := s.decode()
				d.providers, d.providersSet = n, true
				return err
			}
			return s.skip()
		})
	case "values":
		d.stateKeys = true
		return s.object(func(k string) error {
			if k == "root_module" {
				return d.stateModule(s, 0)
			}
			return s.skip()
		})
	case "variables":
		n, err := s.decode()
		d.variables, d.variablesSet = n, true
		return err
	default:
		return s.skip()
	}
}

// end checks that nothing but white space follows the top-level object.
func (d *document) end(s *scanner) error {
	eof, err := s.atEOF()
	if err != nil {
		return err
	}
	if !eof {
		return s.errf("unexpected data after the top-level object")
	}
	return nil
}

// checkVersion rejects a format_version whose major is not 1.
func (d *document) checkVersion() error {
	n := d.formatVersion
	if n == nil {
		return nil
	}
	if n.kind != nString {
		return fmt.Errorf("%w: \"format_version\" is not a string", ErrNotPlan)
	}
	major, _, _ := strings.Cut(n.str, ".")
	if major != "1" {
		return fmt.Errorf("%w %q (only 1.x is supported)", ErrUnsupportedVersion, n.str)
	}
	return nil
}

func (d *document) validate() error {
	if d.formatVersion == nil {
		return fmt.Errorf("%w: no \"format_version\"", ErrNotPlan)
	}
	if !d.planKeys && !d.stateKeys && !d.hasTFVersion {
		return fmt.Errorf("%w: none of \"resource_changes\", \"planned_values\", \"configuration\", \"values\" or \"terraform_version\"", ErrNotPlan)
	}
	return nil
}

// isPlan reports whether the document is a plan (else a state).
func (d *document) isPlan() bool { return d.planKeys }

// keep reports whether a resource of this mode and type is kept.
func keep(mode, typ string) bool { return mode == "managed" && model.IsRelevantType(typ) }

// optString reads a string or null.
func optString(s *scanner) (string, error) {
	if null, err := s.isNull(); null || err != nil {
		return "", err
	}
	return s.str(true)
}

// optBytes reads a string or null into dst[:0] (null gives an empty
// slice).
func optBytes(s *scanner, dst []byte) ([]byte, error) {
	if null, err := s.isNull(); null || err != nil {
		return dst[:0], err
	}
	b, err := s.strBytes(true)
	return append(dst[:0], b...), err
}

// optInterned reads a string or null, sharing the string with earlier
// equal ones (for short, repeated values such as modes and types).
func optInterned(s *scanner) (string, error) {
	if null, err := s.isNull(); null || err != nil {
		return "", err
	}
	b, err := s.strBytes(true)
	if err != nil {
		return "", err
	}
	return s.internBytes(b), nil
}

// resourceChange reads one element of resource_changes. The address,
// module address and name are kept as bytes in the document's scratch
// buffers until the resource turns out to be kept, so that skipping a
// resource of another type allocates nothing.
func (d *document) resourceChange(s *scanner) error {
	rc := &d.rcScratch
	*rc = rawResource{}
	d.addrBuf, d.modBuf, d.nameBuf = d.addrBuf[:0], d.modBuf[:0], d.nameBuf[:0]
	var pending *node // change decoded before mode and type were seen
	err := s.object(func(k string) error {
		var err error
		switch k {
		case "address":
			d.addrBuf, err = optBytes(s, d.addrBuf)
		case "module_address":
			d.modBuf, err = optBytes(s, d.modBuf)
		case "mode":
			rc.mode, err = optInterned(s)
		case "type":
			rc.typ, err = optInterned(s)
		case "name":
			d.nameBuf, err = optBytes(s, d.nameBuf)
		case "index":
			rc.index, err = s.decode()
		case "deposed":
			rc.deposed = true
			err = s.skip()
		case "change":
			if rc.mode != "" && rc.typ != "" {
				if !keep(rc.mode, rc.typ) {
					return s.skip()
				}
				return rc.readChange(s, d)
			}
			pending, err = s.decode()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(d.modBuf) > 0 && !d.modules[string(d.modBuf)] {
		d.modules[string(d.modBuf)] = true
	}
	if rc.mode == "managed" && strings.HasPrefix(rc.typ, "awscc_emr") && !rc.deposed {
		if d.unchecked == nil {
			d.unchecked = map[string]string{}
		}
		d.unchecked[string(d.addrBuf)] = rc.typ
	}
	if !keep(rc.mode, rc.typ) || rc.deposed {
		return nil
	}
	if pending != nil {
		rc.actions = pending.get("actions").strings()
		rc.out = d.convert(s, rc.typ, pending.get("after"), pending.get("after_unknown"), pending.get("after_sensitive"))
	}
	if _, ok := actionOf(rc.actions, true); !ok || rc.out == nil {
		return nil
	}
	kept := *rc
	kept.address, kept.module, kept.name, kept.configAddress = addressParts(d.addrBuf, d.modBuf, rc.typ, d.nameBuf)
	d.changes = append(d.changes, &kept)
	countKept()
	return nil
}

// addressParts returns a resource's address, module address, name and
// address in its module (type.name), as strings that share the address's
// bytes when the address is written as Terraform writes it (module.type.
// name with an optional index), and as copies otherwise.
func addressParts(addr, mod []byte, typ string, name []byte) (address, module, nm, configAddress string) {
	address = string(addr)
	at := 0
	if len(mod) > 0 {
		at = len(mod) + 1
	}
	end := at + len(typ) + 1 + len(name)
	if end <= len(address) && address[:len(mod)] == string(mod) && (len(mod) == 0 || address[len(mod)] == '.') &&
		address[at:at+len(typ)] == typ && address[at+len(typ)] == '.' && address[at+len(typ)+1:end] == string(name) {
		return address, address[:len(mod)], address[end-len(name) : end], address[at:end]
	}
	return address, string(mod), string(name), typ + "." + string(name)
}

// readChange reads a change object, keeping actions and the after values.
func (rc *rawResource) readChange(s *scanner, d *document) error {
	var after, unknown, sensitive *node
	// The decoded nodes live only until they are converted.
	s.arena.on = true
	err := s.object(func(k string) error {
		var err error
		switch k {
		case "actions":
			var n *node
			n, err = s.decode()
			rc.actions = n.strings()
		case "after":
			after, err = s.decode()
		case "after_unknown":
			unknown, err = s.decode()
		case "after_sensitive":
			sensitive, err = s.decode()
		default:
			err = s.skip()
		}
		return err
	})
	s.arena.on = false
	if err != nil {
		return err
	}
	rc.out = d.convert(s, rc.typ, after, unknown, sensitive)
	return nil
}

// stateModule reads a module of a state's values (root_module or one of
// child_modules).
func (d *document) stateModule(s *scanner, depth int) error {
	if depth > maxModuleDepth {
		return s.errf("modules nested deeper than %d levels", maxModuleDepth)
	}
	return s.object(func(k string) error {
		switch k {
		case "address":
			addr, err := optString(s)
			if addr != "" {
				d.modules[addr] = true
			}
			return err
		case "resources":
			return s.array(func(int) error { return d.stateResource(s) })
		case "child_modules":
			return s.array(func(int) error { return d.stateModule(s, depth+1) })
		}
		return s.skip()
	})
}

// stateResource reads one resource of a state module.
func (d *document) stateResource(s *scanner) error {
	rr := &rawResource{}
	var pendingValues, pendingSensitive *node
	decided := func() bool { return rr.mode != "" && rr.typ != "" }
	err := s.object(func(k string) error {
		var err error
		switch k {
		case "address":
			rr.address, err = optString(s)
		case "mode":
			rr.mode, err = optString(s)
		case "type":
			rr.typ, err = optString(s)
		case "name":
			rr.name, err = optString(s)
		case "index":
			rr.index, err = s.decode()
		case "values", "sensitive_values":
			if decided() && !keep(rr.mode, rr.typ) {
				return s.skip()
			}
			var n *node
			n, err = s.decode()
			if k == "values" {
				pendingValues = n
			} else {
				pendingSensitive = n
			}
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil || !keep(rr.mode, rr.typ) {
		return err
	}
	rr.out = d.convert(s, rr.typ, pendingValues, nil, pendingSensitive)
	rr.module, _ = splitAddress(rr.address)
	rr.configAddress = rr.typ + "." + rr.name
	d.stateResources = append(d.stateResources, rr)
	countKept()
	return nil
}
