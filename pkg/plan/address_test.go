package plan

import (
	"testing"

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
