package check

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// TestRecordsSortAsFindings: Run sorts compact records, not findings;
// compareRecords must order any two records as compareFindings orders the
// findings they stand for, ties included (the sort is stable, and equal
// findings keep the catalogue's order).
func TestRecordsSortAsFindings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rs := []*rules.Rule{{ID: "EMR-B-001"}, {ID: "EMR-A-001"}, {ID: "EMR-B-001"}, {ID: "EMR-A-002"}}
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	ranges := []*model.Range{nil,
		{Filename: "a.tf", Start: model.Pos{Line: 1, Column: 2}},
		{Filename: "a.tf", Start: model.Pos{Line: 1, Column: 3}},
		{Filename: "a.tf", Start: model.Pos{Line: 2, Column: 1}},
		{Filename: "b.tf", Start: model.Pos{Line: 1, Column: 1}},
		{Filename: "", Start: model.Pos{}},
	}
	random := func() record {
		return record{
			address:  pick("", "aws_emr_cluster.a", "aws_emr_cluster.b", "module.x.aws_emr_cluster.a"),
			message:  pick("", "m", "n", "m (number of instances unknown)"),
			status:   rules.Status(pick(string(rules.Fail), string(rules.Indeterminate))),
			location: ranges[rng.IntN(len(ranges))],
			rule:     int32(rng.IntN(len(rs))),
			severity: int32(rng.IntN(5)),
		}
	}
	sign := func(c int) int { return min(max(c, -1), 1) }
	for range 20000 {
		a, b := random(), random()
		require.Equal(t, sign(compareFindings(a.finding(rs), b.finding(rs))), sign(compareRecords(rs, &a, &b)), "%+v\n%+v", a, b)
	}
}

// TestRecordChunksKeepOrder: records go into chunks that are filled, never
// grown, and come out in the order they were added.
func TestRecordChunksKeepOrder(t *testing.T) {
	var rr records
	for i := range 3 * recordChunk {
		rr.add(record{rule: int32(i)})
	}
	require.Equal(t, 3*recordChunk, rr.n)
	i := 0
	for _, c := range rr.chunks {
		require.LessOrEqual(t, len(c), recordChunk)
		for _, r := range c {
			require.Equal(t, int32(i), r.rule)
			i++
		}
	}
	require.Equal(t, rr.n, i)
}
