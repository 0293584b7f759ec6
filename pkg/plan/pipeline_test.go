package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// TestConversionsAcrossBatches: a plan with many more EMR resources than
// a conversion batch holds gives every copy of a resource the same
// attributes as the plan with one copy, so no arena is reused while its
// nodes are still being converted (the converter is slowed down, so that
// the scanner runs ahead into every arena).
func TestConversionsAcrossBatches(t *testing.T) {
	slowConversion = func() { // a short spin (a sleep lasts far longer)
		for start := time.Now(); time.Since(start) < 20*time.Microsecond; {
		}
	}
	defer func() { slowConversion = nil }()
	data, err := os.ReadFile("../../testdata/plans/sc001-sse-c/plan.json")
	require.NoError(t, err)
	one, err := Load(bytes.NewReader(data), "one.json")
	require.NoError(t, err)

	// Copies in Terraform's key order (mode and type before change, so
	// that the change is decoded into the scanner's arena).
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &doc))
	var changes []json.RawMessage
	require.NoError(t, json.Unmarshal(doc["resource_changes"], &changes))
	// Past the resources converted inline, many batches.
	copies := (inlineConversions+8*batchSize)/len(changes) + 7
	var many []json.RawMessage
	for i := range copies {
		for _, c := range changes {
			var id struct{ Address, Name string }
			require.NoError(t, json.Unmarshal(c, &id))
			require.True(t, bytes.Index(c, []byte(`"mode"`)) < bytes.Index(c, []byte(`"change"`)))
			if i > 0 { // another instance of the same configuration
				c = bytes.Replace(c, []byte(fmt.Sprintf(`"address":%q`, id.Address)), []byte(fmt.Sprintf(`"address":"%s[%d]"`, id.Address, i)), 1)
				c = bytes.Replace(c, []byte(fmt.Sprintf(`"name":%q`, id.Name)), []byte(fmt.Sprintf(`"name":%q,"index":%d`, id.Name, i)), 1)
			}
			many = append(many, c)
		}
	}
	list, err := json.Marshal(many)
	require.NoError(t, err)
	doc["resource_changes"] = list
	big, err := json.Marshal(doc)
	require.NoError(t, err)
	m, err := Load(bytes.NewReader(big), "many.json")
	require.NoError(t, err)
	require.Len(t, m.Resources, copies*len(one.Resources))

	want := map[string]string{}
	for _, r := range one.Resources {
		want[r.Type+"."+r.Name] = dump(r.Attrs)
	}
	for _, r := range m.Resources {
		assert.Equal(t, want[r.Type+"."+r.Name], dump(r.Attrs), r.Address)
	}
}

// dump renders a value tree: every path with its state, kind and text.
func dump(v *model.Value) string {
	var b bytes.Buffer
	v.Walk(func(path string, x *model.Value) {
		fmt.Fprintf(&b, "%s %s %s %q %v %v\n", path, x.State, x.Kind, x.Str, x.Bool, x.Sensitive)
	})
	return b.String()
}
