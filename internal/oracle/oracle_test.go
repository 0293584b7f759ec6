package oracle

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var updateKnown = flag.Bool("update-known", false, "rewrite testdata/oracle/known-differences.txt from the corpus")

const (
	corpusDir     = "../../testdata/oracle"
	terraformFile = corpusDir + "/terraform.jsonl.gz"
	openTofuFile  = corpusDir + "/opentofu.jsonl.gz"
	knownFile     = corpusDir + "/known-differences.txt"
	corpusLimit   = 1 << 30
	knownIntro    = `# Differences between source mode and plan mode that the oracle's corpus
# shows and that are not fixed yet (docs/oracle.md). TestCorpus fails when
# a listed difference disappears (remove it: it was fixed) or a new one
# appears (fix it, or list it under its class). Regenerate the entries with
#   go test ./internal/oracle -run TestCorpus -update-known
# which keeps the classes below; a new entry gets the class "unclassified",
# which the test refuses until it is given a declared class.
#
# Class: # class NAME [FEATURE ...] (ISSUE 19 ITEM): DESCRIPTION
# (FEATUREs: the generator's features that lead to it; Classify in
# internal/oracle/known.go names the class of a fresh case's difference)
# Entry: CASE RULE ADDRESS source=STATUS plan=STATUS CLASS
# ("-" for a whole configuration that one side refuses and the other accepts)
#
`
)

// caseResult is the comparison of one case.
type caseResult struct {
	c     *Case
	diffs []Difference
	ag    Agreement
}

// runCase compares source mode on c with plan mode on its plan (or
// Terraform's refusal).
func runCase(t *testing.T, c *Case, o *Outcome) caseResult {
	t.Helper()
	r, err := compareCase(t.TempDir(), c, o)
	require.NoError(t, err)
	return r
}

// compareCase is runCase below dir, with an error where the test must
// stop (a case that cannot be written, a plan plan mode cannot read).
func compareCase(dir string, c *Case, o *Outcome) (caseResult, error) {
	dir = filepath.Join(dir, c.Name)
	if err := c.WriteDir(dir); err != nil {
		return caseResult{}, err
	}
	src, srcErr := SourceStatuses(c, dir)
	if err := os.RemoveAll(dir); err != nil {
		return caseResult{}, err
	}
	var plan map[string]string
	var planErr error
	if o.Plan == nil {
		planErr = errors.New("terraform refused: " + o.Refusal)
	} else {
		var err error
		if plan, err = PlanStatuses(o.Plan, c.Name+".plan.json"); err != nil {
			return caseResult{}, fmt.Errorf("plan mode must read every plan (%s): %w", c.Name, err)
		}
	}
	d, ag := Compare(c.Name, src, plan, srcErr, planErr)
	return caseResult{c: c, diffs: d, ag: ag}, nil
}

// compareAll compares every case, on as many CPUs as Go uses.
func compareAll(t *testing.T, cs []*Case, outs []*Outcome) []caseResult {
	t.Helper()
	results := make([]caseResult, len(cs))
	errs := make([]error, len(cs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		dir := t.TempDir()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = compareCase(dir, cs[i], outs[i])
			}
		}()
	}
	for i := range cs {
		next <- i
	}
	close(next)
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	return results
}

// readCorpus loads a recorded corpus file: every case is generated again
// from its seed and must be the recorded one.
func readCorpus(t *testing.T, file string) ([]*Case, []*Outcome) {
	t.Helper()
	records, err := ReadCorpus(file, corpusLimit)
	require.NoError(t, err, "run scripts/regen-oracle.sh")
	var cs []*Case
	var outs []*Outcome
	for _, r := range records {
		c, err := r.Regenerate()
		require.NoError(t, err)
		cs = append(cs, c)
		outs = append(outs, r.Outcome())
	}
	return cs, outs
}

// corpus is the whole recorded corpus, read once.
var corpus struct {
	cases []*Case
	outs  []*Outcome
}

func loadCorpus(t *testing.T) ([]*Case, []*Outcome) {
	t.Helper()
	if corpus.cases == nil {
		for _, f := range []string{terraformFile, openTofuFile} {
			cs, outs := readCorpus(t, f)
			require.NotEmpty(t, cs, "%s is empty: run scripts/regen-oracle.sh", f)
			corpus.cases = append(corpus.cases, cs...)
			corpus.outs = append(corpus.outs, outs...)
		}
	}
	return corpus.cases, corpus.outs
}

