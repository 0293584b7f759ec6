package moduleproof

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowedOf reads one variable declaration and renders its allowed set
// ("" when unconstrained).
func allowedOf(t *testing.T, decl string) []string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "variables.tf"), []byte(decl), 0o600))
	vs, diags := ReadVariables(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, vs, 1)
	if !vs[0].Constrained() {
		return nil
	}
	var out []string
	for _, v := range vs[0].Allowed {
		out = append(out, RenderValue(v))
	}
	return out
}

func TestAllowedValues(t *testing.T) {
	cases := []struct {
		name, decl string
		want       []string
	}{
		{"bool", `variable "x" { type = bool }`, []string{"false", "true"}},
		{"contains", `variable "x" {
  type = string
  validation {
    condition     = contains(["a", "b"], var.x)
    error_message = "no"
  }
}`, []string{`"a"`, `"b"`}},
		{"default added", `variable "x" {
  default = "a"
  validation {
    condition     = contains(["b"], var.x) || var.x == "a"
    error_message = "no"
  }
}`, []string{`"b"`, `"a"`}},
		{"or of equals", `variable "x" {
  type = string
  validation {
    condition     = var.x == "a" || "b" == var.x || (var.x == "c")
    error_message = "no"
  }
}`, []string{`"a"`, `"b"`, `"c"`}},
		{"regex alternatives", `variable "x" {
  type = string
  validation {
    condition     = can(regex("^(SSE-S3|SSE-KMS)$", var.x))
    error_message = "no"
  }
}`, []string{`"SSE-S3"`, `"SSE-KMS"`}},
		{"regex anchored each", `variable "x" {
  type = string
  validation {
    condition     = can(regex("^a\\.b$|^c$", var.x))
    error_message = "no"
  }
}`, []string{`"a.b"`, `"c"`}},
		{"regex with a class is not understood", `variable "x" {
  type = string
  validation {
    condition     = can(regex("^[a-z]+$", var.x))
    error_message = "no"
  }
}`, nil},
		{"two blocks intersect", `variable "x" {
  type = string
  validation {
    condition     = contains(["a", "b", "c"], var.x)
    error_message = "no"
  }
  validation {
    condition     = contains(["b", "c", "d"], var.x)
    error_message = "no"
  }
}`, []string{`"b"`, `"c"`}},
		{"and drops what it does not understand", `variable "x" {
  type = string
  validation {
    condition     = length(var.x) > 1 && contains(["ab", "cd"], var.x)
    error_message = "no"
  }
}`, []string{`"ab"`, `"cd"`}},
		{"or with something not understood", `variable "x" {
  type = string
  validation {
    condition     = length(var.x) > 1 || contains(["ab", "cd"], var.x)
    error_message = "no"
  }
}`, nil},
		{"negation is not understood", `variable "x" {
  type = string
  validation {
    condition     = !contains(["SSE-C"], var.x)
    error_message = "no"
  }
}`, nil},
		{"string without validation", `variable "x" {
  type    = string
  default = "a"
}`, nil},
		{"object attributes", `variable "x" {
  type = object({ mode = string, ebs = bool })
  validation {
    condition     = contains(["SSE-KMS", "CSE-KMS"], var.x.mode)
    error_message = "no"
  }
}`, []string{`{ ebs = false, mode = "SSE-KMS" }`, `{ ebs = false, mode = "CSE-KMS" }`, `{ ebs = true, mode = "SSE-KMS" }`, `{ ebs = true, mode = "CSE-KMS" }`}},
		{"object with a free attribute", `variable "x" {
  type = object({ mode = string, key = string })
  validation {
    condition     = var.x.mode == "SSE-KMS"
    error_message = "no"
  }
}`, []string{`{ key = (any value), mode = "SSE-KMS" }`}},
		{"list elements", `variable "x" {
  type = list(string)
  validation {
    condition     = alltrue([for m in var.x : contains(["a", "b"], m)])
    error_message = "no"
  }
}`, []string{`[]`, `["a"]`, `["b"]`, `["a", "b"]`}},
		{"contains of a reference is not understood", `variable "x" {
  type = string
  validation {
    condition     = contains(local.modes, var.x)
    error_message = "no"
  }
}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, allowedOf(t, c.decl))
		})
	}
}

func TestRenderValueEscapes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "v.tf"), []byte(`variable "x" {
  validation {
    condition     = contains(["a\"b", "$${x}", "l\nm"], var.x)
    error_message = "no"
  }
}`), 0o600))
	vs, _ := ReadVariables(dir)
	require.Len(t, vs, 1)
	var got []string
	for _, v := range vs[0].Allowed {
		got = append(got, RenderValue(v))
	}
	assert.Equal(t, []string{`"a\"b"`, `"$${x}"`, `"l\nm"`}, got)
}

// A variable an override file redeclares is unconstrained: the override
// may drop or change the validation.
func TestOverrideFileMakesUnconstrained(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "variables.tf"), []byte(`variable "x" {
  type = string
  validation {
    condition     = contains(["a"], var.x)
    error_message = "no"
  }
}
variable "y" { type = bool }
`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "variables_override.tf"), []byte(`variable "x" { default = "b" }`), 0o600))
	vs, diags := ReadVariables(dir)
	require.False(t, diags.HasErrors())
	require.Len(t, vs, 2)
	assert.Equal(t, "x", vs[0].Name)
	assert.False(t, vs[0].Constrained())
	assert.True(t, vs[1].Constrained())
}
