package check

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/release"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// minScrubLength is the shortest sensitive string that is scrubbed from
// messages: shorter ones would garble every message they occur in, and
// are no secret worth the name.
const minScrubLength = 4

// scrubber removes sensitive values, and tainted text that must not be
// shown (model.TaintShowable), from finding messages. Rules render values
// with model.Value.Display, which redacts both; this is the safety net
// for a value quoted some other way, in any rule present or future.
type scrubber struct {
	secrets []string // longest first
	// with is the replacement of each secret.
	with map[string]string
}

func newScrubber(m *model.Model) *scrubber {
	seen := map[string]string{}
	schemaKeys := map[string]bool{}
	for _, os := range secconf.Schema() {
		for k := range os.Fields {
			schemaKeys[k] = true
		}
	}
	tainted := map[string]string{} // reused: one map for a 40,000-resource plan, not one a resource
	add := func(v *model.Value) {
		if v == nil {
			return
		}
		clear(tainted)
		v.TaintedStrings(tainted)
		for s, source := range tainted {
			// a documented key is the schema's word, not a secret
			if len(s) >= minScrubLength && seen[s] == "" && !schemaKeys[s] {
				seen[s] = model.TaintedText(source)
				// as %q writes it, when that differs
				if q := strconv.Quote(s); q[1:len(q)-1] != s {
					seen[q[1:len(q)-1]] = model.TaintedText(source)
				}
				// as the release rules print a label they parsed
				// ("emr-06.1.0-x" prints as emr-6.1.0-x)
				if l, err := release.Parse(s); err == nil && l.String() != s && len(l.String()) >= minScrubLength && !model.TaintShowable(l.String()) {
					seen[l.String()] = model.TaintedText(source)
				}
			}
		}
		for _, s := range v.SensitiveStrings() {
			if len(s) >= minScrubLength {
				seen[s] = "(sensitive value)"
				if q := strconv.Quote(s); q[1:len(q)-1] != s {
					seen[q[1:len(q)-1]] = "(sensitive value)"
				}
			}
		}
	}
	for _, r := range m.Resources {
		add(r.Attrs)
	}
	docs := map[*model.Value]bool{} // configurations with the same text share their document
	for _, sc := range m.SecurityConfigs {
		if !docs[sc.Document] {
			docs[sc.Document] = true
			add(sc.Document)
		}
	}
	sc := &scrubber{with: seen}
	for s := range seen {
		sc.secrets = append(sc.secrets, s)
	}
	sort.Slice(sc.secrets, func(i, j int) bool {
		if len(sc.secrets[i]) != len(sc.secrets[j]) {
			return len(sc.secrets[i]) > len(sc.secrets[j])
		}
		return sc.secrets[i] < sc.secrets[j]
	})
	return sc
}

func (s *scrubber) text(t string) string {
	for _, secret := range s.secrets {
		if strings.Contains(t, secret) {
			t = strings.ReplaceAll(t, secret, s.with[secret])
		}
	}
	return t
}

func (s *scrubber) finding(f *rules.Finding) {
	if len(s.secrets) == 0 {
		return
	}
	f.Message = s.text(f.Message)
	for i := range f.Related {
		f.Related[i].Message = s.text(f.Related[i].Message)
	}
}