// TestCorpus checks the property on every recorded case: for every rule
// and resource, source mode's status is plan mode's, or indeterminate
// where the plan's is known; every exception is listed, with its class,
// in known-differences.txt, and every listed one still occurs.
func TestCorpus(t *testing.T) {
	cs, outs := loadCorpus(t)
	results := compareAll(t, cs, outs)
	data, err := os.ReadFile(knownFile)
	if err != nil && !(os.IsNotExist(err) && *updateKnown) {
		require.NoError(t, err)
	}
	known, err := ParseKnown(data)
	require.NoError(t, err)

	got := map[string]bool{}
	caseOf := map[string]*Case{}
	diffOf := map[string]Difference{}
	var total Agreement
	pairs, planRefused := 0, 0
	for i, r := range results {
		if outs[i].Plan == nil {
			planRefused++
		}
		total.Equal += r.ag.Equal
		total.Weaker += r.ag.Weaker
		total.Unverified += r.ag.Unverified
		total.UnverifiedPass += r.ag.UnverifiedPass
		pairs += r.ag.Equal + r.ag.Weaker + r.ag.Unverified + len(r.diffs)
		for _, d := range r.diffs {
			got[d.Key()] = true
			caseOf[d.Key()] = r.c
			diffOf[d.Key()] = d
		}
	}
	t.Logf("oracle: %d cases (%d refused by Terraform), %d comparisons (rule×resource pairs, or a refused configuration): %d equal, %d indeterminate in source where the plan is known, %d decided in source where the plan is indeterminate (not verified; %d of them pass), %d different",
		len(results), planRefused, pairs, total.Equal, total.Weaker, total.Unverified, total.UnverifiedPass, len(got))
	byClass := map[string]int{}
	casesByClass := map[string]map[string]bool{}
	for k := range got {
		c := known.Entries[k]
		byClass[c]++
		if casesByClass[c] == nil {
			casesByClass[c] = map[string]bool{}
		}
		casesByClass[c][caseOf[k].Name] = true
	}
	var classes []string
	for c := range byClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		t.Logf("oracle: class %q (%s): %d differences in %d cases", c, known.Items[c], byClass[c], len(casesByClass[c]))
	}

	outOf := map[string]*Outcome{}
	for i, c := range cs {
		outOf[c.Name] = outs[i]
	}
	// gone says whether the difference k is gone from its case rewritten
	// by the fixes of classes (fixAll); each rewrite is evaluated once.
	one := func(cl string) map[string]bool { return map[string]bool{cl: true} }
	left := map[string]map[string]bool{}
	rewriteID := func(c *Case, classes map[string]bool) string {
		var names []string
		for cl := range classes {
			if classFixes[cl] != nil {
				names = append(names, cl)
			}
		}
		sort.Strings(names)
		return c.Name + " " + strings.Join(names, ",")
	}
	// The rewrites by each listed difference's own class, at once.
	var rcs []*Case
	var routs []*Outcome
	var rids []string
	for k, cl := range known.Entries {
		c := caseOf[k]
		if c == nil || classFixes[cl] == nil {
			continue
		}
		if id := rewriteID(c, one(cl)); left[id] == nil {
			left[id] = map[string]bool{}
			rcs, routs, rids = append(rcs, fixAll(c, one(cl))), append(routs, outOf[c.Name]), append(rids, id)
		}
	}
	for i, r := range compareAll(t, rcs, routs) {
		for _, d := range r.diffs {
			left[rids[i]][d.Key()] = true
		}
	}
	gone := func(k string, classes map[string]bool) bool {
		c := caseOf[k]
		id := rewriteID(c, classes)
		if left[id] == nil {
			left[id] = map[string]bool{}
			for _, d := range runCase(t, fixAll(c, classes), outOf[c.Name]).diffs {
				left[id][d.Key()] = true
			}
		}
		return !left[id][k]
	}
	if *updateKnown {
		entries := map[string]string{}
		for k := range got {
			c := known.Entries[k]
			if c == "" || c == "unclassified" || classFixes[c] != nil && !gone(k, one(c)) {
				c = classifyByFix(caseOf[k], diffOf[k], func(classes map[string]bool) bool { return gone(k, classes) })
			}
			entries[k] = c
		}
		known.Entries = entries
		require.NoError(t, os.WriteFile(knownFile, known.Format(knownIntro), 0o644))
		return
	}
	var appeared, vanished, badClass []string
	for k := range got {
		c, ok := known.Entries[k]
		switch {
		case !ok:
			appeared = append(appeared, k)
		case known.Classes[c] == "":
			badClass = append(badClass, k+" "+c)
		}
	}
	for k := range known.Entries {
		if !got[k] {
			vanished = append(vanished, k)
		}
	}
	sort.Strings(appeared)
	sort.Strings(vanished)
	sort.Strings(badClass)
	if len(appeared) > 0 {
		t.Errorf("%d new differences between source and plan mode (fix them, or list them with their class in %s):\n%s",
			len(appeared), knownFile, strings.Join(appeared, "\n"))
	}
	if len(vanished) > 0 {
		t.Errorf("%d listed differences are gone (fixed? remove them from %s):\n%s", len(vanished), knownFile, strings.Join(vanished, "\n"))
	}
	if len(badClass) > 0 {
		t.Errorf("differences whose class is not declared with a '# class' line:\n%s", strings.Join(badClass, "\n"))
	}
	// Each difference of a class with a rewrite is gone from its case
	// rewritten (classFixes), or, where causes add up, from its case
	// rewritten by the fixes of every class the case's differences have
	// and every class that could explain it (Candidates).
	classesOf := map[string]map[string]bool{}
	for k := range got {
		n := caseOf[k].Name
		if classesOf[n] == nil {
			classesOf[n] = map[string]bool{}
		}
		classesOf[n][known.Entries[k]] = true
	}
	var notCaused []string
	for k := range got {
		cl := known.Entries[k]
		if check := classChecks[cl]; check != nil && !check(caseOf[k]) {
			notCaused = append(notCaused, k+" "+cl)
			continue
		}
		if classFixes[cl] == nil || gone(k, one(cl)) {
			continue
		}
		all := map[string]bool{}
		for c := range classesOf[caseOf[k].Name] {
			all[c] = true
		}
		for _, c := range Candidates(caseOf[k], diffOf[k]) {
			all[c] = true
		}
		if gone(k, all) {
			continue
		}
		notCaused = append(notCaused, k+" "+cl)
	}
	sort.Strings(notCaused)
	if len(notCaused) > 0 {
		t.Errorf("%d listed differences stay when their case is rewritten the way their class says Terraform reads it (classFixes): another cause, give them their own class:\n%s",
			len(notCaused), strings.Join(notCaused, "\n"))
	}
	for _, c := range known.order {
		if byClass[c] == 0 {
			t.Errorf("class %s has no difference left: remove its '# class' line from %s", c, knownFile)
		}
	}
}

