package testgen

import (
	"fmt"
	"strings"
)

// The hostile configurations below are shared by pkg/hclconfig's budget
// tests (against small limits) and the CLI's hostile-input tests
// (against the defaults), so that both run the same attacks.

// BillionLaughsYAML is a YAML document of nine levels of aliases, each
// repeating the previous one nine times: 9^9 values once expanded.
const BillionLaughsYAML = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

// NestedModules is the files (name -> text) of a root module calling n
// modules, each calling the next twice: 2^n module instances.
func NestedModules(n int) map[string]string {
	files := map[string]string{"main.tf": "module \"m\" {\n  source = \"./m0\"\n}\n"}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("m%d/main.tf", i)] = fmt.Sprintf("module \"a\" {\n  source = \"../m%d\"\n}\nmodule \"b\" {\n  source = \"../m%d\"\n}\n", i+1, i+1)
	}
	files[fmt.Sprintf("m%d/main.tf", n)] = "resource \"aws_emr_cluster\" \"c\" {\n  name = \"c\"\n}\n"
	return files
}

// NestedDynamicCluster is a cluster with n nested dynamic blocks of two
// each: 2^n blocks once expanded.
func NestedDynamicCluster(n int) string {
	var b strings.Builder
	b.WriteString("resource \"aws_emr_cluster\" \"c\" {\n  name = \"c\"\n")
	for i := 0; i < n; i++ {
		b.WriteString("dynamic \"step\" {\nfor_each = [1, 2]\ncontent {\nname = \"s\"\n")
	}
	for i := 0; i < n; i++ {
		b.WriteString("}\n}\n")
	}
	return b.String() + "}\n"
}
