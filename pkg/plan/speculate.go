package plan

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"sync/atomic"
)

// Reading a plan file on two processors (issue 22.2). The loader spends
// most of its time in resource_changes (decoding the EMR resources) and
// planned_values before it (only validated and skipped). When the input
// is a file that can be read at offsets, a second goroutine guesses a
// place inside resource_changes where an element starts (a
// `},{"address":"` some way past the first `"resource_changes":`) and
// reads from there to the end as if that were an element of the
// top-level resource_changes: the elements to the array's end, every
// top-level member after it and the check that nothing follows the
// top-level object, with a scanner and a document of its own. The main
// goroutine reads from the start as always; at each element of a
// top-level resource_changes it compares its offset with where the
// speculation started. At exactly that offset the bytes from there on
// are the same bytes, read by the same code in the same context, so it
// adopts the speculation's document and error instead of reading them
// itself. Once past it (the guess was a nested object, or in another
// section, or the speculation had not chosen yet), or at the end of the
// input, it stops the speculation and goes on alone. Either way the
// result is serial loading's: input can at worst make the speculation
// useless, costing one more read of (part of) the file.

// speculateFrom is the smallest file worth a second goroutine (tests set
// it to 0). Below 8 MiB the gain is a few milliseconds. The dense 8k
// bench plan (16.5 MB) gains a fifth of its time (0.90 to 0.73 times the
// floor) for 0.3 MiB at the peak once the arenas are a batch of 1,024
// nodes (19.1 MiB of its budget of 19.9); with arenas twice that, the
// second reading's own took it to 19.6.
var speculateFrom int64 = 8 << 20

// splitKey is where resource_changes starts (in the JSON Terraform
// writes); elementStart is the end of an array element and the start of
// a resource change, whose first key is the address.
const (
	splitKey     = `"resource_changes":`
	elementStart = `},{"address":"`
	// splitKeyAnchor is the 'h' of splitKey: 0.6% of the bytes of the
	// benchmark plans, the rarest of its bytes.
	splitKeyAnchor = 11
)

// guessAt is how far into the file the speculation first looks for a
// place to start, splitAt how far into what follows splitKey when that
// guess fails. In a plan as Terraform writes it, resource_changes comes
// after planned_values, a third of the file or more, and before
// prior_state, if any; the main goroutine skips planned_values first,
// so it takes less of resource_changes than the speculation.
var guessAt, splitAt = 0.66, 0.45

// errAdopted ends the main reading once it has adopted a speculation
// that ended without an error.
var errAdopted = errors.New("speculation adopted")

// errStopped is what a stopped speculation's reads return.
var errStopped = errors.New("speculation stopped")

// Test hooks. speculationStart, when set, replaces the search: the
// speculation starts at the offset it returns (-1: nowhere).
// speculationRead runs before each of the speculation's reads and
// returns the buffer to read into (a prefix of p: short reads put tokens
// across the buffer's end; a slow hook lets the main goroutine pass the
// speculation). speculationWait makes the main goroutine wait for the
// speculation to choose where it starts. speculationOutcome is told
// whether the main reading adopted the speculation.
var (
	speculationStart   func(at io.ReaderAt, size int64) int64
	speculationRead    func(p []byte) []byte
	speculationWait    bool
	speculationOutcome func(adopted bool)
)

// speculation is a read of the document from an element of
// resource_changes on, on a goroutine of its own.
type speculation struct {
	at      io.ReaderAt
	size    int64
	found   chan int64 // where the speculation starts, or -1: one value
	stopped atomic.Bool
	done    chan struct{}

	// Set by the goroutine before done is closed.
	d        *document
	err      error
	panicked any

	// start is found's value, once received.
	start    int64
	received bool
}

// speculate starts a speculation over at, a file of size bytes.
func speculate(at io.ReaderAt, size int64, name string) *speculation {
	sp := &speculation{at: at, size: size, found: make(chan int64, 1), done: make(chan struct{})}
	go sp.run(name)
	return sp
}

