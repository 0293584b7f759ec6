package model

// ModuleCall is a module block of the source (source mode only) and what
// the loader could do with it. Calls whose module was evaluated are listed
// too, so a report can say what the run covered.
type ModuleCall struct {
	// Address is the call's address as Terraform prints it, with the
	// instance keys of the calling modules: `module.emr`,
	// `module.team["a"].module.emr`.
	Address string
	// Source and Version are the call's arguments as written.
	Source  string
	Version string
	// Range is the module block's header.
	Range *Range
	// Evaluated says the module's resources are in the model (a local
	// module, or a remote one installed by `terraform init`).
	Evaluated bool
	// Reason says why it was not evaluated ("not installed", "the
	// installed copy does not match the configuration", "its count is not
	// known"...); empty when Evaluated.
	Reason string
	// EMRHints say why the call may create EMR resources: an argument
	// holding a security-configuration document or an `emr-` release
	// label, or "emr" in the source or the call's name. Empty when nothing
	// suggests it.
	EMRHints []string
	// Documents are the arguments of the call whose value is shaped like
	// an EMR security-configuration document; each is also in
	// Model.SecurityConfigs (see SecurityConfig.Argument).
	Documents []*SecurityConfig
}

// MayCreateEMR reports whether an unevaluated call may create EMR
// resources.
func (c *ModuleCall) MayCreateEMR() bool { return len(c.EMRHints) > 0 }

// WildcardKey is the Resource.Key of a resource whose count or for_each is
// not known: it stands for every instance, and the address prints it as
// `[*]`, the form Terraform uses for instances it cannot yet tell apart.
type WildcardKey struct{}

// String renders the key as in an address.
func (WildcardKey) String() string { return "[*]" }
