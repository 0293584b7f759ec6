package hclconfig

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// noteUnchecked reports the resources that can create EMR security
// configurations or clusters the rules do not check: the awscc
// provider's EMR resources (the same document under other attribute
// names), and CloudFormation stacks whose template holds
// AWS::EMR::SecurityConfiguration or AWS::EMR::Cluster, or comes from
// somewhere the source does not show. A note, not silence: the same
// SSE-C document deployed that way gets no finding.
func (in *instance) noteUnchecked(rc *resourceConfig) {
	if rc.data {
		return
	}
	addr := in.prefix() + rc.typ + "." + rc.name
	switch {
	case strings.HasPrefix(rc.typ, "awscc_emr"):
		in.note(addr, rc.defRange, fmt.Sprintf("%s is not checked: the rules check the hashicorp/aws resources (aws_emr_security_configuration, aws_emr_cluster, …), not the awscc provider's; an insecure document here gets no finding — review it, or declare it with the aws provider", rc.typ))
	case rc.typ == "aws_cloudformation_stack" || rc.typ == "aws_cloudformation_stack_set":
		if why := in.templateMayHoldEMR(rc); why != "" {
			in.note(addr, rc.defRange, fmt.Sprintf("the CloudFormation template of this stack is not checked (%s): EMR resources in it (AWS::EMR::SecurityConfiguration, AWS::EMR::Cluster) get no finding — review it", why))
		}
	}
}

// templateMayHoldEMR says why a stack's template may create EMR
// resources, or "" when its source text shows it does not.
func (in *instance) templateMayHoldEMR(rc *resourceConfig) string {
	if _, ok := rc.attrs["template_url"]; ok {
		return "it is read from template_url"
	}
	a, ok := rc.attrs["template_body"]
	if !ok {
		return ""
	}
	src := in.l.sourceText(a.Expr.Range())
	switch {
	case src == nil:
		return "its text could not be read"
	case bytes.Contains(src, []byte("AWS::EMR::")):
		return "it declares AWS::EMR resources"
	case len(a.Expr.Variables()) > 0 || bytes.Contains(src, []byte("(")):
		return "it is computed, so what it declares is not known here"
	}
	return ""
}

// sourceText is the text of a range of a parsed file, or nil.
func (l *loader) sourceText(r hcl.Range) []byte {
	f := l.parser.Files()[r.Filename]
	if f == nil || r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return nil
	}
	return f.Bytes[r.Start.Byte:r.End.Byte]
}