func (sp *speculation) run(name string) {
	defer close(sp.done)
	buf := make([]byte, bufSize)
	var start int64
	if speculationStart != nil {
		start = speculationStart(sp.at, sp.size)
	} else {
		start = sp.search(buf)
	}
	sp.found <- start
	if start < 0 {
		return
	}
	r := &offsetReader{sp: sp, off: start}
	s := newScannerAt(r, buf, start)
	d := newDocument(name)
	d.modules = map[string]bool{}
	sp.d = d
	defer func() {
		if p := recover(); p != nil {
			sp.panicked = p
			func() {
				defer func() { _ = recover() }()
				_ = d.wait(s) // end the conversion goroutine
			}()
		}
	}()
	err := s.elements(func() error { return d.resourceChange(s) })
	if err == nil {
		err = s.membersAfter(func(key string) error { return d.member(s, key) })
	}
	if err == nil {
		err = d.end(s)
	}
	if werr := d.wait(s); err == nil {
		err = werr
	}
	sp.err = err
}

// search returns where the speculation starts, or -1 when it finds no
// place (or the speculation was stopped). First a guess, the first
// element (elementStart) guessAt of the way into the file, taken when it
// looks like a resource change (looksLikeChange); else the first element
// splitAt of the way from the first splitKey to the end of the file.
func (sp *speculation) search(buf []byte) int64 {
	if e := sp.find(buf, int64(float64(sp.size)*guessAt), elementStart, 0); e >= 0 && sp.looksLikeChange(buf, e+2) {
		return e + 2 // the element's '{'
	}
	rc := sp.find(buf, 0, splitKey, splitKeyAnchor)
	if rc < 0 {
		return -1
	}
	from := rc + int64(len(splitKey))
	from += int64(float64(sp.size-from) * splitAt)
	e := sp.find(buf, from, elementStart, 0)
	if e < 0 {
		return -1
	}
	return e + 2
}

// looksLikeChange reports whether the object at off has a "change"
// object among its first members, as the elements of resource_changes
// have (after their address, mode, type, name and provider), and the
// resources of planned_values and prior_state have not (they have
// "values").
func (sp *speculation) looksLikeChange(buf []byte, off int64) bool {
	n, _ := sp.at.ReadAt(buf[:min(len(buf), 2048)], off)
	b := buf[:n]
	i := bytes.Index(b, []byte(`"change":{"actions":`))
	return i > 0 && bytes.IndexByte(b[1:i], '{') < 0
}

// find returns the offset of the first pat at or after from, or -1
// (see index for anchor).
func (sp *speculation) find(buf []byte, from int64, pat string, anchor int) int64 {
	off := from // of buf[0]
	kept, zero := 0, 0
	for !sp.stopped.Load() {
		n, err := sp.at.ReadAt(buf[kept:], off+int64(kept))
		data := buf[:kept+n]
		if i := index(data, pat, anchor); i >= 0 {
			return off + int64(i)
		}
		if err != nil {
			return -1
		}
		if n == 0 {
			if zero++; zero > 100 {
				return -1
			}
			continue
		}
		// Keep a tail that may be the start of pat.
		kept = min(len(pat)-1, len(data))
		off += int64(len(data) - kept)
		copy(buf, data[len(data)-kept:])
	}
	return -1
}

