package rules

// Catalogue returns every rule, in a fixed order. The slice is new on each
// call; the rules themselves must not be modified.
func Catalogue() []*Rule {
	return []*Rule{
		SC000, SC001, SC002, SC003, SC008, SC009,
		CL001, CL002,
		REL001, REL002,
		META003,
	}
}

// ByID returns the rule with the given id, or nil.
func ByID(id string) *Rule {
	for _, r := range Catalogue() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
