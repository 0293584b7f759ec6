package plan

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// maxResolveDepth bounds how many module boundaries a reference is
// followed through.
const maxResolveDepth = 64

// build turns the collected document into a linked model.
func (d *document) build() *model.Model {
	m := &model.Model{}
	raws := d.stateResources
	if d.isPlan() {
		raws = d.changes
	}
	// Resources are built independently of each other (flattened, the
	// only shared cache, locks), on every processor when there are many;
	// they are kept in reading order.
	built := make([]*model.Resource, len(raws))
	each(len(raws), func(i int) { built[i] = d.resource(raws[i]) })
	for _, r := range built {
		if r != nil {
			m.Resources = append(m.Resources, r)
		}
	}
	for _, r := range m.Resources {
		switch r.Type {
		case model.TypeSecurityConfiguration:
			m.SecurityConfigs = append(m.SecurityConfigs, d.securityConfig(r))
		case model.TypeCluster:
			m.Clusters = append(m.Clusters, &model.Cluster{Resource: r})
		}
	}
	model.Link(m, func(c *model.Cluster) string { return instanceOf(m, d.linkByRef(c)) })
	addrs := make([]string, 0, len(d.unchecked))
	for a := range d.unchecked {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		m.Notes = append(m.Notes, model.Note{Address: a, Message: fmt.Sprintf(
			"%s is not checked: the rules check the hashicorp/aws resources (aws_emr_security_configuration, aws_emr_cluster, …), not the awscc provider's; an insecure document here gets no finding — review it, or declare it with the aws provider", d.unchecked[a])})
	}
	return m
}

// actionOf maps plan actions to a model action; ok is false for changes
// the loader drops (delete, forget, read, none).
func actionOf(actions []string, isPlan bool) (model.Action, bool) {
	if !isPlan {
		return model.ActionNone, true
	}
	switch strings.Join(actions, ",") {
	case "no-op":
		return model.ActionNoop, true
	case "create", "create,forget":
		return model.ActionCreate, true
	case "update":
		return model.ActionUpdate, true
	case "delete,create", "create,delete":
		return model.ActionReplace, true
	case "", "delete", "forget", "read":
		return "", false
	}
	// A future action: keep the resource and evaluate its after values.
	return model.Action(strings.Join(actions, ",")), true
}

// resource converts one raw resource, or returns nil when it is dropped.
func (d *document) resource(rr *rawResource) *model.Resource {
	action, ok := actionOf(rr.actions, d.isPlan())
	if !ok || rr.out == nil {
		return nil
	}
	r := &model.Resource{
		Address:       rr.address,
		Module:        rr.module,
		ConfigAddress: rr.configAddress,
		Type:          rr.typ,
		Name:          rr.name,
		Key:           keyValue(rr.index),
		Action:        action,
		Origin:        d.name,
	}
	inst := parseModulePath(rr.module)
	var refKeys []string // sorted keys of r.Refs
	if cm := d.configModule(inst); cm != nil {
		if exprs, ok := cm.resources[r.ConfigAddress]; ok {
			f := d.flattened(cm, r.ConfigAddress, exprs, inst)
			r.Refs, r.Constant, refKeys = f.refs, f.constant, f.keys
		}
	}
	if cm := d.configModule(inst); cm != nil {
		r.ProviderRegion = d.sharedProviderRegion(cm.providerKeys[r.ConfigAddress])
	}
	r.Attrs = rr.out.attrs
	unset := false
	if len(rr.out.unknowns) > 0 {
		bf := &blockerFinder{d: d, r: r, inst: inst, refKeys: refKeys}
		for _, u := range rr.out.unknowns {
			if r.Refs != nil && model.IsNestedBlockType(u.path) && bf.hidden(u.path) {
				// A whole block unknown that the configuration does not show:
				// a dynamic block whose for_each is known only after apply.
				u.v.SetBlockers([]string{r.Address + "." + u.path + " (a dynamic block whose for_each is known only after apply)"})
				continue
			}
			if r.Refs != nil && !bf.configured(u.path) {
				// Optional+Computed and not written in the configuration:
				// the provider fills it in, the user did not set it
				// (reference §4.3), as the source shows too.
				*u.v = model.Value{State: model.Absent}
				unset = true
				continue
			}
			if r.Refs != nil && bf.hidden(u.path) {
				u.v.SetBlockers([]string{model.ProviderDecidedBlocker(r.Address+"."+u.path,
					"a dynamic block, which the plan's configuration does not show, may or may not set it")})
				continue
			}
			if refs := r.Refs[u.path]; len(refs) > 0 && len(d.resolve(refs, inst, 0)) == 0 {
				// Written from values the plan knows (input variables), yet
				// unknown: what they gave is null, and an Optional+Computed
				// attribute left null is the provider's to fill in.
				u.v.SetBlockers([]string{model.ProviderDecidedBlocker(r.Address+"."+u.path,
					"its expression, "+strings.Join(refs, ", ")+", is known in the plan, so it is null")})
				continue
			}
			u.v.SetBlockers(bf.blockers(u.path))
		}
	}
	if unset && d.absent != nil {
		shareAbsent(r.Attrs, d.absent)
	}
	return r
}

