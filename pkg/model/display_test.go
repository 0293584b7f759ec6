package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDisplay(t *testing.T) {
	for _, c := range []struct {
		v    *Value
		want string
	}{
		{nil, "not set"},
		{NewAbsent(), "not set"},
		{NewNull(), "null"},
		{NewString("SSE-KMS"), `"SSE-KMS"`},
		{NewNumber("2"), "2"},
		{NewBool(false), "false"},
		{NewObject(), "(object)"},
		{NewList(), "(list)"},
		{&Value{State: Known, Kind: KindString, Str: "hunter2", Sensitive: true}, "(sensitive value)"},
		{NewUnknown("aws_kms_key.emr.arn"), "(known after apply)"},
		{NewUnknown("var.mode (no value given)"), "(var.mode has no value: set it with -var or a .tfvars file)"},
		{NewUnknown("var.a (no value given)", "var.b (no value given)"), "(var.a and var.b have no value: set them with -var or a .tfvars file)"},
		{NewUnknown("var.a (no value given)", "aws_kms_key.emr.arn"), "(known after apply)"},
	} {
		assert.Equal(t, c.want, c.v.Display())
	}
}

func TestBlockerText(t *testing.T) {
	assert.Equal(t, "a value known only after apply", BlockerText(nil))
	assert.Equal(t, "aws_kms_key.emr.arn, aws_s3_bucket.logs.id", BlockerText([]string{"aws_kms_key.emr.arn", "aws_s3_bucket.logs.id"}))
	assert.Equal(t, "var.mode, which has no value (set it with -var or a .tfvars file)", BlockerText([]string{"var.mode (no value given)"}))
	assert.Equal(t, "aws_kms_key.emr.arn, and var.a, var.b and var.c, which have no value (set them with -var or a .tfvars file)",
		BlockerText([]string{"var.a (no value given)", "aws_kms_key.emr.arn", "var.b (no value given)", "var.c (no value given)"}))
	assert.Equal(t, "var.a, which has no value (set it with -var or a .tfvars file); module.emr.var.release, which has no value (its module call does not set it)",
		BlockerText([]string{"module.emr.var.release (no value given)", "var.a (no value given)"}))
}

func TestDescribeUnknown(t *testing.T) {
	assert.Equal(t, "known only after apply (it depends on aws_kms_key.emr.arn)", NewUnknown("aws_kms_key.emr.arn").DescribeUnknown())
	assert.Equal(t, "unknown because var.release has no value (set it with -var or a .tfvars file)", NewUnknown("var.release (no value given)").DescribeUnknown())
	assert.Equal(t, "known only after apply", NewUnknown().DescribeUnknown())
	assert.Equal(t, "known only after apply (it depends on aws_kms_key.emr.arn, and var.x, which has no value (set it with -var or a .tfvars file))",
		NewUnknown("aws_kms_key.emr.arn", "var.x (no value given)").DescribeUnknown())
}