// issueFeatures maps each language feature of issue 19 (items 1 to 3) to
// the generator features that exercise it; TestCorpusCoverage wants each
// in the corpus, in a case Terraform planned unless refusing is the point.
var issueFeatures = []struct {
	item     string
	features []string
	refused  bool // the feature makes Terraform refuse the configuration
}{
	{item: "1: typed variables with optional()", features: []string{"optional-attr"}},
	{item: "1: nullable", features: []string{"variable-nullable-false", "module-null-nullable-false"}},
	{item: "1: validation", features: []string{"variable-validation"}},
	{item: "1: defaults", features: []string{"variable-default"}},
	{item: "1: terraform.tfvars", features: []string{"variable-tfvars"}},
	{item: "1: .auto.tfvars", features: []string{"variable-auto-tfvars"}},
	{item: "1: -var-file", features: []string{"variable-var-file"}},
	{item: "1: TF_VAR_", features: []string{"variable-env"}},
	{item: "1: precedence of the variable sources", features: []string{"variable-precedence"}},
	{item: "1: locals", features: []string{"local"}},
	{item: "1: module count", features: []string{"module-count"}},
	{item: "1: module for_each", features: []string{"module-for-each"}},
	{item: "1: nested modules", features: []string{"module-nested"}},
	{item: "1: nested module with count", features: []string{"module-nested-count"}},
	{item: "1: nested module with for_each", features: []string{"module-nested-for-each"}},
	{item: "1: dynamic blocks", features: []string{"dynamic-block"}},
	{item: "1: override files", features: []string{"override-file"}},
	{item: "1: .tf.json", features: []string{"tf-json"}},
	{item: "1: functions", features: []string{"fn-upper-lower", "fn-format", "fn-coalesce", "fn-lookup", "fn-element", "fn-try", "fn-join-split", "fn-replace", "fn-tobool", "fn-jsondecode", "fn-one", "template", "for-expr", "doc-templatefile"}},
	{item: "1: conditionals", features: []string{"conditional"}},
	{item: "2: nullable = false, explicit null takes the default", features: []string{"variable-nullable-false"}},
	{item: "2: nullable = false, module argument null", features: []string{"module-null-nullable-false"}},
	{item: "2: nullable = false, null with no default", features: []string{"nullable-false-no-default"}, refused: true},
	{item: "2: validation fails", features: []string{"validation-fails"}, refused: true},
	{item: "2: terraform.workspace", features: []string{"terraform-workspace"}},
	{item: "2: provider region in an override file", features: []string{"provider-override"}},
	{item: "2: provider with no region, AWS_REGION / AWS_DEFAULT_REGION", features: []string{"provider-region-env"}},
	{item: "2: provider with no region at all", features: []string{"provider-no-region"}},
	{item: "2: ephemeralasnull, ephemeral variables", features: []string{"ephemeralasnull"}},
	{item: "2: terraform.applying", features: []string{"terraform-applying"}},
	{item: "2: provider::terraform::encode_tfvars, decode_tfvars", features: []string{"fn-tfvars-roundtrip"}},
	{item: "2: provider::terraform::encode_expr", features: []string{"fn-encode-expr"}},
	{item: "2: lookup() on a partially unknown map", features: []string{"lookup-unknown"}},
	{item: "2: indexing a partially unknown map", features: []string{"index-unknown"}},
	{item: "2: an unknown attribute is not null", features: []string{"unknown-not-null"}},
	{item: "2: invalid reference inside try()", features: []string{"try-unsupported-attribute", "try-undeclared-ref"}, refused: true},
	{item: "2: invalid reference inside can()", features: []string{"can-unsupported-attribute"}, refused: true},
	{item: "2: element() with a negative index", features: []string{"element-negative-index"}, refused: true},
	{item: "2: jsondecode with duplicate keys", features: []string{"jsondecode-duplicate-keys"}},
	{item: "2: && and || evaluate both operands (Terraform 1.11)", features: []string{"logic-both-operands"}, refused: true},
	{item: "3: OpenTofu .tofu files, provider for_each", features: []string{"opentofu-provider-for-each"}},
}