// shareAbsent puts absent, a shared value, in the place of every absent
// value below v that has nothing of its own: the unknown attributes
// that document.resource found the configuration does not write.
func shareAbsent(v, absent *model.Value) {
	if !v.IsKnown() {
		return
	}
	elems := v.Elems()
	for i, e := range elems {
		if e == nil {
			continue
		}
		if e.State == model.Absent && !e.IsShared() && !e.Sensitive && e.Range == nil && e.Taint() == "" && len(e.Blockers()) == 0 {
			elems[i] = absent
			continue
		}
		shareAbsent(e, absent)
	}
}

// sharedProviderRegion is providerRegion, computed once per provider
// configuration: the resources of one provider share the value, which
// nothing modifies.
func (d *document) sharedProviderRegion(key string) *model.Value {
	d.flatMu.Lock()
	defer d.flatMu.Unlock()
	if v, ok := d.regions[key]; ok {
		return v
	}
	v := d.providerRegion(key)
	if d.regions == nil {
		d.regions = map[string]*model.Value{}
	}
	d.regions[key] = v
	return v
}

// parallelFrom is the number of items from which each runs them on
// every processor.
const parallelFrom = 512

// each calls fn(i) for i in [0, n), on every processor when n is large;
// fn must be safe to call concurrently for different i.
func each(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/parallelFrom+1)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// flatKey identifies a configuration resource: its module and address.
type flatKey struct {
	cm   *cfgModule
	addr string
}

// flatRefs are the Refs and Constant maps of a configuration resource.
type flatRefs struct {
	refs     map[string][]string
	constant map[string]bool
	// keys are the keys of refs, sorted.
	keys []string
}

// flattened returns the Refs and Constant maps of configuration resource
// addr of module cm, computed once and shared by all the instances of the
// resource (of a module called with count or for_each, say): they depend
// only on the configuration, since inst enters only through its call
// names, which cm stands for.
func (d *document) flattened(cm *cfgModule, addr string, exprs *node, inst modPath) flatRefs {
	d.flatMu.Lock()
	defer d.flatMu.Unlock()
	key := flatKey{cm, addr}
	if f, ok := d.flat[key]; ok {
		return f
	}
	f := flatRefs{refs: map[string][]string{}, constant: map[string]bool{}}
	flatten(exprs, "", f.refs, f.constant)
	d.constantVars(exprs, "", inst, f.constant)
	for k, list := range f.refs {
		f.refs[k] = list[:len(list):len(list)] // an append copies
		f.keys = append(f.keys, k)
	}
	sort.Strings(f.keys)
	if d.flat == nil {
		d.flat = map[flatKey]flatRefs{}
	}
	d.flat[key] = f
	return f
}

// configModule returns the configuration module of a module instance.
func (d *document) configModule(inst modPath) *cfgModule {
	cm := d.root
	for _, name := range inst.names() {
		cm = cm.child(name)
		if cm == nil {
			return nil
		}
	}
	return cm
}

