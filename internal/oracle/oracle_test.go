package oracle

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var updateKnown = flag.Bool("update-known", false, "rewrite testdata/oracle/known-differences.txt from the corpus")

const (
	corpusDir  = "../../testdata/oracle"
	knownFile  = corpusDir + "/known-differences.txt"
	planLimit  = 16 << 20
	knownIntro = `# Differences between source mode and plan mode that the oracle's corpus
# shows and that are not fixed yet (docs/oracle.md). TestCorpus fails when
# a listed difference disappears (remove it: it was fixed) or a new one
# appears (fix it, or list it under its class). Regenerate the entries with
#   go test ./internal/oracle -run TestCorpus -update-known
# which keeps the classes below; a new entry gets the class "unclassified",
# which the test refuses until it is given a declared class.
#
# Entry: CASE RULE ADDRESS source=STATUS plan=STATUS CLASS
# ("-" for a whole configuration that one side refuses and the other accepts)
#
`
)

// sampled says whether -short runs case name: one case in five (by its
// seed), so that the README's quick test loop stays quick; the full run
// (.ci/run) compares every case.
func sampled(name string) bool {
	n, err := strconv.Atoi(strings.TrimLeft(name, "st"))
	return err != nil || n%5 == 0
}

// caseResult is the comparison of one recorded case.
type caseResult struct {
	c     *Case
	diffs []Difference
	ag    Agreement
}

// runCase compares source mode on c with plan mode on its recorded plan
// (or Terraform's recorded refusal).
func runCase(t *testing.T, c *Case, o *Outcome) caseResult {
	t.Helper()
	dir := filepath.Join(t.TempDir(), c.Name)
	require.NoError(t, c.WriteDir(dir))
	src, srcErr := SourceStatuses(c, dir)
	var plan map[string]string
	var planErr error
	if o.Plan == nil {
		planErr = errors.New("terraform refused: " + o.Refusal)
	} else {
		var err error
		plan, err = PlanStatuses(o.Plan, c.Name+".plan.json")
		require.NoError(t, err, "plan mode must read every recorded plan (%s)", c.Name)
	}
	d, ag := Compare(c.Name, src, plan, srcErr, planErr)
	if len(d) == 1 && d[0].Rule == "-" && testing.Verbose() {
		t.Logf("%s: source: %v; plan: %v", c.Name, srcErr, planErr)
	}
	return caseResult{c: c, diffs: d, ag: ag}
}

// readCorpus loads every recorded case below dir.
func readCorpus(t *testing.T, dir string) ([]*Case, []*Outcome) {
	t.Helper()
	archives, err := filepath.Glob(filepath.Join(dir, "*.txtar.gz"))
	require.NoError(t, err)
	sort.Strings(archives)
	var cs []*Case
	var os_ []*Outcome
	for _, a := range archives {
		gz, err := os.ReadFile(a)
		require.NoError(t, err)
		data, err := Gunzip(gz, planLimit)
		require.NoError(t, err, a)
		a = strings.TrimSuffix(a, ".gz")
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		c, err := ParseArchive(name, data)
		require.NoError(t, err)
		// The generator is reproducible: the recorded case is what its seed
		// gives today (or the corpus must be regenerated).
		require.Equal(t, string(Generate(c.Seed, c.OpenTofu).Archive()), string(data),
			"%s is not what seed %d generates: run scripts/regen-oracle.sh", name, c.Seed)
		base := strings.TrimSuffix(a, ".txtar")
		o := &Outcome{}
		if gz, err := os.ReadFile(base + ".plan.json.gz"); err == nil {
			o.Plan, err = Gunzip(gz, planLimit)
			require.NoError(t, err, name)
		} else {
			ref, err := os.ReadFile(base + ".refused.txt")
			require.NoError(t, err, "%s has neither a plan nor a refusal", name)
			o.Refusal = string(ref)
		}
		cs = append(cs, c)
		os_ = append(os_, o)
	}
	return cs, os_
}

