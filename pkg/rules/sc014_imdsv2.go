package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SC014 requires IMDSv2 only.
var SC014 = &Rule{
	ID:       "EMR-SC-014",
	Title:    "cluster instances must require IMDSv2",
	Severity: High,
	Rationale: "InstanceMetadataServiceConfiguration with MinimumInstanceMetadataServiceVersion 2 turns off IMDSv1 and with it the classic " +
		"credential-theft path; omitting the block leaves IMDSv1 allowed (EMR Management Guide, create a security configuration). Both " +
		"keys are required when the block is present.",
	Remediation: "Add InstanceMetadataServiceConfiguration { MinimumInstanceMetadataServiceVersion = 2, HttpPutResponseHopLimit = 1 }.",
	Doc: "Fails when the block is missing, when MinimumInstanceMetadataServiceVersion is missing or not 2, or when HttpPutResponseHopLimit " +
		"is missing. A hop limit above the policy's max_imds_hop_limit (default 1) is reported at LOW. Values known only after apply are " +
		"indeterminate. The release must support the setting (emr-5.23.1, emr-5.27.1, 5.32.0+ on 5.x, 6.2.0+): EMR-REL-004 checks that " +
		"on each cluster.",
	Bad: exSC(`{
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 1
      HttpPutResponseHopLimit               = 1
    }
  }`),
	Good: exSC(`{
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 1
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			imds := sc.Doc(pathIMDS...)
			switch {
			case imds.IsUnknown():
				p.Indeterminatef(scAt(sc, imds), "InstanceMetadataServiceConfiguration cannot be verified: it depends on %s", blockers(imds))
				return
			case !imds.IsSet():
				p.Failf(scAt(sc, nil), "no InstanceMetadataServiceConfiguration: IMDSv1 stays allowed on cluster instances")
				return
			}
			ver := imds.Get("MinimumInstanceMetadataServiceVersion")
			hop := imds.Get("HttpPutResponseHopLimit")
			var bad, unknown []string
			var at *model.Value
			switch n, ok := ver.AsInt(false); {
			case ver.IsUnknown():
				unknown = append(unknown, "MinimumInstanceMetadataServiceVersion ("+blockers(ver)+")")
			case !ver.IsSet():
				bad, at = append(bad, "MinimumInstanceMetadataServiceVersion is missing"), imds
			case !ok || n != 2:
				bad, at = append(bad, "MinimumInstanceMetadataServiceVersion is "+ver.Display()+", not 2 (IMDSv1 allowed)"), ver
			}
			if hop.IsUnknown() {
				unknown = append(unknown, "HttpPutResponseHopLimit ("+blockers(hop)+")")
			} else if !hop.IsSet() {
				bad = append(bad, "HttpPutResponseHopLimit is missing (required with the block)")
				if at == nil {
					at = imds
				}
			}
			switch {
			case len(bad) > 0:
				p.Failf(scAt(sc, at), "%s", strings.Join(bad, "; "))
				return
			case len(unknown) > 0:
				p.Indeterminatef(scAt(sc, imds), "IMDS settings cannot be verified, these values are unknown: %s", strings.Join(unknown, ", "))
				return
			}
			if n, ok := hop.AsInt(false); ok && p.Params.MaxIMDSHopLimit > 0 && n > int64(p.Params.MaxIMDSHopLimit) {
				p.FailSeverityf(Low, scAt(sc, hop), "HttpPutResponseHopLimit is %d, above the policy maximum of %d (containers on the node can reach the metadata service)", n, p.Params.MaxIMDSHopLimit)
			}
		})
	},
}
