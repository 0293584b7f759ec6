package rules

// Catalogue returns every rule, in a fixed order. The slice is new on each
// call; the rules themselves must not be modified.
func Catalogue() []*Rule {
	return []*Rule{
		SC000, SC001, SC002, SC003, SC004, SC005, SC006, SC007, SC008, SC009,
		SC010, SC011, SC012, SC013, SC014, SC015, SC016, SC017, SC018,
		CL001, CL002, CL003, CL004, CL005, CL006, CL007, CL008, CL009,
		REL001, REL002, REL003, REL004, REL005,
		LOG001, LOG002, LOG003,
		NET001, NET002, NET003, NET004, NET005,
		ACC001, ACC002,
		SVC001, SVC002, SVC003, SVC004, SVC005,
		MOD001,
		META001, META002, META003, META004,
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
