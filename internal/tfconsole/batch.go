package tfconsole

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Starting terraform costs about 65 ms of CPU, evaluating an expression
// almost nothing, and `terraform console` reading piped input prints only
// the last line's value and stops at the first error. So Recheck packs
// many recorded expressions into one tuple expression, one process for
// all of them, and splits what the console printed back into one text per
// expression:
//
//   - expressions the recording says succeed go in a tuple whose elements
//     alternate with sentinel strings, [e1, "S1", e2, "S2", …]. The console
//     renders a tuple one element a line, each element rendered as at top
//     level but indented by two (and a multi-line string as an indented
//     heredoc, <<-EOT); the sentinel lines bound each element's text, which
//     splitTuple turns back into its top-level form;
//   - expressions the recording says fail go in a tuple whose elements
//     alternate with marker calls that fail, [e1, tonumber("S1"), e2, …].
//     HCL evaluates every element in order and Terraform prints every
//     diagnostic in that order, so the diagnostics between two markers are
//     those of the element between them (splitDiagnostics).
//
// The sentinels hold a hash of the batch's expressions, which no
// expression can produce, so a line of a value is never taken for one.
//
// A batch is an accelerator, never the judge of a difference: when a batch
// fails, or its output does not split into one text per expression, it is
// halved until it does or an expression is alone; an expression whose
// batch text differs from its recording is evaluated alone; an expression
// evaluated alone gives exactly what Console.Eval gives. What a batch
// cannot see is a change of the console's rendering at top level only, so
// the first recorded entry of each kind of rendering (entryKind) is always
// evaluated alone, and with it that top-level form.

// Batch limits: terraform reads piped input with a bufio.Scanner, whose
// lines end at 64 KiB; a smaller batch also costs less when it must be
// halved.
const (
	maxBatchEntries = 64
	maxBatchBytes   = 16 << 10
)

// RecheckStats says how Recheck evaluated the entries.
type RecheckStats struct {
	Processes int // terraform console processes started
	Alone     int // entries evaluated alone
	Batched   int // entries confirmed by a batch
}

// Recheck re-evaluates recorded entries with the console and returns what
// it gives for each, in the same order: for an entry that a batch
// confirmed (same(live, recorded) held for its text in the batch), that
// text; for every other, Eval's entry. same must hold only when the two
// entries are equivalent for the caller; a difference found in a batch is
// always confirmed by Eval before it is returned.
func (c *Console) Recheck(ctx context.Context, recorded []Entry, same func(live, recorded Entry) bool) ([]Entry, RecheckStats, error) {
	r := &recheck{c: c, recorded: recorded, same: same, live: make([]Entry, len(recorded))}
	seen := map[string]bool{}
	var values, failures []int
	for i, e := range recorded {
		kind := entryKind(e)
		switch {
		case !seen[kind]:
			seen[kind] = true
			if err := r.alone(ctx, i); err != nil {
				return nil, r.stats, err
			}
		case e.Error != nil:
			failures = append(failures, i)
		default:
			values = append(values, i)
		}
	}
	for _, group := range [][]int{values, failures} {
		for _, b := range r.batches(group) {
			if err := r.batch(ctx, b); err != nil {
				return nil, r.stats, err
			}
		}
	}
	return r.live, r.stats, nil
}

type recheck struct {
	c        *Console
	recorded []Entry
	same     func(live, recorded Entry) bool
	live     []Entry
	stats    RecheckStats
}

// batches cuts indices into runs within the batch limits.
func (r *recheck) batches(idx []int) [][]int {
	var out [][]int
	start, size := 0, 0
	for j, i := range idx {
		n := len(r.recorded[i].Expr) + 64 // room for the sentinel
		if j > start && (j-start == maxBatchEntries || size+n > maxBatchBytes) {
			out = append(out, idx[start:j])
			start, size = j, 0
		}
		size += n
	}
	if start < len(idx) {
		out = append(out, idx[start:])
	}
	return out
}

func (r *recheck) alone(ctx context.Context, i int) error {
	e, err := r.c.Eval(ctx, r.recorded[i].Expr)
	if err != nil {
		return err
	}
	r.stats.Processes++
	r.stats.Alone++
	r.live[i] = e
	return nil
}

