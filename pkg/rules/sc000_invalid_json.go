package rules

// SC000 reports a configuration that is not a valid JSON object.
var SC000 = &Rule{
	ID:          "EMR-SC-000",
	Title:       "security configuration is not valid JSON",
	Severity:    Critical,
	Rationale:   "The provider and the EMR API require the configuration to be a JSON object; nothing else in it can be checked, and apply or cluster launch fails.",
	Remediation: "Fix the JSON at the reported line and column (prefer jsonencode() over hand-written JSON).",
	Doc:         "The configuration string, or a bare document, must parse as a JSON object. The finding gives the parser's line and column inside the document and, where the source is at hand, the file position. It is a finding, not an input error: the rest of the input is still checked. A configuration known only after apply is EMR-CL-002's.",
	Bad: `resource "aws_emr_security_configuration" "example" {
  name          = "example"
  configuration = <<-EOT
    {
      "EncryptionConfiguration": {
        "EnableAtRestEncryption": true,
      }
    }
  EOT
}
`,
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
    }
  }`),
	Check: func(p *Pass) {
		for _, sc := range p.Model.SecurityConfigs {
			pe := sc.ParseError
			if pe == nil {
				continue
			}
			at := scAt(sc, nil)
			if pe.Range != nil {
				at.Fallback = pe.Range
			}
			p.Failf(at, "security configuration is not valid JSON: %s at line %d, column %d of the document",
				pe.Message, pe.Line, pe.Column)
		}
	},
}
