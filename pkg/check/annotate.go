package check

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// annotator adds to a finding's message what its rule cannot see: that
// the resource stands for an unknown number of instances, or that the
// document checked is an argument of a module call whose module was not
// evaluated. Rules stay unaware of both.
type annotator struct {
	instances map[string][]string
	arguments map[string][]*model.SecurityConfig
}

func newAnnotator(m *model.Model) *annotator {
	a := &annotator{instances: map[string][]string{}, arguments: map[string][]*model.SecurityConfig{}}
	for _, r := range m.Resources {
		if len(r.UnknownInstances) > 0 {
			a.instances[r.Address] = r.UnknownInstances
		}
	}
	for _, sc := range m.SecurityConfigs {
		if sc.Argument != "" {
			a.arguments[sc.Address()] = append(a.arguments[sc.Address()], sc)
		}
	}
	return a
}

func (a *annotator) finding(f *rules.Finding) {
	if bl := a.instances[f.Address]; len(bl) > 0 {
		f.Message += fmt.Sprintf(" (number of instances unknown: it depends on %s; checked as one instance, [*])", strings.Join(bl, ", "))
	}
	if sc := a.argumentOf(f); sc != nil {
		f.Message = fmt.Sprintf("module argument %s (module not evaluated): %s", sc.Argument, f.Message)
	}
}

// argumentOf returns the module-argument document a finding is about: the
// one whose argument holds the finding's location, or the only one of
// the call when the location is in another file (a document read with
// file()). A finding on the call itself (EMR-MOD-001) has none.
func (a *annotator) argumentOf(f *rules.Finding) *model.SecurityConfig {
	scs := a.arguments[f.Address]
	for _, s := range scs {
		if contains(s.Configuration.Range, f.Location) {
			return s
		}
	}
	if len(scs) == 1 && f.Location != nil && scs[0].Configuration.Range != nil && f.Location.Filename != scs[0].Configuration.Range.Filename {
		return scs[0]
	}
	return nil
}

// contains reports whether outer holds inner (same file, inner's start
// inside outer).
func contains(outer, inner *model.Range) bool {
	if outer == nil || inner == nil || outer.Filename != inner.Filename {
		return false
	}
	s, e, p := outer.Start, outer.End, inner.Start
	after := p.Line > s.Line || (p.Line == s.Line && p.Column >= s.Column)
	before := p.Line < e.Line || (p.Line == e.Line && p.Column <= e.Column)
	return after && before
}
