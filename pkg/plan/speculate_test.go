package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// outcomes counts what the main reading did with the speculations of a
// test: adopted or stopped.
type outcomes struct{ adopted, rejected int }

// speculating sets the speculation's test hooks for one test: every file
// is speculated on, start (when not nil) chooses where the speculation
// starts instead of the search, and the main reading waits for that
// choice (so that it does not run past the start first). It returns the
// outcome counts.
func speculating(t *testing.T, start func(at io.ReaderAt, size int64) int64) *outcomes {
	t.Helper()
	o := &outcomes{}
	from, oldGuess, oldSplit := speculateFrom, guessAt, splitAt
	speculateFrom, speculationStart, speculationWait = 0, start, true
	speculationOutcome = func(adopted bool) {
		if adopted {
			o.adopted++
		} else {
			o.rejected++
		}
	}
	t.Cleanup(func() {
		speculateFrom, guessAt, splitAt = from, oldGuess, oldSplit
		speculationStart, speculationRead, speculationOutcome, speculationWait = nil, nil, nil, false
	})
	return o
}

// searches are the search's settings the tests try: no guess (from
// the first "resource_changes":), and guesses early and late.
var searches = []struct{ guess, split float64 }{{2, 0}, {2, 0.5}, {0.3, 0.5}, {0.66, 0.2}, {0.9, 0}}

// search sets the search's settings.
func search(i int) string {
	guessAt, splitAt = searches[i].guess, searches[i].split
	return fmt.Sprintf("searched, guess %v, split %v", guessAt, splitAt)
}

// startAt is a speculation start at a fixed offset.
func startAt(off int64) func(io.ReaderAt, int64) int64 {
	return func(io.ReaderAt, int64) int64 { return off }
}

// loadFile loads data from a file with a speculation; main, when not
// nil, wraps the main reading's reader.
func loadFile(t *testing.T, path string, main func(io.Reader) io.Reader) (*model.Model, error) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	var r io.Reader = f
	if main != nil {
		r = main(f)
	}
	return LoadAt(r, f, st.Size(), "in.json")
}

// input is a document in a file, with what serial loading makes of it.
type input struct {
	path    string
	data    []byte
	want    *model.Model
	wantErr error
	// kept is what serial loading adds to KeptResources.
	kept int64
}

func newInput(t *testing.T, dir string, data []byte) *input {
	t.Helper()
	path := filepath.Join(dir, "in.json")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	in := &input{path: path, data: data}
	before := KeptResources()
	in.want, in.wantErr = Load(bytes.NewReader(data), "in.json")
	in.kept = KeptResources() - before
	return in
}

// requireSerial requires that loading the input from its file with a
// speculation gives what loading it serially gives: the same model,
// field by field and value by value (resource order included), or the
// same error (message, offset and class).
func (in *input) requireSerial(t *testing.T, main func(io.Reader) io.Reader, what string) {
	t.Helper()
	before := KeptResources()
	got, gotErr := loadFile(t, in.path, main)
	requireSameResult(t, in.want, in.wantErr, got, gotErr, what)
	// A speculation adopted or not, the resources are counted once (the
	// CLI's memory budget follows the count).
	require.Equal(t, in.kept, KeptResources()-before, "%s: resources counted", what)
}

func requireSameResult(t *testing.T, want *model.Model, wantErr error, got *model.Model, gotErr error, what string) {
	t.Helper()
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%s: serial error %v, speculative error %v", what, wantErr, gotErr)
	}
	if wantErr != nil {
		if wantErr.Error() != gotErr.Error() {
			t.Fatalf("%s: serial error\n  %v\nspeculative error\n  %v", what, wantErr, gotErr)
		}
		wo, wok := SyntaxOffset(wantErr)
		goff, gok := SyntaxOffset(gotErr)
		if wo != goff || wok != gok {
			t.Fatalf("%s: serial error offset %d %v, speculative %d %v", what, wo, wok, goff, gok)
		}
		for _, kind := range []error{ErrNotPlan, ErrUnsupportedVersion, ErrTruncated, ErrInvalidJSON} {
			if errors.Is(wantErr, kind) != errors.Is(gotErr, kind) {
				t.Fatalf("%s: %v is %v serially, %v speculatively", what, kind, errors.Is(wantErr, kind), errors.Is(gotErr, kind))
			}
		}
		return
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%s: the models differ:\n%s", what, modelDiff(want, got))
	}
}

