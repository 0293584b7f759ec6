package plan

// cfgModule is one module of the plan's configuration section, reduced to
// what linking and blockers need.
type cfgModule struct {
	// resources maps a module-relative address of a kept resource type to
	// its expressions object.
	resources map[string]*node
	calls     map[string]*cfgCall
	// outputs maps an output name to its expression's references.
	outputs   map[string][]string
	variables map[string]*cfgVar
	// providerKeys maps a kept resource's address to its
	// provider_config_key.
	providerKeys map[string]string
}

// cfgCall is a module call.
type cfgCall struct {
	source      string
	expressions *node
	// repeated is set when the call has count or for_each.
	repeated bool
	module   *cfgModule
}

// cfgVar is a variable declaration.
type cfgVar struct {
	def       *node // nil without a default
	sensitive bool
}

// read reads a module object ("root_module" or a call's "module").
func (m *cfgModule) read(s *scanner, depth int) error {
	if depth > maxModuleDepth {
		return s.errf("modules nested deeper than %d levels", maxModuleDepth)
	}
	return s.object(func(k string) error {
		switch k {
		case "resources":
			return s.array(func(int) error { return m.readResource(s) })
		case "module_calls":
			return s.object(func(name string) error {
				c := &cfgCall{module: &cfgModule{}}
				if m.calls == nil {
					m.calls = map[string]*cfgCall{}
				}
				m.calls[name] = c
				return c.read(s, depth)
			})
		case "outputs":
			return s.object(func(name string) error {
				var refs []string
				err := s.object(func(k string) error {
					if k != "expression" {
						return s.skip()
					}
					n, err := s.decode()
					refs = n.get("references").strings()
					return err
				})
				if m.outputs == nil {
					m.outputs = map[string][]string{}
				}
				m.outputs[name] = refs
				return err
			})
		case "variables":
			return s.object(func(name string) error {
				v := &cfgVar{}
				if m.variables == nil {
					m.variables = map[string]*cfgVar{}
				}
				m.variables[name] = v
				return s.object(func(k string) error {
					switch k {
					case "default":
						n, err := s.decode()
						v.def = n
						return err
					case "sensitive":
						n, err := s.decode()
						v.sensitive = n.isTrue()
						return err
					}
					return s.skip()
				})
			})
		}
		return s.skip()
	})
}

// readResource reads one configuration resource, keeping the expressions
// of kept types.
func (m *cfgModule) readResource(s *scanner) error {
	var addr, mode, typ, provider string
	var exprs *node
	err := s.object(func(k string) error {
		var err error
		switch k {
		case "address":
			addr, err = optString(s)
		case "mode":
			mode, err = optString(s)
		case "type":
			typ, err = optString(s)
		case "provider_config_key":
			provider, err = optString(s)
		case "expressions":
			if mode != "" && typ != "" && !keep(mode, typ) {
				return s.skip()
			}
			exprs, err = s.decode()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil || !keep(mode, typ) {
		return err
	}
	if m.resources == nil {
		m.resources = map[string]*node{}
	}
	m.resources[addr] = exprs
	if provider != "" {
		if m.providerKeys == nil {
			m.providerKeys = map[string]string{}
		}
		m.providerKeys[addr] = provider
	}
	return nil
}

// read reads a module call object.
func (c *cfgCall) read(s *scanner, depth int) error {
	return s.object(func(k string) error {
		var err error
		switch k {
		case "source":
			c.source, err = optString(s)
		case "expressions":
			c.expressions, err = s.decode()
		case "count_expression", "for_each_expression":
			c.repeated = true
			err = s.skip()
		case "module":
			err = c.module.read(s, depth+1)
		default:
			err = s.skip()
		}
		return err
	})
}

// child returns the module of call name, or nil.
func (m *cfgModule) child(name string) *cfgModule {
	if m == nil || m.calls[name] == nil {
		return nil
	}
	return m.calls[name].module
}

// isExpression reports whether n is an expression object (keys only
// constant_value and references) rather than a nested block.
func isExpression(n *node) bool {
	if n == nil || n.kind != nObject {
		return false
	}
	for _, k := range n.keys {
		if k != "constant_value" && k != "references" {
			return false
		}
	}
	return true
}

// flatten records the references and constant flags of every attribute
// expression in an expressions object, keyed by attribute path ("name",
// "ec2_attributes.subnet_id"). Every written attribute gets a Refs entry,
// empty when its expression makes no references.
func flatten(n *node, prefix string, refs map[string][]string, constant map[string]bool) {
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
			list := refs[p]
			if list == nil {
				list = []string{}
			}
			for _, r := range v.get("references").strings() {
				if !contains(list, r) {
					list = append(list, r)
				}
			}
			refs[p] = list
			if v.has("constant_value") {
				constant[p] = true
			}
		case v.kind == nObject: // a single nested block
			flatten(v, p, refs, constant)
		case v.kind == nArray: // list or set of blocks
			for _, e := range v.vals {
				flatten(e, p, refs, constant)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
