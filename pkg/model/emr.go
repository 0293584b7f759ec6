package model

// SecurityConfig is an aws_emr_security_configuration, or a bare
// security-configuration JSON document (Resource.Address empty).
type SecurityConfig struct {
	Resource *Resource
	// Configuration is the raw `configuration` attribute (its string, when
	// known, is the JSON text). For a bare document it is the file's text.
	Configuration *Value
	// Document is the parsed JSON document: a Known object whose leaves
	// may be Unknown (HCL mode sees through jsonencode per value). It is
	// nil when the configuration is wholly unknown, absent, or not valid
	// JSON (then ParseError is set).
	Document *Value
	// ParseError is set when the configuration is not a valid JSON object.
	ParseError *ParseError
	// Clusters are the clusters linked to this configuration.
	Clusters []*Cluster
	// Argument, when set, says the document is the value of this argument
	// of a module call that was not evaluated (source mode): the
	// document's rules still run, and Resource.Address is the call's
	// address (`module.emr`). Such a Resource is not in Model.Resources.
	Argument string
}

// Address returns the resource address, or "" for a bare document.
func (sc *SecurityConfig) Address() string {
	if sc.Resource == nil {
		return ""
	}
	return sc.Resource.Address
}

// Name returns the `name` attribute (Unknown with name_prefix).
func (sc *SecurityConfig) Name() *Value { return sc.Resource.Attr("name") }

// Doc returns the value at a path inside the document. When the document
// is unknown as a whole it returns an Unknown value carrying the
// configuration's blockers; when it failed to parse it returns Absent.
func (sc *SecurityConfig) Doc(path ...any) *Value {
	if sc.Document != nil {
		return sc.Document.Get(path...)
	}
	if sc.Configuration != nil && sc.Configuration.State == Unknown {
		u := NewUnknown(sc.Configuration.Blockers()...)
		u.Range = sc.Configuration.Range
		return u
	}
	return absentValue
}

// ParseError describes invalid JSON in a configuration.
type ParseError struct {
	Message string
	// Line and Column are 1-based positions inside the JSON text; Offset
	// is the byte offset.
	Line, Column, Offset int
	// Range is the position in the source file, when known.
	Range *Range
}

// LinkKind says how a cluster's security configuration was found.
type LinkKind uint8

const (
	// LinkNone: the cluster sets no security configuration.
	LinkNone LinkKind = iota
	// LinkResolved: SC points at a configuration in the model.
	LinkResolved
	// LinkExternal: the name is known but matches nothing in the model.
	LinkExternal
	// LinkUnknown: the name is unknown and no reference resolves it.
	LinkUnknown
)

// Cluster is an aws_emr_cluster with its linked security configuration.
type Cluster struct {
	Resource *Resource
	Link     LinkKind
	// SC is the linked configuration when Link is LinkResolved.
	SC *SecurityConfig
	// SCName is the cluster's security_configuration attribute.
	SCName *Value
}

// ReleaseLabel returns the release_label attribute.
func (c *Cluster) ReleaseLabel() *Value { return c.Resource.Attr("release_label") }