// modelDiff names the first difference between two models, for the
// failure message.
func modelDiff(a, b *model.Model) string {
	if len(a.Resources) != len(b.Resources) {
		return fmt.Sprintf("%d resources serially %v, %d speculatively %v", len(a.Resources), addresses(a.Resources), len(b.Resources), addresses(b.Resources))
	}
	for i := range a.Resources {
		ra, rb := a.Resources[i], b.Resources[i]
		if ra.Address != rb.Address {
			return fmt.Sprintf("resource %d: %s serially, %s speculatively", i, ra.Address, rb.Address)
		}
		if da, db := dump(ra.Attrs), dump(rb.Attrs); da != db {
			return fmt.Sprintf("%s attributes:\n%s\nspeculatively:\n%s", ra.Address, da, db)
		}
		if !reflect.DeepEqual(ra, rb) {
			return fmt.Sprintf("%s:\n%+v\nspeculatively:\n%+v", ra.Address, *ra, *rb)
		}
	}
	return fmt.Sprintf("serially:\n%+v\nspeculatively:\n%+v", *a, *b)
}

// elementStarts are the offsets of the objects whose first key is
// "address": the elements of resource_changes, and the look-alikes
// elsewhere (planned_values, prior_state, configuration).
var addressObject = regexp.MustCompile(`\{\s*"address"`)

func elementStarts(data []byte) []int64 {
	var out []int64
	for _, m := range addressObject.FindAllIndex(data, -1) {
		out = append(out, int64(m[0]))
	}
	return out
}