// constantVars marks attribute paths whose expression is a lone variable
// reference that evaluates to a literal default in the code.
func (d *document) constantVars(n *node, prefix string, inst modPath, constant map[string]bool) {
	if n == nil || n.kind != nObject {
		return
	}
	for i, k := range n.keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		v := n.vals[i]
		switch {
		case isExpression(v):
			if !constant[p] && d.isConstant(v, inst, 0) {
				constant[p] = true
			}
		case v.kind == nObject:
			d.constantVars(v, p, inst, constant)
		case v.kind == nArray:
			for _, e := range v.vals {
				d.constantVars(e, p, inst, constant)
			}
		}
	}
}

// isConstant reports whether an expression in module instance inst is a
// constant or a lone `var.x` whose value comes from a literal (a default
// that is used, or a constant module argument).
func (d *document) isConstant(expr *node, inst modPath, depth int) bool {
	if expr.has("constant_value") {
		return true
	}
	refs := reduce(expr.get("references").strings())
	if len(refs) != 1 || !strings.HasPrefix(refs[0], "var.") || depth > maxResolveDepth {
		return false
	}
	name := strings.TrimPrefix(refs[0], "var.")
	if strings.ContainsAny(name, ".[") {
		return false
	}
	cm := d.configModule(inst)
	v := cm.variable(name)
	if len(inst) == 0 {
		// A root variable: constant when its value is its default.
		if v == nil || v.def == nil {
			return false
		}
		val := d.variables.get(name).get("value")
		return val != nil && val.equal(v.def)
	}
	parent := inst[:len(inst)-1]
	call := d.configModule(parent).calls[inst[len(inst)-1].name]
	if call == nil {
		return false
	}
	arg := call.expressions.get(name)
	if arg == nil {
		return v != nil && v.def != nil
	}
	return d.isConstant(arg, parent, depth+1)
}

// variable returns a declared variable, or nil.
func (m *cfgModule) variable(name string) *cfgVar {
	if m == nil {
		return nil
	}
	return m.variables[name]
}

// securityConfig builds the SecurityConfig of a resource. Security
// configurations with the same document text share one parsed document
// (modules stamp out the same policy for every environment; issue 22.1):
// nothing after loading modifies a document, and scan.Pair, which merges
// the source's ranges into it, works on a copy.
func (d *document) securityConfig(r *model.Resource) *model.SecurityConfig {
	sc := &model.SecurityConfig{Resource: r, Configuration: r.Attr("configuration")}
	if text, ok := sc.Configuration.AsString(); ok {
		key := parsedKey{text, sc.Configuration.Sensitive}
		p, ok := d.parsed[key]
		if !ok {
			p.doc, p.err = secconf.Parse([]byte(text), nil)
			if p.err != nil {
				p.doc = nil
			}
			if p.doc != nil && key.sensitive {
				p.doc.MarkSensitive()
			}
			if d.parsed == nil {
				d.parsed = map[parsedKey]parsedDoc{}
			}
			d.parsed[key] = p
		}
		sc.Document, sc.ParseError = p.doc, p.err
	}
	return sc
}

// parsedKey identifies a parsed security-configuration document: its
// text, and whether the configuration string is sensitive (which marks
// the whole document so).
type parsedKey struct {
	text      string
	sensitive bool
}

// parsedDoc is the outcome of parsing one document text.
type parsedDoc struct {
	doc *model.Value
	err *model.ParseError
}

// unknownAt is an unknown value and its attribute path, waiting for its
// blockers until the configuration section has been read.
type unknownAt struct {
	v    *model.Value
	path string
}

