package plan

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

func TestSplitAddress(t *testing.T) {
	tests := []struct{ addr, module, rest string }{
		{"aws_emr_cluster.this", "", "aws_emr_cluster.this"},
		{`module.emr["prod"].aws_emr_cluster.this`, `module.emr["prod"]`, "aws_emr_cluster.this"},
		{`module.a[0].module.b["x.y]"].aws_emr_cluster.c["k"]`, `module.a[0].module.b["x.y]"]`, `aws_emr_cluster.c["k"]`},
		{`module.a["q\"].b"].module.b`, `module.a["q\"].b"].module.b`, ""},
		{"module.", "", "module."},
	}
	for _, tt := range tests {
		module, rest := splitAddress(tt.addr)
		assert.Equal(t, tt.module, module, tt.addr)
		assert.Equal(t, tt.rest, rest, tt.addr)
	}
	p := parseModulePath(`module.a[0].module.b`)
	assert.Equal(t, []string{"a", "b"}, p.names())
	assert.Equal(t, `module.a[0].module.b.var.x`, p.abs("var.x"))
	assert.Equal(t, "var.x", modPath(nil).abs("var.x"))
}

func TestKeyValue(t *testing.T) {
	assert.Equal(t, 3, keyValue(&node{kind: nNumber, str: "3"}))
	assert.Equal(t, "prod", keyValue(&node{kind: nString, str: "prod"}))
	assert.Nil(t, keyValue(nil))
}

func TestReduce(t *testing.T) {
	assert.Equal(t,
		[]string{"aws_kms_key.k.arn", "aws_emr_security_configuration.sc[0].name", "var.x"},
		reduce([]string{
			"aws_kms_key.k.arn", "aws_kms_key.k",
			"aws_emr_security_configuration.sc[0].name", "aws_emr_security_configuration.sc[0]", "aws_emr_security_configuration.sc",
			"each.key", "count.index", "var.x", "var.x",
		}))
}

// TestAddressParts: whatever the plan writes in address, module_address,
// type and name, the parts are the strings written (and type.name); they
// share the address's bytes when it is written as Terraform writes it.
func TestAddressParts(t *testing.T) {
	words := []string{"", ".", "module.emr", `module.emr["a.b"]`, "aws_emr_cluster", "this", "th", `["k"]`, "[0]", "x"}
	inside := func(part, whole string) bool {
		if part == "" {
			return true
		}
		p, w := uintptr(unsafe.Pointer(unsafe.StringData(part))), uintptr(unsafe.Pointer(unsafe.StringData(whole)))
		return p >= w && p+uintptr(len(part)) <= w+uintptr(len(whole))
	}
	for _, mod := range words[:4] {
		for _, typ := range words {
			for _, name := range words {
				for _, idx := range []string{"", `["k"]`, "[0]"} {
					for _, addr := range []string{
						mod + "." + typ + "." + name + idx, // as Terraform writes it (when mod != "")
						typ + "." + name + idx,
						mod + typ + name,
						mod + "." + typ + name + idx,
						"",
					} {
						a, m, n, c := addressParts([]byte(addr), []byte(mod), typ, []byte(name))
						assert.Equal(t, addr, a)
						assert.Equal(t, mod, m, addr)
						assert.Equal(t, name, n, addr)
						assert.Equal(t, typ+"."+name, c, addr)
					}
				}
			}
		}
	}
	a, m, n, c := addressParts([]byte(`module.emr["a.b"].aws_emr_cluster.this[0]`), []byte(`module.emr["a.b"]`), "aws_emr_cluster", []byte("this"))
	assert.True(t, inside(m, a) && inside(n, a) && inside(c, a), "the parts are copies")
	a, m, n, c = addressParts([]byte(`aws_emr_cluster.this`), nil, "aws_emr_cluster", []byte("this"))
	assert.True(t, inside(m, a) && inside(n, a) && inside(c, a), "the parts are copies")
}

// TestCompareDotted: compareDotted(k, p) is strings.Compare(k, p+".").
func TestCompareDotted(t *testing.T) {
	words := []string{"", "a", "a.", "a.b", "a-b", "a/b", "ab", "b", "a..", ".", "-", "/", "a.b.c"}
	for _, k := range words {
		for _, p := range words {
			assert.Equal(t, strings.Compare(k, p+"."), compareDotted(k, p), "%q %q", k, p)
		}
	}
}
