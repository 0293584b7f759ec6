package model

// Link connects every cluster to the security configuration it uses and
// fills Model.Clusters, Model.SecurityConfigs' Clusters lists.
//
// byRef, when non-nil, returns the absolute address of the security
// configuration a cluster's `security_configuration` expression refers to
// (plan configuration references, or HCL traversals), or "" when it cannot
// tell. It is tried first; a known name equal to a configuration's known
// name is the fallback.
func Link(m *Model, byRef func(*Cluster) string) {
	m.Sort()
	scByAddr := map[string]*SecurityConfig{}
	scByName := map[string][]*SecurityConfig{}
	for _, sc := range m.SecurityConfigs {
		sc.Clusters = nil
		if sc.Resource == nil {
			continue
		}
		scByAddr[sc.Resource.Address] = sc
		if n, ok := sc.Name().AsString(); ok {
			scByName[n] = append(scByName[n], sc)
		}
	}
	for _, c := range m.Clusters {
		c.SCName = c.Resource.Attr("security_configuration")
		c.SC, c.Link = nil, LinkNone
		if byRef != nil {
			if addr := byRef(c); addr != "" {
				if sc, ok := scByAddr[addr]; ok {
					c.SC, c.Link = sc, LinkResolved
				}
			}
		}
		if c.SC == nil {
			switch c.SCName.State {
			case Known:
				n, _ := c.SCName.AsString()
				if scs := scByName[n]; len(scs) > 0 {
					c.SC, c.Link = scs[0], LinkResolved
				} else {
					c.Link = LinkExternal
				}
			case Unknown:
				c.Link = LinkUnknown
			default:
				c.Link = LinkNone
			}
		}
		if c.SC != nil {
			c.SC.Clusters = append(c.SC.Clusters, c)
		}
	}
}