// converter turns a resource's after values into model values. One
// converter serves a whole document: values, element lists and key lists
// are carved out of shared slabs (a model is kept or dropped as a whole),
// which saves an allocation per value.
type converter struct {
	unknowns []unknownAt
	path     []string // attribute names from the resource down
	// unread are the top-level attributes of the resource's type that
	// are not converted (unreadAttributes).
	unread map[string]bool

	vals  []model.Value
	elems []*model.Value
	// keys[d] collects the keys of the object being converted at depth
	// d (len(path)); keyLists holds one shared copy of each distinct
	// sorted key list (objects of one block type have the same keys in
	// every resource), by the keys joined with NUL.
	keys     [][]string
	keyLists map[string][]string
	joined   []byte
	// null stands for every null value that is not sensitive, leaves
	// for the other leaf values (strings, numbers, booleans) that are
	// not sensitive, by kind and text, for at most maxLeaves of them.
	null   *model.Value
	leaves map[leafKey]*model.Value
	// paths are the attribute paths of unknown values (pathString).
	paths   map[string]string
	pathBuf []byte
	// unknownSlab is where keepUnknowns carves lists out of.
	unknownSlab []unknownAt
}

// keepUnknowns returns a copy of c.unknowns, carved out of a slab: they
// are kept until the resources are built, all of them, and then dropped.
func (c *converter) keepUnknowns() []unknownAt {
	n := len(c.unknowns)
	if n == 0 {
		return nil
	}
	if n > slabSize/4 {
		return slices.Clone(c.unknowns)
	}
	if len(c.unknownSlab) < n {
		c.unknownSlab = make([]unknownAt, slabSize)
	}
	out := c.unknownSlab[:n:n]
	c.unknownSlab = c.unknownSlab[n:]
	copy(out, c.unknowns)
	return out
}

// pathString returns c.path joined with dots: the same string for the
// same path in every resource (at most maxPaths of them).
func (c *converter) pathString() string {
	c.pathBuf = c.pathBuf[:0]
	for i, k := range c.path {
		if i > 0 {
			c.pathBuf = append(c.pathBuf, '.')
		}
		c.pathBuf = append(c.pathBuf, k...)
	}
	if p, ok := c.paths[string(c.pathBuf)]; ok {
		return p
	}
	p := string(c.pathBuf)
	if len(c.paths) < maxPaths {
		if c.paths == nil {
			c.paths = map[string]string{}
		}
		c.paths[p] = p
	}
	return p
}

// maxPaths bounds the paths a converter remembers.
const maxPaths = 4096

// leafKey is what a leaf value is.
type leafKey struct {
	kind model.Kind
	str  string
	b    bool
}

// maxLeaves bounds the shared leaf values of a document: beyond them,
// leaves are values of their own (a plan whose every value differs costs
// what it did).
const maxLeaves = 4096

// leaf returns the shared value of a leaf.
func (c *converter) leaf(kind model.Kind, str string, b bool) *model.Value {
	k := leafKey{kind, str, b}
	if v, ok := c.leaves[k]; ok {
		return v
	}
	if len(c.leaves) >= maxLeaves {
		return c.newLeaf(kind, str, b)
	}
	v := model.NewShared(model.Value{State: model.Known, Kind: kind, Str: str, Bool: b})
	if c.leaves == nil {
		c.leaves = map[leafKey]*model.Value{}
	}
	c.leaves[k] = v
	return v
}

// newLeaf returns a leaf value of its own.
func (c *converter) newLeaf(kind model.Kind, str string, b bool) *model.Value {
	v := c.newValue(model.Known, false)
	v.Kind, v.Str, v.Bool = kind, str, b
	return v
}

// maxKeyLists bounds keyLists: beyond it, key lists are copied, not
// shared (hostile input with many shapes costs no more than without).
const maxKeyLists = 4096

// sharedKeys returns a list equal to keys, which it does not keep:
// shared with earlier equal lists when it can be. The result has no
// spare capacity, so appending to it copies.
func (c *converter) sharedKeys(keys []string) []string {
	c.joined = c.joined[:0]
	for _, k := range keys {
		c.joined = append(append(c.joined, k...), 0)
	}
	if l, ok := c.keyLists[string(c.joined)]; ok {
		return l
	}
	l := slices.Clip(slices.Clone(keys))
	if len(c.keyLists) < maxKeyLists {
		if c.keyLists == nil {
			c.keyLists = map[string][]string{}
		}
		c.keyLists[string(c.joined)] = l
	}
	return l
}

