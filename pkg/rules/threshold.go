package rules

// DefaultThreshold is the one default severity threshold of every entry
// point: the command line, the GitHub Action and the pre-commit hook
// (which pass no threshold unless told), `tfemrcheck serve` and the
// Terraform provider. Failing (and, with --strict, indeterminate) findings
// at this severity or above fail the gate when neither the command line,
// the action's input, the function's argument nor the policy file sets a
// threshold. INFO findings are reported but fail only when the threshold
// is lowered to INFO.
//
// It is part of the public contract, as the exit codes are: a
// configuration must get the same verdict whichever entry point checks it.
const DefaultThreshold = Low
