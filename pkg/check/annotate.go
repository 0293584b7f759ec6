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
		f.Message += fmt.Sprintf(" (the number of instances is unknown: it depends on %s; checked as one instance, %s)", strings.Join(bl, ", "), f.Address)
	}
	if scs := a.arguments[f.Address]; len(scs) > 0 {
		sc := scs[0]
		for _, s := range scs {
			if contains(s.Configuration.Range, f.Location) {
				sc = s
				break
			}
		}
		f.Message = fmt.Sprintf("module argument %s (module not evaluated): %s", sc.Argument, f.Message)
	}
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