// batch evaluates the entries idx, all of which the recording says succeed
// or all of which it says fail, in one process when it can.
func (r *recheck) batch(ctx context.Context, idx []int) error {
	if len(idx) == 1 {
		return r.alone(ctx, idx[0])
	}
	exprs := make([]string, len(idx))
	for j, i := range idx {
		exprs[j] = r.recorded[i].Expr
	}
	failing := r.recorded[idx[0]].Error != nil
	live, ok := r.c.evalBatch(ctx, exprs, failing)
	r.stats.Processes++
	if !ok {
		mid := len(idx) / 2
		if err := r.batch(ctx, idx[:mid]); err != nil {
			return err
		}
		return r.batch(ctx, idx[mid:])
	}
	for j, i := range idx {
		if live[j] != nil && r.same(*live[j], r.recorded[i]) {
			r.live[i] = *live[j]
			r.stats.Batched++
			continue
		}
		if err := r.alone(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

// evalBatch evaluates exprs in one console process. ok is false when the
// output does not split into one part per expression; a nil entry is an
// expression whose part could not be read (a failing batch's element that
// printed no error).
func (c *Console) evalBatch(ctx context.Context, exprs []string, failing bool) (live []*Entry, ok bool) {
	sentinels := batchSentinels(exprs)
	var b strings.Builder
	b.WriteString("[")
	for j, e := range exprs {
		if j > 0 {
			b.WriteString(", ")
		}
		if failing {
			fmt.Fprintf(&b, "%s, tonumber(%s)", e, strconv.Quote(sentinels[j]))
		} else {
			fmt.Fprintf(&b, "%s, %s", e, strconv.Quote(sentinels[j]))
		}
	}
	b.WriteString("]")
	stdout, stderr, runErr := c.run(ctx, b.String())
	live = make([]*Entry, len(exprs))
	if failing {
		if runErr == nil {
			return nil, false
		}
		parts, ok := splitDiagnostics(stderr+stdout, sentinels)
		if !ok {
			return nil, false
		}
		for j, p := range parts {
			if d, ok := c.diagnostic(p); ok {
				live[j] = &Entry{Expr: exprs[j], Error: &d}
			}
		}
		return live, true
	}
	if runErr != nil {
		return nil, false
	}
	parts, ok := splitTuple(strings.TrimSuffix(stdout, "\n"), sentinels)
	if !ok {
		return nil, false
	}
	for j, p := range parts {
		live[j] = &Entry{Expr: exprs[j], Result: c.normalise(p)}
	}
	return live, true
}

// batchSentinels names one sentinel an expression. They hold a hash of
// the expressions, so that no value of theirs can hold one (it would have
// to contain the hash of its own expression).
func batchSentinels(exprs []string) []string {
	sum := sha256.Sum256([]byte(strings.Join(exprs, "\n")))
	tag := hex.EncodeToString(sum[:8])
	out := make([]string, len(exprs))
	for j := range exprs {
		out[j] = fmt.Sprintf("tfconsole-batch-%s-%d", tag, j)
	}
	return out
}

// splitTuple splits the console's rendering of the tuple
// [e1, "S1", e2, "S2", …] (sentinels S1, S2, …) into the texts the console
// prints for e1, e2, … each alone. Inside the tuple an element is printed
// from an indentation of two: each of its lines starts with two more
// spaces, its last line ends with a comma, and a multi-line string is an
// indented heredoc (<<-EOT) where at top level it is a plain one (<<EOT).
// ok is false unless every sentinel bounds an element, in order, and
// nothing follows the last.
func splitTuple(out string, sentinels []string) (parts []string, ok bool) {
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || lines[0] != "[" || lines[len(lines)-1] != "]" {
		return nil, false
	}
	body := lines[1 : len(lines)-1]
	start := 0
	for j, line := range body {
		if len(parts) == len(sentinels) || line != "  "+strconv.Quote(sentinels[len(parts)])+"," {
			continue
		}
		p, ok := topLevel(body[start:j])
		if !ok {
			return nil, false
		}
		parts = append(parts, p)
		start = j + 1
	}
	if len(parts) != len(sentinels) || start != len(body) {
		return nil, false
	}
	return parts, true
}

// topLevel turns the lines of a tuple element into the text the console
// prints for the element alone.
func topLevel(lines []string) (string, bool) {
	if len(lines) == 0 {
		return "", false
	}
	out := make([]string, len(lines))
	for j, l := range lines {
		if !strings.HasPrefix(l, "  ") {
			return "", false
		}
		out[j] = l[2:]
	}
	last := len(out) - 1
	if !strings.HasSuffix(out[last], ",") {
		return "", false
	}
	out[last] = strings.TrimSuffix(out[last], ",")
	// Only a heredoc starts with <<: a string without a newline is
	// quoted.
	if strings.HasPrefix(out[0], "<<-") {
		out[0] = "<<" + out[0][3:]
	}
	return strings.Join(out, "\n"), true
}

var diagnosticLine = regexp.MustCompile(`(?m)^(Error|Warning): `)

// splitDiagnostics splits the console's diagnostics for the tuple
// [e1, tonumber("S1"), e2, tonumber("S2"), …] (sentinels S1, S2, …) into
// the diagnostics of e1, e2, …: those printed before the marker diagnostic
// that quotes S1, those between it and the one that quotes S2, and so on.
// A marker diagnostic runs from the "Error:" line before its sentinel to
// the next diagnostic. ok is false unless every marker is found, in order,
// and no error follows the last.
func splitDiagnostics(out string, sentinels []string) (parts []string, ok bool) {
	pos := 0
	for _, s := range sentinels {
		at := strings.Index(out[pos:], strconv.Quote(s))
		if at < 0 {
			return nil, false
		}
		at += pos
		heads := errorLine.FindAllStringIndex(out[pos:at], -1)
		if len(heads) == 0 {
			return nil, false
		}
		marker := pos + heads[len(heads)-1][0]
		parts = append(parts, out[pos:marker])
		pos = len(out)
		if next := diagnosticLine.FindStringIndex(out[at:]); next != nil {
			pos = at + next[0]
		}
	}
	if errorLine.MatchString(out[pos:]) {
		return nil, false
	}
	return parts, true
}

// entryKind names the form in which the console prints an entry at top
// level: an error of a summary, or a value by how its text starts (a
// heredoc, a quoted string, a number, tolist(…), (sensitive value), …).
// Recheck evaluates the first entry of each kind alone.
func entryKind(e Entry) string {
	if e.Error != nil {
		return "error: " + e.Error.Summary
	}
	s := e.Result
	for _, p := range []string{
		"(known after apply)", "(sensitive value)", "<<", `"`, "true", "false", "null",
		"tostring(null)", "tonumber(null)", "tobool(null)", "tolist(null)", "toset(null)", "tomap(null)",
		"tolist(", "toset(", "tomap(", "[", "{",
	} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	if s != "" && strings.ContainsRune("+-0123456789", rune(s[0])) {
		return "number"
	}
	return "other: " + s
}