// TestCorpusCoverage: every feature issue 19 lists has cases in the
// recorded corpus.
func TestCorpusCoverage(t *testing.T) {
	cs, outs := loadCorpus(t)
	planned, refused := map[string]int{}, map[string]int{}
	for i, c := range cs {
		for _, f := range c.Features {
			if outs[i].Plan != nil {
				planned[f]++
			} else {
				refused[f]++
			}
		}
	}
	for _, it := range issueFeatures {
		for _, f := range it.features {
			n := planned[f]
			if it.refused {
				n = refused[f]
			}
			t.Logf("issue 19 item %s: feature %s: %d cases planned, %d refused", it.item, f, planned[f], refused[f])
			if n == 0 {
				t.Errorf("issue 19 item %s: no case with feature %s that Terraform %s", it.item, f, map[bool]string{true: "refused", false: "planned"}[it.refused])
			}
		}
	}
}

// TestCompare pins the property on pairs of statuses.
func TestCompare(t *testing.T) {
	src := map[string]string{
		"R1 a": Pass, "R2 a": Fail, "R3 a": Indeterminate, "R4 a": Pass, "R5 a": Indeterminate, "R6 a": Fail, "R8 a": Pass,
	}
	plan := map[string]string{
		"R1 a": Pass, "R2 a": Pass, "R3 a": Fail, "R4 a": Fail, "R5 a": Indeterminate, "R6 a": Indeterminate, "R8 a": Indeterminate,
		// Absent from source mode, which has the resource: passing there.
		"R7 a": Fail,
	}
	d, ag := Compare("c", src, plan, nil, nil)
	var keys []string
	for _, x := range d {
		keys = append(keys, x.Key())
	}
	require.Equal(t, []string{
		"c R2 a source=fail plan=pass",
		"c R4 a source=pass plan=fail",
		"c R7 a source=pass plan=fail",
	}, keys)
	require.Equal(t, Agreement{Equal: 2, Weaker: 1, Unverified: 2, UnverifiedPass: 1}, ag)

	d, _ = Compare("c", src, nil, nil, errors.New("refused"))
	require.Equal(t, []Difference{{Case: "c", Rule: "-", Address: "-", Source: "accepted", Plan: Error}}, d)
	d, _ = Compare("c", nil, plan, errors.New("refused"), nil)
	require.Equal(t, []Difference{{Case: "c", Rule: "-", Address: "-", Source: Error, Plan: "accepted"}}, d)
	d, ag = Compare("c", nil, nil, errors.New("a"), errors.New("b"))
	require.Empty(t, d)
	require.Equal(t, Agreement{Equal: 1}, ag)
}

