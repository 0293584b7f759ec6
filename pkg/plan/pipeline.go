package plan

import (
	"fmt"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// conversions turn decoded resources into model values on a goroutine
// of their own while the scanner reads on (issue 22.2: on a plan dense
// with EMR resources, converting is a fifth of the loading, and a
// machine has a second core for it). One goroutine converts, in the
// order the resources were read, so the model does not depend on
// scheduling; it is the only user of the document's converter. The
// first inlineConversions resources are converted as they are read:
// a plan with few EMR resources gains no time from a second goroutine,
// and allocating on two processors costs it memory (each holds its own
// cache of spans).
//
// Resources go to the converter in batches (a handoff per resource costs
// more than it saves). Decoded nodes live in an arena that is reused once
// its batch is converted: the scanner decodes into one arena while the
// converter works on another, and waits for a free one when it gets
// ahead.
type conversions struct {
	jobs chan batch
	free chan *nodeArena
	// next is the batch being filled, decoded into the scanner's arena.
	next []conversion
	done chan struct{}
	// failed is what a panic in a conversion said (read after done).
	failed any
}

// conversion is one resource's after values and where its result goes.
type conversion struct {
	out                       *converted
	typ                       string
	after, unknown, sensitive *node
}

// batch is some conversions and the arena their nodes live in, reused
// after them.
type batch struct {
	jobs  []conversion
	arena *nodeArena
}

// A batch ends at batchSize resources or once its arena holds batchNodes
// nodes (so that the arenas stay small: 1,024 nodes are 72 KiB, and a
// second reading has arenas of its own, see speculateFrom).
const (
	batchSize  = 64
	batchNodes = 1024
)

// converted is the result of a conversion: the resource's attributes,
// and the unknown values waiting for their blockers.
type converted struct {
	attrs    *model.Value
	unknowns []unknownAt
}

// slowConversion, when set (by tests), runs before each conversion: a
// slow converter lets the scanner run ahead, into every arena.
var slowConversion func()

// inlineConversions is the number of resources converted as they are
// read, before the conversion goroutine starts.
const inlineConversions = 256

// arenas is the number of node arenas: one being filled, one being
// converted, one spare so that neither side waits on short resources.
const arenas = 3

// convert queues the conversion of a resource's after values (decoded
// into the scanner's arena, or onto the heap) and returns where its
// result will be once wait has returned.
func (d *document) convert(s *scanner, typ string, after, unknown, sensitive *node) *converted {
	out := &converted{}
	job := conversion{out: out, typ: typ, after: after, unknown: unknown, sensitive: sensitive}
	if d.conversions == nil && d.inlined < inlineConversions {
		d.inlined++
		d.conv.run(job)
		s.arena.reset()
		return out
	}
	p := d.pipeline(s)
	p.next = append(p.next, job)
	if len(p.next) == batchSize || s.arena.nn >= batchNodes {
		p.flush(s)
	}
	return out
}

// flush hands the batch being filled and the scanner's arena to the
// converter; the scanner gets a free arena.
func (p *conversions) flush(s *scanner) {
	if len(p.next) == 0 {
		return
	}
	p.jobs <- batch{jobs: p.next, arena: s.arena}
	p.next = make([]conversion, 0, batchSize)
	s.arena = <-p.free
}

// pipeline starts the conversion goroutine on first use, when the
// scanner's own arena, which held one resource at a time so far, takes a
// batch's size too.
func (d *document) pipeline(s *scanner) *conversions {
	if d.conversions != nil {
		return d.conversions
	}
	s.arena.reserve()
	p := &conversions{jobs: make(chan batch, arenas), free: make(chan *nodeArena, arenas), done: make(chan struct{})}
	for range arenas - 1 { // the scanner holds one
		a := &nodeArena{}
		a.reserve()
		p.free <- a
	}
	d.conversions = p
	go func() {
		defer close(p.done)
		defer func() {
			if r := recover(); r != nil {
				p.failed = r
				for b := range p.jobs { // let the scanner finish
					b.arena.reset()
					p.free <- b.arena
				}
			}
		}()
		for b := range p.jobs {
			for _, job := range b.jobs {
				if slowConversion != nil {
					slowConversion()
				}
				d.conv.run(job)
			}
			b.arena.reset()
			p.free <- b.arena
		}
	}()
	return p
}

// reserve gives the arena chunks of the size a batch takes (batchNodes
// nodes and a resource's more, about two child pointers and keys a
// node), where it has smaller ones; what it handed out stays where it
// is, as when a chunk fills. Grown from a few hundred, each chunk
// doubling, an arena allocated about twice that on the way and ended
// larger: on the dense 8k bench plan a fifth of what loading allocated.
func (a *nodeArena) reserve() {
	if len(a.nodes) < batchNodes {
		a.nodes, a.nn = make([]node, batchNodes+batchNodes/4), 0
	}
	if len(a.vals) < 2*batchNodes {
		a.vals, a.nv = make([]*node, 2*batchNodes), 0
	}
	if len(a.keys) < 2*batchNodes {
		a.keys, a.nk = make([]string, 2*batchNodes), 0
	}
}

// run converts one resource.
func (c *converter) run(job conversion) {
	c.unknowns, c.path = c.unknowns[:0], c.path[:0]
	c.unread = unreadAttributes[job.typ]
	job.out.attrs = c.convert(job.after, job.after != nil, job.unknown, job.sensitive, false)
	c.unread = nil
	if job.out.attrs == nil {
		job.out.attrs = model.NewNull()
	}
	job.out.unknowns = c.keepUnknowns()
	c.unknowns = c.unknowns[:0]
}

// wait ends the conversions: every queued one is done when it returns.
func (d *document) wait(s *scanner) error {
	if p := d.conversions; p != nil {
		d.conversions = nil
		p.flush(s)
		close(p.jobs)
		<-p.done
		if p.failed != nil {
			return fmt.Errorf("internal error converting a resource: %v", p.failed)
		}
	}
	return nil
}