// index returns the index of the first pat in data, or -1. It looks for
// pat[anchor], a byte that is rare in plans, and compares around it: in
// the JSON Terraform writes that is several times faster than
// bytes.Index, which looks for pat's first byte (a quote). Where
// pat[anchor] turns out not to be rare, it goes on with bytes.Index, so
// that hostile input costs no more than that.
func index(data []byte, pat string, anchor int) int {
	c := pat[anchor]
	for i, misses := anchor, 0; i < len(data); i++ {
		j := bytes.IndexByte(data[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if s := i - anchor; s+len(pat) <= len(data) && string(data[s:s+len(pat)]) == pat {
			return s
		}
		if misses++; misses > 64 && misses > i/32 {
			// Every occurrence starting before i-anchor+1 was looked at.
			s := i - anchor + 1
			if k := bytes.Index(data[s:], []byte(pat)); k >= 0 {
				return s + k
			}
			return -1
		}
	}
	return -1
}

// offsetReader reads the file from an offset on, for the speculation.
type offsetReader struct {
	sp  *speculation
	off int64
}

func (r *offsetReader) Read(p []byte) (int, error) {
	if r.sp.stopped.Load() {
		return 0, errStopped
	}
	if speculationRead != nil {
		p = speculationRead(p)
	}
	n, err := r.sp.at.ReadAt(p, r.off)
	r.off += int64(n)
	return n, err
}

// split is called by the main reading at each element of a top-level
// resource_changes while the speculation runs. Where the speculation
// started, it waits for its end and adopts it (returning errAdopted or
// the speculation's error); past it, it stops it.
func (d *document) split(s *scanner) error {
	sp := d.spec
	if !sp.received {
		if speculationWait {
			sp.start, sp.received = <-sp.found, true
		} else {
			select {
			case sp.start = <-sp.found:
				sp.received = true
			default:
				return nil // not chosen yet
			}
		}
	}
	// The element's first byte (resourceChange would skip the same
	// white space, and meet the same error).
	if _, err := s.peek(); err != nil {
		return err
	}
	off := s.offset()
	if sp.start >= 0 && off < sp.start {
		return nil
	}
	d.spec = nil
	if off != sp.start {
		sp.stop()
		return nil
	}
	<-sp.done
	if speculationOutcome != nil {
		speculationOutcome(true)
	}
	return d.adopt(s, sp)
}

// stop ends the speculation, discarding it, and waits for its goroutine
// to return. It does nothing on a nil speculation.
func (sp *speculation) stop() {
	if sp == nil {
		return
	}
	sp.stopped.Store(true)
	<-sp.done
	if sp.d != nil {
		// What it kept is read again by the main reading: not counted twice.
		uncountKept(len(sp.d.changes) + len(sp.d.stateResources))
	}
	if speculationOutcome != nil {
		speculationOutcome(false)
	}
}

// adopt takes over what the speculation read, as if the main reading
// (at an element of a top-level resource_changes, through s) had read
// it: the resources are appended to those read before, in reading
// order, and the members read after that point replace or add to those
// read before it as they would have serially. It returns the speculation's error, or
// errAdopted.
func (d *document) adopt(s *scanner, sp *speculation) error {
	if sp.panicked != nil {
		panic(sp.panicked) // what reading it here would have done
	}
	o := sp.d
	if o.formatVersionSet {
		d.formatVersion, d.formatVersionSet = o.formatVersion, true
	}
	if o.variablesSet {
		d.variables, d.variablesSet = o.variables, true
	}
	if o.providersSet {
		d.providers, d.providersSet = o.providers, true
	}
	d.hasTFVersion = d.hasTFVersion || o.hasTFVersion
	d.planKeys = d.planKeys || o.planKeys
	d.stateKeys = d.stateKeys || o.stateKeys
	d.changes = append(d.changes, o.changes...)
	d.stateResources = append(d.stateResources, o.stateResources...)
	d.modules = mergeMap(d.modules, o.modules)
	d.unchecked = mergeMap(d.unchecked, o.unchecked)
	d.root.merge(o.root)
	err := sp.err
	if err == nil {
		return errAdopted
	}
	// The speculation counted lines from where it started; the main
	// reading knows the lines before.
	var se *syntaxError
	if errors.As(err, &se) && se.Line > 0 {
		if se.Line == 1 {
			se.Column = se.Offset - s.lineStart + 1
		}
		se.Line += s.lines
	}
	return err
}

// merge adds what o read to m: reading a module object sets one entry
// of these maps per member, later members replacing earlier ones, and
// never reads them (a module call's module is read afresh), so reading
// a second root_module into m is merging its maps over m's.
func (m *cfgModule) merge(o *cfgModule) {
	m.resources = mergeMap(m.resources, o.resources)
	m.calls = mergeMap(m.calls, o.calls)
	m.outputs = mergeMap(m.outputs, o.outputs)
	m.variables = mergeMap(m.variables, o.variables)
	m.providerKeys = mergeMap(m.providerKeys, o.providerKeys)
}

// mergeMap copies src over dst, returning the result.
func mergeMap[V any](dst, src map[string]V) map[string]V {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		return src
	}
	maps.Copy(dst, src)
	return dst
}
