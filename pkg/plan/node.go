package plan

// nodeKind is the JSON type of a decoded node.
type nodeKind uint8

const (
	nNull nodeKind = iota
	nBool
	nNumber
	nString
	nObject
	nArray
)

// node is a decoded JSON value. Only the small parts of a document that
// the loader keeps (one resource's after/after_unknown/after_sensitive,
// expressions) are decoded into nodes.
type node struct {
	kind nodeKind
	b    bool
	str  string // string value or number literal
	keys []string
	vals []*node // object values (parallel to keys) or array elements
}

// get returns the value of key in an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != nObject {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// has reports whether an object node has key.
func (n *node) has(key string) bool {
	if n == nil || n.kind != nObject {
		return false
	}
	for _, k := range n.keys {
		if k == key {
			return true
		}
	}
	return false
}

// elem returns the i-th element of an array node, or nil.
func (n *node) elem(i int) *node {
	if n == nil || n.kind != nArray || i < 0 || i >= len(n.vals) {
		return nil
	}
	return n.vals[i]
}

// isTrue reports whether n is the boolean true.
func (n *node) isTrue() bool { return n != nil && n.kind == nBool && n.b }

// strings returns the string elements of an array node.
func (n *node) strings() []string {
	if n == nil || n.kind != nArray {
		return nil
	}
	out := make([]string, 0, len(n.vals))
	for _, v := range n.vals {
		if v.kind == nString {
			out = append(out, v.str)
		}
	}
	return out
}

// equal reports whether two nodes are the same JSON value (numbers by
// literal, object keys in any order).
func (n *node) equal(o *node) bool {
	if n == nil || o == nil {
		return n == o
	}
	if n.kind != o.kind {
		return false
	}
	switch n.kind {
	case nNull:
		return true
	case nBool:
		return n.b == o.b
	case nNumber, nString:
		return n.str == o.str
	case nArray:
		if len(n.vals) != len(o.vals) {
			return false
		}
		for i := range n.vals {
			if !n.vals[i].equal(o.vals[i]) {
				return false
			}
		}
		return true
	}
	if len(n.keys) != len(o.keys) {
		return false
	}
	for i, k := range n.keys {
		if !n.vals[i].equal(o.get(k)) {
			return false
		}
	}
	return true
}

// decode reads one value into a node tree.
func (s *scanner) decode() (*node, error) {
	return s.decodeDepth(0)
}

func (s *scanner) decodeDepth(depth int) (*node, error) {
	c, err := s.peek()
	if err != nil {
		return nil, err
	}
	switch {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return nil, s.errf("nesting deeper than %d levels", maxDepth)
		}
		s.pos++
		n := s.newNode(nArray)
		closer := byte(']')
		if c == '{' {
			n.kind, closer = nObject, '}'
		}
		if next, err := s.peek(); err != nil {
			return nil, err
		} else if next == closer {
			s.pos++
			return n, nil
		}
		// Children go on shared stacks and are copied out at the end, so
		// each node gets exactly sized slices.
		valBase, keyBase := len(s.vals), len(s.keys)
		for {
			if c == '{' {
				if next, err := s.peek(); err != nil {
					return nil, err
				} else if next != '"' {
					return nil, s.errf("expected object key, found %s", describe(next))
				}
				k, err := s.key()
				if err != nil {
					return nil, err
				}
				if s.pos < s.end && s.buf[s.pos] == ':' {
					s.pos++
				} else if err := s.expect(':'); err != nil {
					return nil, err
				}
				s.keys = append(s.keys, k)
			}
			v, err := s.decodeDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			s.vals = append(s.vals, v)
			next, err := s.peek()
			if err != nil {
				return nil, err
			}
			s.pos++
			if next == ',' {
				continue
			}
			if next == closer {
				n.vals = s.arena.copyVals(s.vals[valBase:])
				clear(s.vals[valBase:])
				s.vals = s.vals[:valBase]
				if c == '{' {
					n.keys = s.arena.copyKeys(s.keys[keyBase:])
					s.keys = s.keys[:keyBase]
				}
				return n, nil
			}
			s.pos--
			return nil, s.errf("expected ',' or %q, found %s", closer, describe(next))
		}
	case c == '"':
		b, ok := s.plainString()
		if !ok {
			if b, err = s.strBytes(true); err != nil {
				return nil, err
			}
		}
		n := s.newNode(nString)
		n.str = s.internValue(b)
		return n, nil
	case c == '-' || (c >= '0' && c <= '9'):
		b, err := s.numberBytes()
		if err != nil {
			return nil, err
		}
		n := s.newNode(nNumber)
		n.str = s.internValue(b)
		return n, nil
	}
	b, err := s.literal()
	if err != nil {
		return nil, err
	}
	switch b {
	case 't':
		return trueNode, nil
	case 'f':
		return falseNode, nil
	}
	return nullNode, nil
}