// planFixtures are the real plans of testdata/plans, by name.
func planFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../testdata/plans/*/plan.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(filepath.Dir(f))] = data
	}
	return out
}

// TestSpeculationOnFixtures: on every plan fixture, a speculation
// started at any object that looks like a resource change (and one byte
// either side of it), or where the search puts it, gives what serial
// loading gives; the ones started at an element of resource_changes are
// adopted, the others stopped.
func TestSpeculationOnFixtures(t *testing.T) {
	dir := t.TempDir()
	var start int64
	o := speculating(t, func(io.ReaderAt, int64) int64 { return start })
	for name, data := range planFixtures(t) {
		in := newInput(t, dir, data)
		for _, e := range elementStarts(data) {
			for _, off := range []int64{e, e + 1} {
				start = off
				in.requireSerial(t, nil, fmt.Sprintf("%s from %d", name, off))
			}
		}
	}
	// Each fixture has at least two resource changes: each is adopted
	// at least once, and started one byte off, it never is.
	require.GreaterOrEqual(t, o.adopted, len(planFixtures(t)))
	require.Greater(t, o.rejected, o.adopted)

	searched := speculating(t, nil)
	for name, data := range planFixtures(t) {
		in := newInput(t, dir, data)
		for i := range searches {
			in.requireSerial(t, nil, name+", "+search(i))
		}
	}
	require.Positive(t, searched.adopted)
}

// TestSpeculationAcrossReads: short reads on either side (tokens across
// a buffer's end) and no waiting: the main reading runs past a
// speculation slow to start, or waits for it at the start, and the
// answer is the same.
func TestSpeculationAcrossReads(t *testing.T) {
	dir := t.TempDir()
	data := planFixtures(t)["rel001-ebs-old-release"]
	starts := elementStarts(data)
	in := newInput(t, dir, data)
	for _, slow := range []bool{false, true} {
		for _, e := range starts {
			o := speculating(t, func(io.ReaderAt, int64) int64 {
				if slow {
					time.Sleep(time.Millisecond)
				}
				return e
			})
			speculationWait = false
			speculationRead = func(p []byte) []byte { return p[:min(len(p), 7)] }
			main := func(r io.Reader) io.Reader { return iotest.HalfReader(r) }
			if slow {
				main = nil
			}
			in.requireSerial(t, main, fmt.Sprintf("slow %v, from %d", slow, e))
			require.Equal(t, 1, o.adopted+o.rejected, "from %d: decided once", e)
		}
	}
}

// speculationCases are crafted documents around the split, built from
// a real plan (comp: its resource changes, compact).
func speculationCases(t testing.TB) map[string][]byte {
	t.Helper()
	data := planFixtures(t)["sc001-pass"]
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &doc))
	rc := string(doc["resource_changes"])
	cfg := string(doc["configuration"])
	pv := string(doc["planned_values"])
	var changes []json.RawMessage
	require.NoError(t, json.Unmarshal(doc["resource_changes"], &changes))
	first, rest := string(changes[0]), string(changes[1])
	fv := `"format_version":"1.2"`
	cases := map[string]string{
		"plain":             `{` + fv + `,"planned_values":` + pv + `,"resource_changes":` + rc + `,"configuration":` + cfg + `}`,
		"nested key before": `{` + fv + `,"planned_values":{"resource_changes":[` + first + `,` + rest + `]},"resource_changes":` + rc + `,"configuration":` + cfg + `}`,
		"nested element": `{` + fv + `,"resource_changes":[{"address":"a","mode":"managed","type":"aws_emr_cluster","name":"a","change":{"actions":["create"],"after":{"x":[{},{"address":"b"}]}}},` +
			first + `],"configuration":` + cfg + `}`,
		"duplicate resource_changes": `{` + fv + `,"resource_changes":` + rc + `,"configuration":` + cfg + `,"resource_changes":[` + rest + `,` + first + `]}`,
		"awscc after the split": `{` + fv + `,"resource_changes":[` + first + `,` + rest +
			`,{"address":"awscc_emr_cluster.x","mode":"managed","type":"awscc_emr_cluster","name":"x","change":{"actions":["create"],"after":{}}}],"configuration":` + cfg + `}`,
		"one address twice": `{` + fv + `,"resource_changes":[` + first + `,` + strings.Replace(first, `"after":{`, `"after":{"zz_marker":1,`, 1) + `,` + rest +
			`],"configuration":` + cfg + `}`,
		"truncated after key":     `{` + fv + `,"planned_values":` + pv + `,"resource_changes":`,
		"truncated in element":    `{` + fv + `,"resource_changes":[` + first + `,` + rest[:len(rest)/2],
		"truncated after element": `{` + fv + `,"resource_changes":[` + first + `,` + rest,
		"syntax error before":     `{` + fv + `,"planned_values":{"a":[1,,2]},"resource_changes":` + rc + `}`,
		"syntax error after":      `{` + fv + `,"resource_changes":[` + first + `,` + rest + `],"configuration":{"root_module":{]}}`,
		"syntax error in element": `{` + fv + `,"resource_changes":[` + first + `,` + strings.Replace(rest, `"change":`, `"change"`, 1) + `]}`,
		"data after the object":   `{` + fv + `,"resource_changes":` + rc + `} {}`,
		"terraform version after": `{` + fv + `,"resource_changes":` + rc + `,"terraform_version":"1.11.4"}`,
		"version after":           `{"resource_changes":` + rc + `,"configuration":` + cfg + `,` + fv + `}`,
		"bad version after":       `{` + fv + `,"resource_changes":` + rc + `,"format_version":"2.0"}`,
		"null version after":      `{` + fv + `,"resource_changes":` + rc + `,"format_version":null}`,
		"no version":              `{"resource_changes":` + rc + `}`,
		"variables both sides":    `{` + fv + `,"variables":{"a":{"value":1}},"resource_changes":` + rc + `,"variables":{"b":{"value":2}}}`,
		"configuration both sides": `{` + fv + `,"configuration":{"root_module":{"variables":{"x":{"default":1}}},"provider_config":{"aws":{"name":"aws"}}},"resource_changes":` + rc +
			`,"configuration":` + cfg + `}`,
		"configuration before only": `{` + fv + `,"configuration":` + cfg + `,"resource_changes":` + rc + `}`,
		"configuration replaced":    `{` + fv + `,"configuration":` + cfg + `,"resource_changes":` + rc + `,"configuration":{"root_module":{},"provider_config":null}}`,
		"values after":              `{` + fv + `,"resource_changes":` + rc + `,"values":{"root_module":{"resources":[{"address":"aws_emr_cluster.s","mode":"managed","type":"aws_emr_cluster","name":"s","values":{}}]}}}`,
		"state":                     `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[` + first + `,` + rest + `]}}}`,
		"not an object":             `[` + first + `,` + rest + `]`,
		"string":                    `"resource_changes":[` + first + `,` + rest + `]`,
		"empty array":               `{` + fv + `,"resource_changes":[],"configuration":` + cfg + `}`,
		"null array":                `{` + fv + `,"resource_changes":null}`,
		"space before colon":        `{` + fv + `,"resource_changes" :` + rc + `}`,
		"indented":                  "",
	}
	// Every top-level member of a plan with variables that matter moved
	// after resource_changes, or on both sides of it with another value.
	data2 := planFixtures(t)["cl002-external-name"]
	keys, vals := topLevel(t, data2)
	rcAt := slicesIndex(keys, "resource_changes")
	for i, k := range keys {
		if k == "resource_changes" {
			continue
		}
		others := func(skip int) string {
			var b strings.Builder
			for j, kk := range keys {
				if j != skip && j != rcAt {
					fmt.Fprintf(&b, "%q:%s,", kk, vals[j])
				}
			}
			return b.String()
		}
		rc2 := fmt.Sprintf("%q:%s", "resource_changes", vals[rcAt])
		member := fmt.Sprintf("%q:%s", k, vals[i])
		empty := fmt.Sprintf("%q:{}", k)
		cases["member "+k+" after"] = "{" + others(i) + rc2 + "," + member + "}"
		cases["member "+k+" on both sides"] = "{" + others(i) + member + "," + rc2 + "," + empty + "}"
		cases["member "+k+" on both sides, reversed"] = "{" + others(i) + empty + "," + rc2 + "," + member + "}"
	}
	var ind bytes.Buffer
	require.NoError(t, json.Indent(&ind, data, "", "  "))
	cases["indented"] = ind.String()
	// An indented plan cut in its last resource change: the error's line
	// and column are counted across the split.
	cases["indented truncated"] = ind.String()[:bytes.LastIndex(ind.Bytes(), []byte(`"address"`))+40]
	out := map[string][]byte{}
	for k, v := range cases {
		out[k] = []byte(v)
	}
	return out
}

// topLevel returns the top-level keys of a JSON object and their values,
// in order.
func topLevel(t testing.TB, data []byte) ([]string, []string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	_, err := dec.Token()
	require.NoError(t, err)
	var keys, vals []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		var v json.RawMessage
		require.NoError(t, dec.Decode(&v))
		keys, vals = append(keys, k.(string)), append(vals, string(v))
	}
	return keys, vals
}

func slicesIndex(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// TestSpeculationCrafted: documents made to trip the split (nested
// look-alikes, a second resource_changes, members on both sides of it,
// truncation and syntax errors before, in and after it, states and
// non-objects) give the serial answer from any start that looks like an
// element, and from one byte past it.
func TestSpeculationCrafted(t *testing.T) {
	dir := t.TempDir()
	var start int64
	o := speculating(t, func(io.ReaderAt, int64) int64 { return start })
	for name, data := range speculationCases(t) {
		in := newInput(t, dir, data)
		past := int64(1) // one byte off: never adopted
		if strings.HasPrefix(name, "member ") {
			past = 0 // many cases alike
		}
		for _, e := range elementStarts(data) {
			for off := e; off <= e+past; off++ {
				start = off
				in.requireSerial(t, nil, fmt.Sprintf("%s from %d", name, off))
			}
		}
		start = int64(len(data))
		in.requireSerial(t, nil, name+" from the end")
		speculationStart = nil
		for i := range searches {
			in.requireSerial(t, nil, name+", "+search(i))
		}
		speculationStart = func(io.ReaderAt, int64) int64 { return start }
	}
	require.Positive(t, o.adopted)
	require.Positive(t, o.rejected)
}

// TestSpeculationTruncated: a plan cut at many places, each with a
// speculation from every element start before the cut, fails as it
// does serially (the same truncation error at the same place).
func TestSpeculationTruncated(t *testing.T) {
	dir := t.TempDir()
	data := planFixtures(t)["rel001-ebs-old-release"]
	var start int64
	o := speculating(t, func(io.ReaderAt, int64) int64 { return start })
	starts := elementStarts(data)
	var cuts []int
	for i := 0; i < len(data); i += 397 {
		cuts = append(cuts, i)
	}
	for _, e := range starts {
		cuts = append(cuts, int(e)-1, int(e), int(e)+1, int(e)+13)
	}
	for _, cut := range cuts {
		if cut < 0 || cut > len(data) {
			continue
		}
		in := newInput(t, dir, data[:cut])
		for _, e := range starts {
			if int(e) > cut {
				break
			}
			start = e
			in.requireSerial(t, nil, fmt.Sprintf("cut at %d, from %d", cut, e))
		}
	}
	require.Positive(t, o.adopted)
}

// TestSpeculationLeavesNoGoroutine: speculations adopted, stopped or
// never started all end with the load.
func TestSpeculationLeavesNoGoroutine(t *testing.T) {
	dir := t.TempDir()
	before := runtime.NumGoroutine()
	speculating(t, nil)
	speculationWait = false
	for _, data := range speculationCases(t) {
		in := newInput(t, dir, data)
		for i := range searches {
			in.requireSerial(t, nil, search(i))
		}
	}
	// A goroutine that has closed its done channel may still be on its
	// way out.
	for i := 0; runtime.NumGoroutine() > before && i < 1000; i++ {
		time.Sleep(time.Millisecond)
	}
	require.LessOrEqual(t, runtime.NumGoroutine(), before)
}

// read is what reading data leaves in a document (with a speculation
// over the file at path when sp is set), the parts that building the
// model reads, for comparison.
type readState struct {
	Err                                 string
	FormatVersion, Variables, Providers *node
	HasTFVersion, PlanKeys, StateKeys   bool
	Changes, StateResources             []rawResource
	Modules                             map[string]bool
	Unchecked                           map[string]string
	Root                                *cfgModule
}

func readDocument(t *testing.T, data []byte, path string) readState {
	t.Helper()
	d := newDocument("in.json")
	var sp *speculation
	if path != "" {
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		sp = speculate(f, int64(len(data)), "in.json")
	}
	s := newScanner(bytes.NewReader(data))
	err := d.read(s, sp)
	if werr := d.wait(s); err == nil {
		err = werr
	}
	st := readState{FormatVersion: d.formatVersion, Variables: d.variables, Providers: d.providers,
		HasTFVersion: d.hasTFVersion, PlanKeys: d.planKeys, StateKeys: d.stateKeys,
		Modules: d.modules, Unchecked: d.unchecked, Root: d.root}
	if err != nil {
		st.Err = err.Error()
	}
	for _, rr := range d.changes {
		st.Changes = append(st.Changes, *rr)
	}
	for _, rr := range d.stateResources {
		st.StateResources = append(st.StateResources, *rr)
	}
	return st
}

// TestSpeculationDocument: what the main reading holds after adopting a
// speculation, or stopping it, is what it holds after reading serially,
// member by member, including what no fixture's model shows (the module
// instances, the state keys).
func TestSpeculationDocument(t *testing.T) {
	dir := t.TempDir()
	var start int64
	o := speculating(t, func(io.ReaderAt, int64) int64 { return start })
	cases := speculationCases(t)
	for _, name := range []string{"module-for-each", "module-nested", "sc008-pass"} {
		cases[name] = planFixtures(t)[name]
	}
	for name, data := range cases {
		if strings.HasPrefix(name, "member ") {
			continue // TestSpeculationCrafted's
		}
		in := newInput(t, dir, data)
		want := readDocument(t, data, "")
		for _, e := range elementStarts(data) {
			start = e
			if got := readDocument(t, data, in.path); !reflect.DeepEqual(want, got) {
				t.Fatalf("%s from %d: serially\n%+v\nspeculatively\n%+v", name, e, want, got)
			}
		}
	}
	require.Positive(t, o.adopted)
}

// FuzzSpeculation: for any input and any start, loading through a file
// with a speculation gives what serial loading gives.
func FuzzSpeculation(f *testing.F) {
	for _, name := range []string{"sc001-pass", "module-for-each", "sc008-pass"} {
		data := planFixtures(f)[name]
		starts := elementStarts(data)
		f.Add(data, uint32(starts[len(starts)-1]))
	}
	for _, data := range speculationCases(f) {
		if starts := elementStarts(data); len(starts) > 0 {
			f.Add(data, uint32(starts[len(starts)/2]))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, start uint32) {
		speculating(t, startAt(int64(start)%int64(len(data)+1)))
		in := newInput(t, dir, data)
		in.requireSerial(t, nil, fmt.Sprintf("from %d", start))
		speculationStart = nil
		in.requireSerial(t, nil, search(int(start)%len(searches)))
	})
}

// TestIndex: index finds what bytes.Index finds, on text where the
// anchor byte is rare and where it is everywhere (its fallback).
func TestIndex(t *testing.T) {
	rng := uint32(1)
	next := func(n int) int { // xorshift: reproducible
		rng ^= rng << 13
		rng ^= rng >> 17
		rng ^= rng << 5
		return int(rng % uint32(n))
	}
	for _, alphabet := range []string{`"resource_changes:`, `abcdefgh"_:`, `hhhhh"r`, `xyz`} {
		for range 300 {
			b := make([]byte, next(3000))
			for i := range b {
				b[i] = alphabet[next(len(alphabet))]
			}
			if len(b) > len(splitKey) && next(2) == 0 {
				copy(b[next(len(b)-len(splitKey)):], splitKey)
			}
			require.Equal(t, bytes.Index(b, []byte(splitKey)), index(b, splitKey, splitKeyAnchor), "%q", b)
			require.Equal(t, bytes.Index(b, []byte(elementStart)), index(b, elementStart, 0))
		}
	}
}