// TestCorpusFileRoundTrip: a record written is read back, and a corrupt
// corpus is an error.
func TestCorpusFileRoundTrip(t *testing.T) {
	c := Generate(7, false)
	r1, err := NewRecord(c, &Outcome{Plan: []byte("{\n  \"format_version\": \"1.2\"\n}")})
	require.NoError(t, err)
	r2, err := NewRecord(Generate(8, false), &Outcome{Refusal: "Invalid value for variable\n"})
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "c.jsonl.gz")
	require.NoError(t, WriteCorpus(p, []Record{r2, r1}))
	got, err := ReadCorpus(p, 1<<20)
	require.NoError(t, err)
	require.Equal(t, []Record{r1, r2}, got)
	back, err := got[0].Regenerate()
	require.NoError(t, err)
	require.Equal(t, c.Archive(), back.Archive())

	bad := r1
	bad.SHA256 = strings.Repeat("0", 64)
	_, err = bad.Regenerate()
	require.Error(t, err)
	_, err = NewRecord(c, &Outcome{Plan: []byte("{not json")})
	require.Error(t, err)
	for name, lines := range map[string]string{
		"twice":   `{"case":"s1","seed":1,"archive_sha256":"x","refusal":"r"}` + "\n" + `{"case":"s1","seed":1,"archive_sha256":"x","refusal":"r"}`,
		"neither": `{"case":"s1","seed":1,"archive_sha256":"x"}`,
		"both":    `{"case":"s1","seed":1,"archive_sha256":"x","refusal":"r","plan":{}}`,
		"garbage": `{"case":`,
	} {
		require.NoError(t, os.WriteFile(p, Gzip([]byte(lines)), 0o644))
		_, err := ReadCorpus(p, 1<<20)
		require.Error(t, err, name)
	}
	require.NoError(t, os.WriteFile(p, Gzip([]byte(strings.Repeat(" ", 2048))), 0o644))
	_, err = ReadCorpus(p, 1024)
	require.Error(t, err, "past the limit")
}

// findMkplan is mkplan's path: TFEMRCHECK_MKPLAN, else ../shared beside
// the clone (or beside the directory of worktrees).
func findMkplan(t *testing.T) string {
	t.Helper()
	cands := []string{"../../../shared/tools/tfplan/mkplan", "../../../../shared/tools/tfplan/mkplan"}
	if m := os.Getenv("TFEMRCHECK_MKPLAN"); m != "" {
		cands = []string{m}
	}
	for _, m := range cands {
		if abs, err := filepath.Abs(m); err == nil {
			if st, err := os.Stat(abs); err == nil && !st.IsDir() {
				return abs
			}
		}
	}
	t.Skipf("mkplan not found (%s; set TFEMRCHECK_MKPLAN): the recorded corpus (TestCorpus) still runs", strings.Join(cands, ", "))
	return ""
}

// envInt reads a whole number from the environment.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, name)
	return n
}

