// Package marks holds the cty value marks that the function table
// (pkg/tffuncs) and the source evaluator (pkg/hclconfig) share. Marks are
// comparable values that cty carries through every operation, so a mark
// set on an argument reaches every value computed from it.
package marks

// Sensitive flags a sensitive value, as Terraform's sensitive() and
// sensitive variables do. Its text never reaches a report.
type Sensitive struct{}

// Ephemeral flags an ephemeral value, as Terraform's ephemeral variables
// and terraform.applying are: it exists only during a run, and
// ephemeralasnull() turns it into null.
type Ephemeral struct{}

// Tainted flags a value computed from something outside the checked
// configuration's own text: a file's contents (file, templatefile, …) or
// the environment (TF_VAR_…). Source names where it came from, for
// messages ("file config/emr.json", "environment TF_VAR_x"); it never
// holds the value itself.
type Tainted struct{ Source string }

// Blocker names what makes an unknown value unknown, e.g.
// "aws_kms_key.emr.arn" or `timestamp() (known only after apply)`.
type Blocker string