// slabSize is the number of values per slab allocation (256 values of
// 48 bytes: 12 KiB, one size class, no rounding waste).
const slabSize = 256

func (c *converter) newValue(state model.State, sensitive bool) *model.Value {
	if len(c.vals) == 0 {
		c.vals = make([]model.Value, slabSize)
	}
	v := &c.vals[0]
	c.vals = c.vals[1:]
	v.State, v.Sensitive = state, sensitive
	return v
}

// newElems returns a list of n nil elements with capacity n.
func (c *converter) newElems(n int) []*model.Value {
	if n == 0 || n > slabSize/4 { // (an empty list is non-nil, allocating nothing)
		return make([]*model.Value, n)
	}
	if len(c.elems) < n {
		c.elems = make([]*model.Value, 4*slabSize)
	}
	out := c.elems[:n:n]
	c.elems = c.elems[n:]
	return out
}

// convert converts the after value n (present tells whether the key was
// written) with its after_unknown and after_sensitive shadows. path is the
// attribute path without list indexes, kept in c.path. It returns nil for
// an absent value.
func (c *converter) convert(n *node, present bool, unk, sens *node, sensitive bool) *model.Value {
	sensitive = sensitive || sens.isTrue()
	if unk.isTrue() {
		// Not from the slab: most are attributes the configuration does
		// not write, which become the document's shared absent value
		// (document.resource), and this one garbage.
		v := &model.Value{State: model.Unknown, Sensitive: sensitive}
		c.unknowns = append(c.unknowns, unknownAt{v, c.pathString()})
		return v
	}
	if !present || n == nil {
		return nil
	}
	if !sensitive {
		switch n.kind {
		case nNull:
			if c.null == nil {
				c.null = model.NewShared(model.Value{State: model.Null})
			}
			return c.null
		case nBool:
			return c.leaf(model.KindBool, "", n.b)
		case nNumber:
			return c.leaf(model.KindNumber, n.str, false)
		case nString:
			return c.leaf(model.KindString, n.str, false)
		}
	}
	v := c.newValue(model.Known, sensitive)
	switch n.kind {
	case nNull:
		v.State = model.Null
	case nBool:
		v.Kind, v.Bool = model.KindBool, n.b
	case nNumber:
		v.Kind, v.Str = model.KindNumber, n.str
	case nString:
		v.Kind, v.Str = model.KindString, n.str
	case nArray:
		elems := c.newElems(len(n.vals))
		for i, e := range n.vals {
			elems[i] = c.convert(e, true, unk.elem(i), sens.elem(i), sensitive)
		}
		v.SetElems(elems)
	case nObject:
		v.Kind = model.KindObject
		// drop tells the top-level attributes left out of the model.
		drop := func(string) bool { return false }
		if len(c.path) == 0 && c.unread != nil {
			drop = func(k string) bool { return c.unread[k] && !sens.get(k).anyTrue() }
		}
		extra, dropped := 0, 0
		if unk != nil && unk.kind == nObject {
			for i, k := range unk.keys {
				if unk.vals[i].isTrue() && !n.has(k) && !drop(k) {
					extra++
				}
			}
		}
		for _, k := range n.keys {
			if drop(k) {
				dropped++
			}
		}
		depth := len(c.path)
		for len(c.keys) <= depth {
			c.keys = append(c.keys, nil)
		}
		keys := c.keys[depth][:0]
		elems := c.newElems(len(n.keys) - dropped + extra)[:0]
		add := func(k string, n *node, present bool) {
			if child := c.attr(k, n, present, unk, sens, sensitive); child != nil {
				keys, elems = append(keys, k), append(elems, child)
			}
		}
		for i, k := range n.keys {
			if !drop(k) {
				add(k, n.vals[i], true)
			}
		}
		if extra > 0 {
			for i, k := range unk.keys {
				if unk.vals[i].isTrue() && !n.has(k) && !drop(k) {
					add(k, nil, false)
				}
			}
		}
		v.SetAttrs(keys, elems)
		v.SortKeys()
		v.ShareKeys(c.sharedKeys(v.Keys()))
		c.keys[depth] = keys[:0] // reused by the next object: v has the shared copy
	}
	return v
}