// TestLive plans with the real terraform, where it is on PATH with mkplan
// (not under -short):
//   - a sample of the recorded cases again (every TFEMRCHECK_ORACLE_EVERY-th,
//     100 by default): plan mode must say of the fresh plan what it says of
//     the recorded one, and a refusal must be the recorded refusal, so the
//     recording is what Terraform does today;
//   - TFEMRCHECK_ORACLE_N fresh cases (10), from seed
//     TFEMRCHECK_ORACLE_SEED (by default one from the clock, logged):
//     a difference fails unless Classify gives it a class that
//     known-differences.txt declares.
func TestLive(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the live comparison runs the real terraform")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not on PATH: the recorded corpus (TestCorpus) still runs")
	}
	mk := findMkplan(t)
	records, err := ReadCorpus(terraformFile, corpusLimit)
	require.NoError(t, err)
	every := envInt(t, "TFEMRCHECK_ORACLE_EVERY", 100)
	n := envInt(t, "TFEMRCHECK_ORACLE_N", 10)
	seed := uint64(time.Now().UnixNano()%1e9) + 1_000_000
	if s := os.Getenv("TFEMRCHECK_ORACLE_SEED"); s != "" {
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	data, err := os.ReadFile(knownFile)
	require.NoError(t, err)
	known, err := ParseKnown(data)
	require.NoError(t, err)
	p := &Planner{MkPlan: mk}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(records)/max(every, 1)+n+1)*time.Minute)
	defer cancel()

	replanned := 0
	for i := 0; every > 0 && i < len(records); i += every {
		replan(ctx, t, p, records[i])
		replanned++
	}

	t.Logf("live oracle: %d recorded cases planned again; fresh seeds %d to %d (reproduce with TFEMRCHECK_ORACLE_SEED=%d)", replanned, seed, seed+uint64(n)-1, seed)
	var total Agreement
	ndiff := 0
	for i := range n {
		c := Generate(seed+uint64(i), false)
		o, err := p.Plan(ctx, c)
		require.NoError(t, err)
		r := runCase(t, c, o)
		total.Equal += r.ag.Equal
		total.Weaker += r.ag.Weaker
		ndiff += len(r.diffs)
		if len(r.diffs) == 0 {
			continue
		}
		var unknown []string
		for _, d := range r.diffs {
			if cl := Classify(c, d); known.Classes[cl] != "" {
				t.Logf("known class %s: %s", cl, d.Key())
				continue
			}
			unknown = append(unknown, d.Key())
		}
		if len(unknown) > 0 {
			t.Errorf("seed %d: differences of no known class:\n%s\n%s", c.Seed, strings.Join(unknown, "\n"), c.Archive())
		}
	}
	t.Logf("live oracle: %d fresh cases: %d equal, %d weaker, %d different", n, total.Equal, total.Weaker, ndiff)
}

// tofuPath is a PATH on which mkplan finds tofu and no terraform (mkplan
// prefers terraform): a directory of links to what PATH holds.
func tofuPath(t *testing.T, tofu string) string {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs(tofu)
	require.NoError(t, err)
	require.NoError(t, os.Symlink(abs, filepath.Join(dir, "tofu")))
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			link := filepath.Join(dir, e.Name())
			if e.Name() == "terraform" {
				continue
			}
			if _, err := os.Lstat(link); err == nil {
				continue
			}
			_ = os.Symlink(filepath.Join(d, e.Name()), link)
		}
	}
	return dir
}

// TestLiveOpenTofu plans a sample of the recorded OpenTofu cases again
// with the tofu binary TFEMRCHECK_TOFU names (not under -short): plan mode
// must say of the fresh plan what it says of the recorded one.
func TestLiveOpenTofu(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the live comparison runs tofu")
	}
	tofu := os.Getenv("TFEMRCHECK_TOFU")
	if tofu == "" {
		t.Skip("set TFEMRCHECK_TOFU to a tofu binary (docs/oracle.md) to plan the OpenTofu cases again")
	}
	mk := findMkplan(t)
	records, err := ReadCorpus(openTofuFile, corpusLimit)
	require.NoError(t, err)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	p := &Planner{MkPlan: mk, Env: append(env, "PATH="+tofuPath(t, tofu))}
	every := envInt(t, "TFEMRCHECK_ORACLE_EVERY", 100) / 10
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(records)/max(every, 1)+1)*time.Minute)
	defer cancel()
	n := 0
	for i := 0; every > 0 && i < len(records); i += every {
		replan(ctx, t, p, records[i])
		n++
	}
	t.Logf("live oracle: %d recorded OpenTofu cases planned again with %s", n, tofu)
}

// replan plans the case of r again and wants plan mode to say what it
// says of the recorded plan (or the recorded refusal).
func replan(ctx context.Context, t *testing.T, p *Planner, r Record) {
	t.Helper()
	c, err := r.Regenerate()
	require.NoError(t, err)
	o, err := p.Plan(ctx, c)
	require.NoError(t, err)
	if r.Plan == nil || o.Plan == nil {
		require.Equal(t, r.Refusal, o.Refusal, "%s: the refusal (live) is not the recorded one", c.Name)
		return
	}
	want, err := PlanStatuses(r.Plan, c.Name+".recorded.json")
	require.NoError(t, err)
	got, err := PlanStatuses(o.Plan, c.Name+".live.json")
	require.NoError(t, err)
	require.Equal(t, want, got, "%s: plan mode on the live plan is not plan mode on the recorded plan (regenerate: scripts/regen-oracle.sh)", c.Name)
}