// TestCorpus checks the property on every recorded case: for every rule
// and resource, source mode's status is plan mode's, or indeterminate
// where the plan's is known; every exception is listed, with its class,
// in known-differences.txt.
func TestCorpus(t *testing.T) {
	var results []caseResult
	for _, sub := range []string{"cases", "opentofu"} {
		cs, outs := readCorpus(t, filepath.Join(corpusDir, sub))
		if sub == "cases" {
			require.NotEmpty(t, cs, "the corpus is empty: run scripts/regen-oracle.sh")
		}
		for i, c := range cs {
			if testing.Short() && !sampled(c.Name) {
				continue
			}
			results = append(results, runCase(t, c, outs[i]))
		}
	}
	data, err := os.ReadFile(knownFile)
	if err != nil && !(os.IsNotExist(err) && *updateKnown) {
		require.NoError(t, err)
	}
	known, err := ParseKnown(data)
	require.NoError(t, err)
	if testing.Short() {
		// Only the sampled cases ran: only their entries must still hold.
		require.False(t, *updateKnown, "-update-known needs every case: run without -short")
		for k := range known.Entries {
			if !sampled(strings.Fields(k)[0]) {
				delete(known.Entries, k)
			}
		}
	}

	got := map[string]bool{}
	caseOf := map[string]*Case{}
	diffOf := map[string]Difference{}
	var total Agreement
	refused := 0
	pairs := 0
	for _, r := range results {
		total.Equal += r.ag.Equal
		total.Weaker += r.ag.Weaker
		total.Unverified += r.ag.Unverified
		pairs += r.ag.Equal + r.ag.Weaker + r.ag.Unverified + len(r.diffs)
		for _, d := range r.diffs {
			got[d.Key()] = true
			caseOf[d.Key()] = r.c
			diffOf[d.Key()] = d
		}
	}
	for _, r := range results {
		if len(r.diffs) == 1 && r.diffs[0].Rule == "-" || r.ag.Equal == 1 && r.ag.Weaker == 0 && len(r.diffs) == 0 {
			refused++
		}
	}
	t.Logf("oracle: %d cases, %d rule×resource pairs (or refused configurations): %d equal, %d indeterminate in source where the plan is known, %d decided in source where the plan is indeterminate (not verified), %d different",
		len(results), pairs, total.Equal, total.Weaker, total.Unverified, len(got))
	byClass := map[string]int{}
	for k := range got {
		byClass[known.Entries[k]]++
	}
	for c, n := range byClass {
		t.Logf("oracle: class %q: %d", c, n)
	}

	if *updateKnown {
		entries := map[string]string{}
		for k := range got {
			c := known.Entries[k]
			if c == "" || c == "unclassified" {
				c = Classify(caseOf[k], diffOf[k])
			}
			entries[k] = c
		}
		known.Entries = entries
		require.NoError(t, os.WriteFile(knownFile, known.Format(knownIntro), 0o644))
		return
	}
	var appeared, gone, badClass []string
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
			gone = append(gone, k)
		}
	}
	sort.Strings(appeared)
	sort.Strings(gone)
	sort.Strings(badClass)
	if len(appeared) > 0 {
		t.Errorf("%d new differences between source and plan mode (fix them, or list them with their class in %s):\n%s",
			len(appeared), knownFile, strings.Join(appeared, "\n"))
	}
	if len(gone) > 0 {
		t.Errorf("%d listed differences are gone (fixed? remove them from %s):\n%s", len(gone), knownFile, strings.Join(gone, "\n"))
	}
	if len(badClass) > 0 {
		t.Errorf("differences whose class is not declared with a '# class' line:\n%s", strings.Join(badClass, "\n"))
	}
}

// TestLive generates fresh cases, plans them with the real terraform and
// compares (TFEMRCHECK_ORACLE_LIVE=1; .ci/run sets it when terraform and
// ../shared/tools/tfplan are there). TFEMRCHECK_ORACLE_N cases (20),
// from seed TFEMRCHECK_ORACLE_SEED (by default one from the clock, logged);
// TFEMRCHECK_MKPLAN is mkplan's path. A difference fails unless the case
// has a feature of a known class.
func TestLive(t *testing.T) {
	if os.Getenv("TFEMRCHECK_ORACLE_LIVE") != "1" {
		t.Skip("set TFEMRCHECK_ORACLE_LIVE=1 (needs terraform and mkplan) to compare freshly planned cases")
	}
	mk := os.Getenv("TFEMRCHECK_MKPLAN")
	if mk == "" {
		mk = "../../../shared/tools/tfplan/mkplan"
	}
	mk, err := filepath.Abs(mk)
	require.NoError(t, err)
	if _, err := os.Stat(mk); err != nil {
		t.Skipf("mkplan not found at %s (set TFEMRCHECK_MKPLAN)", mk)
	}
	n := 20
	if s := os.Getenv("TFEMRCHECK_ORACLE_N"); s != "" {
		n, err = strconv.Atoi(s)
		require.NoError(t, err)
	}
	seed := uint64(time.Now().UnixNano()%1e9) + 1_000_000
	if s := os.Getenv("TFEMRCHECK_ORACLE_SEED"); s != "" {
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	data, err := os.ReadFile(knownFile)
	require.NoError(t, err)
	known, err := ParseKnown(data)
	require.NoError(t, err)
	t.Logf("live oracle: seeds %d to %d (reproduce with TFEMRCHECK_ORACLE_SEED=%d)", seed, seed+uint64(n)-1, seed)
	p := &Planner{MkPlan: mk}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(n)*time.Minute)
	defer cancel()
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
		if cl := known.Explains(c.Features); cl != "" {
			for _, d := range r.diffs {
				t.Logf("known class %s? %s", cl, d.Key())
			}
			continue
		}
		var lines []string
		for _, d := range r.diffs {
			lines = append(lines, d.Key())
		}
		t.Errorf("seed %d: differences of no known class:\n%s\n%s", c.Seed, strings.Join(lines, "\n"), c.Archive())
	}
	t.Logf("live oracle: %d cases: %d equal, %d weaker, %d different", n, total.Equal, total.Weaker, ndiff)
	_ = fmt.Sprint
}