// attr converts attribute k of an object.
func (c *converter) attr(k string, n *node, present bool, unk, sens *node, sensitive bool) *model.Value {
	c.path = append(c.path, k)
	child := c.convert(n, present, unk.get(k), sens.get(k), sensitive || model.SensitiveAttributes[k])
	c.path = c.path[:len(c.path)-1]
	return child
}

// blockerFinder computes blockers for the unknown values of a resource.
type blockerFinder struct {
	d       *document
	r       *model.Resource
	inst    modPath
	refKeys []string // sorted keys of r.Refs
}

// blockers names what makes the value at path unknown: the references of
// its expression (or of the expressions below or above it), made
// module-absolute, or the attribute itself when the provider computes it.
// configured reports whether the configuration writes an expression for
// path, or for something inside it. For a nested attribute whose block has
// no expression at all (a dynamic block, which the configuration section
// leaves out) it answers true: unknown stays unknown when in doubt.
func (c *blockerFinder) configured(path string) bool {
	if _, ok := c.r.Refs[path]; ok {
		return true
	}
	if c.hasKeyUnder(path) {
		return true
	}
	if i := strings.IndexByte(path, '.'); i > 0 {
		top := path[:i]
		if _, ok := c.r.Refs[top]; !ok && !c.hasKeyUnder(top) {
			return true
		}
	}
	return false
}

// hidden reports whether path is, or lies in, a top-level block the
// plan's configuration does not show at all (a dynamic block): whether the
// configuration writes it cannot be told from the plan.
func (c *blockerFinder) hidden(path string) bool {
	if _, ok := c.r.Refs[path]; ok || c.hasKeyUnder(path) {
		return false
	}
	top := path
	if i := strings.IndexByte(path, '.'); i > 0 {
		top = path[:i]
	} else if !model.IsNestedBlockType(path) {
		return false // a top-level argument the configuration does not write
	}
	_, ok := c.r.Refs[top]
	return !ok && !c.hasKeyUnder(top)
}

// hasKeyUnder reports whether some configured path lies below path.
func (c *blockerFinder) hasKeyUnder(path string) bool {
	// The first key at or after path+".", found without making that
	// string (this runs for every unknown value).
	i := sort.Search(len(c.refKeys), func(i int) bool { return compareDotted(c.refKeys[i], path) >= 0 })
	return i < len(c.refKeys) && len(c.refKeys[i]) > len(path) && c.refKeys[i][len(path)] == '.' && strings.HasPrefix(c.refKeys[i], path)
}

// compareDotted is strings.Compare(k, path+".").
func compareDotted(k, path string) int {
	if len(k) <= len(path) {
		if c := strings.Compare(k, path[:len(k)]); c != 0 {
			return c
		}
		return -1 // k is path or a prefix of it
	}
	if c := strings.Compare(k[:len(path)], path); c != 0 {
		return c
	}
	switch {
	case k[len(path)] < '.':
		return -1
	case k[len(path)] > '.' || len(k) > len(path)+1:
		return 1
	}
	return 0
}

func (c *blockerFinder) blockers(path string) []string {
	var refs []string
	if c.r.Refs != nil {
		refs = append(refs, c.r.Refs[path]...)
		for _, k := range c.refKeys {
			if len(k) > len(path) && k[len(path)] == '.' && strings.HasPrefix(k, path) {
				refs = append(refs, c.r.Refs[k]...)
			}
		}
		for p := path; len(refs) == 0 && strings.Contains(p, "."); {
			p = p[:strings.LastIndexByte(p, '.')]
			refs = append(refs, c.r.Refs[p]...)
		}
	}
	out := c.d.resolve(refs, c.inst, 0)
	if len(out) == 0 {
		return []string{c.r.Address + "." + path + " (known after apply)"}
	}
	return out
}