// Shared leaf nodes; nodes are never modified after decoding.
var (
	trueNode  = &node{kind: nBool, b: true}
	falseNode = &node{kind: nBool}
	nullNode  = &node{kind: nNull}
)

// newNode returns a node of kind k, from the arena when it is on.
func (s *scanner) newNode(k nodeKind) *node {
	if !s.arena.on {
		return &node{kind: k}
	}
	return s.arena.node(k)
}

// maxValueInterned bounds the string value intern table; maxValueLen is
// the longest string value interned.
const (
	maxValueInterned = 8192
	maxValueLen      = 40
)

// internValue returns b as a string, shared with earlier equal short
// string values (regions, roles, instance types repeat across resources).
func (s *scanner) internValue(b []byte) string {
	if len(b) > maxValueLen {
		return string(b)
	}
	if v, ok := s.vintern[string(b)]; ok {
		return v
	}
	v := string(b)
	if s.vintern == nil {
		s.vintern = map[string]string{}
	}
	if len(s.vintern) < maxValueInterned {
		s.vintern[v] = v
	}
	return v
}

// nodeArena hands out nodes and child lists for short-lived decoded
// values (a resource's after, after_unknown and after_sensitive, dropped
// once converted). reset makes everything handed out reusable: nothing
// from the arena may be kept after it.
type nodeArena struct {
	on    bool
	nodes []node
	vals  []*node
	keys  []string
	nn    int // nodes used
	nv    int // vals used
	nk    int // keys used
}

func (a *nodeArena) node(k nodeKind) *node {
	if a.nn == len(a.nodes) {
		// The full chunk stays referenced by the nodes handed out; the
		// new one is what reset reuses.
		a.nodes, a.nn = make([]node, max(256, 2*len(a.nodes))), 0
	}
	n := &a.nodes[a.nn]
	a.nn++
	*n = node{kind: k}
	return n
}

// copyVals returns a copy of v, from the arena when it is on.
func (a *nodeArena) copyVals(v []*node) []*node {
	if !a.on {
		return append([]*node(nil), v...)
	}
	if a.nv+len(v) > len(a.vals) {
		a.vals, a.nv = make([]*node, max(1024, 2*len(a.vals), 2*len(v))), 0
	}
	out := a.vals[a.nv : a.nv+len(v) : a.nv+len(v)]
	copy(out, v)
	a.nv += len(v)
	return out
}

// copyKeys returns a copy of k, from the arena when it is on.
func (a *nodeArena) copyKeys(k []string) []string {
	if !a.on {
		return append([]string(nil), k...)
	}
	if a.nk+len(k) > len(a.keys) {
		a.keys, a.nk = make([]string, max(1024, 2*len(a.keys), 2*len(k))), 0
	}
	out := a.keys[a.nk : a.nk+len(k) : a.nk+len(k)]
	copy(out, k)
	a.nk += len(k)
	return out
}

// reset clears what was handed out (dropping its references) and makes
// it reusable.
func (a *nodeArena) reset() {
	clear(a.nodes[:a.nn])
	clear(a.vals[:a.nv])
	clear(a.keys[:a.nk])
	a.nn, a.nv, a.nk = 0, 0, 0
}
