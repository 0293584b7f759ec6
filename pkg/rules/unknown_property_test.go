package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// The property of this file: unknown is never a pass, and never a fail.
//
// For every model the repository has (each rule's Bad and Good examples
// through the HCL loader, and every fixture under testdata/plans,
// testdata/rules and examples as plan, as source and as plan with source;
// with -short, each fixture in one of the three modes, taken in turn),
// every known value is replaced, one at a time, by an unknown one: each
// leaf and each subtree of every resource's attributes and of every
// security-configuration document, the document as a whole, and a
// cluster's link to its security configuration. Then, for every rule:
//
//   - where the rule failed on a resource, it still reports that resource
//     (fail or indeterminate). The one exception: when the mutation makes a
//     security configuration's whole document unknown, EMR-CL-002 speaks
//     for the document rules (EMR-SC-*) of that configuration.
//   - where the rule did not fail on a resource, it does not fail on it now.
//
// Only known values are mutated: an absent or null value is "not set",
// and turning it into "set to something unknown" is a different input,
// which several rules deliberately count as set (a log_uri from a
// variable, say). What the loaders record about expressions (references,
// literals) is left as it is: EMR-CL-005 reads only whether a password
// is written as a literal, whatever its value.

// mutationBlocker is the blocker every mutated value carries.
const mutationBlocker = "var.mutated (no value)"

// propertyModel is one model under test, with a loader that builds a fresh copy.
type propertyModel struct {
	name string
	load func(t *testing.T) *model.Model
}

// propertyParams are the parameter sets the property is checked with: the
// defaults (with a minimum release, so that EMR-REL-005 is active) and an
// organisation that sets every parameter.
func propertyParams() []rules.Params {
	def := rules.Defaults()
	def.MinimumReleaseLabel = "emr-6.15.0"
	org := rules.Defaults()
	org.MinimumReleaseLabel = "emr-6.15.0"
	org.AllowSSES3 = true
	org.BPANoPermittedRanges = true
	org.AllowedCustomAMIs = []string{"ami-0fedcba9876543210"}
	org.AllowedKMSKeys = []string{"arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"}
	org.ApprovedSecurityConfigurations = []string{"fsi-baseline", "kerberos-baseline"}
	org.MaxIMDSHopLimit = 2
	return []rules.Params{def, org}
}

// propertyModels lists the models: examples first, then fixtures.
func propertyModels(t *testing.T) []propertyModel {
	t.Helper()
	var out []propertyModel
	for _, r := range rules.Catalogue() {
		for kind, src := range map[string]string{"bad": r.Bad, "good": r.Good} {
			if !strings.Contains(src, "resource \"") {
				continue
			}
			src := src
			out = append(out, propertyModel{name: r.ID + "/" + kind + " example", load: func(t *testing.T) *model.Model {
				dir := t.TempDir()
				main := "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\n" + src
				require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644))
				m, diags := hclconfig.Load(dir, hclconfig.Options{})
				require.False(t, diags.HasErrors(), diags.Error())
				return m
			}})
		}
	}
	for i, src := range propertyEdgeCases {
		src := src
		out = append(out, propertyModel{name: fmt.Sprintf("edge case %d", i), load: func(t *testing.T) *model.Model {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
			m, diags := hclconfig.Load(dir, hclconfig.Options{})
			require.False(t, diags.HasErrors(), diags.Error())
			return m
		}})
	}
	var plans []string
	for _, pattern := range []string{"../../testdata/plans/*/plan.json", "../../testdata/rules/*/*/plan.json", "../../examples/*/plan.json"} {
		ms, err := filepath.Glob(pattern)
		require.NoError(t, err)
		plans = append(plans, ms...)
	}
	require.Greater(t, len(plans), 100, "fixtures not found")
	sort.Strings(plans)
	for fi, plan := range plans {
		dir := filepath.Dir(plan)
		name := strings.TrimPrefix(dir, "../../")
		loadPlan := func(t *testing.T) *model.Model {
			m, err := scan.Open(plan)
			require.NoError(t, err)
			return m
		}
		loadSrc := func(t *testing.T) *model.Model {
			m, err := scan.Dir(dir, hclconfig.Options{})
			require.NoError(t, err)
			return m
		}
		modes := []propertyModel{
			{name + " (plan)", loadPlan},
			{name + " (source)", loadSrc},
			{name + " (plan with source)", func(t *testing.T) *model.Model { return scan.Merge(loadPlan(t), loadSrc(t)) }},
		}
		if testing.Short() {
			// The quick loop checks every fixture in one of the three
			// modes, taking them in turn; .ci/run checks every fixture
			// in all three.
			modes = modes[fi%len(modes) : fi%len(modes)+1]
		}
		out = append(out, modes...)
	}
	return out
}

// outcome is what one rule said about each address: true for a failure,
// false for an indeterminate finding only.
type outcome map[string]bool

// evaluate runs every rule directly (no goroutines, no scrubbing: this
// runs tens of thousands of times) and returns each rule's outcome.
func evaluate(m *model.Model, rs []*rules.Rule, params rules.Params) (out []outcome, err error) {
	out = make([]outcome, len(rs))
	for i, r := range rs {
		o := outcome{}
		func() {
			defer func() {
				if p := recover(); p != nil && err == nil {
					err = fmt.Errorf("%s panics: %v", r.ID, p)
				}
			}()
			r.Check(rules.NewPass(r, m, params, func(f rules.Finding) {
				o[f.Address] = o[f.Address] || f.Status == rules.Fail
			}))
		}()
		out[i] = o
	}
	return out, err
}

// mutation makes something unknown and can undo it.
type mutation struct {
	where string
	apply func() (undo func())
	// wholeDoc is the security configuration whose document the mutation
	// makes wholly unknown, if any.
	wholeDoc string
}

// unknownInPlace replaces *v by an unknown value (same range and
// sensitivity), so every alias of the pointer sees it.
func unknownInPlace(v *model.Value) (undo func()) {
	saved := *v
	*v = model.Value{State: model.Unknown, Sensitive: v.Sensitive, Range: v.Range}
	v.SetBlockers([]string{mutationBlocker})
	return func() { *v = saved }
}

// mutations lists the mutation points of m.
func mutations(m *model.Model) []mutation {
	var out []mutation
	seen := map[*model.Value]bool{}
	// A security configuration's configuration and document root are the
	// "whole document unknown" mutation, below.
	for _, sc := range m.SecurityConfigs {
		seen[sc.Configuration] = true
		seen[sc.Document] = true
		if sc.Resource != nil {
			seen[sc.Resource.Attr("configuration")] = true
		}
	}
	addTree := func(owner string, root *model.Value) {
		root.Walk(func(path string, v *model.Value) {
			if v == root || seen[v] || !v.IsKnown() {
				return
			}
			seen[v] = true
			v2 := v
			out = append(out, mutation{where: owner + " " + path, apply: func() func() { return unknownInPlace(v2) }})
		})
	}
	for _, r := range m.Resources {
		addTree(r.Address, r.Attrs)
	}
	for _, sc := range m.SecurityConfigs {
		sc := sc
		if sc.Document != nil {
			addTree(sc.Address()+" document", sc.Document)
		}
		if sc.Document == nil && !sc.Configuration.IsKnown() {
			continue
		}
		out = append(out, mutation{where: sc.Address() + " whole document", wholeDoc: sc.Address(), apply: func() func() {
			doc, perr := sc.Document, sc.ParseError
			var undos []func()
			for _, v := range []*model.Value{sc.Configuration, attrOrNil(sc.Resource, "configuration")} {
				if v != nil && v.IsKnown() {
					undos = append(undos, unknownInPlace(v))
				}
			}
			sc.Document, sc.ParseError = nil, nil
			return func() {
				for i := len(undos) - 1; i >= 0; i-- {
					undos[i]()
				}
				sc.Document, sc.ParseError = doc, perr
			}
		}})
	}
	for _, c := range m.Clusters {
		c := c
		if c.Link != model.LinkResolved {
			continue
		}
		out = append(out, mutation{where: c.Resource.Address + " link to " + c.SC.Address(), apply: func() func() {
			sc, link, name := c.SC, c.Link, c.SCName
			users := sc.Clusters
			var kept []*model.Cluster
			for _, u := range users {
				if u != c {
					kept = append(kept, u)
				}
			}
			sc.Clusters = kept
			c.SC, c.Link = nil, model.LinkUnknown
			c.SCName = model.NewUnknown(mutationBlocker)
			c.SCName.Range = name.Range
			return func() { c.SC, c.Link, c.SCName, sc.Clusters = sc, link, name, users }
		}})
	}
	return out
}

func attrOrNil(r *model.Resource, name string) *model.Value {
	if r == nil {
		return nil
	}
	v := r.Attr(name)
	if !v.IsSet() {
		return nil
	}
	return v
}

func TestUnknownIsNeverAPassNorAFail(t *testing.T) {
	rs := rules.Catalogue()
	cl002 := -1
	for i, r := range rs {
		if r.ID == "EMR-CL-002" {
			cl002 = i
		}
	}
	require.GreaterOrEqual(t, cl002, 0)
	paramSets := propertyParams()
	total := 0
	for _, pm := range propertyModels(t) {
		t.Run(pm.name, func(t *testing.T) {
			m := pm.load(t)
			muts := mutations(m)
			for pi, params := range paramSets {
				before, err := evaluate(m, rs, params)
				require.NoError(t, err)
				for _, mu := range muts {
					undo := mu.apply()
					after, err := evaluate(m, rs, params)
					undo()
					total++
					if err != nil {
						t.Errorf("%s unknown (params %d): %v", mu.where, pi, err)
						continue
					}
					for i, r := range rs {
						for addr, failed := range before[i] {
							_, reported := after[i][addr]
							if !failed || reported {
								continue
							}
							if mu.wholeDoc == addr && targetsSC(r) {
								if _, ok := after[cl002][addr]; ok {
									continue
								}
							}
							t.Errorf("%s fails %s, but says nothing when %s is unknown (params %d)", r.ID, addr, mu.where, pi)
						}
						for addr, failed := range after[i] {
							if failed && !before[i][addr] {
								t.Errorf("%s does not fail %s, but fails it when %s is unknown (params %d)", r.ID, addr, mu.where, pi)
							}
						}
					}
				}
			}
		})
	}
	t.Logf("%d mutated evaluations of the catalogue", total)
}

// targetsSC reports whether r is a rule of the security configuration
// itself (a document rule).
func targetsSC(r *rules.Rule) bool {
	for _, t := range r.TargetTypes() {
		if t == model.TypeSecurityConfiguration {
			return true
		}
	}
	return false
}

// propertyEdgeCases are failing configurations whose fault is a value
// written out (false, a number, a provider type), where the rules'
// examples leave the value out: an absent value is not mutated, so
// without these the property would not reach those rules' unknown cases.
var propertyEdgeCases = []string{
	// In-transit encryption explicitly off with a complete TLS block; an
	// EMR certificate provider valid for ten years.
	`resource "aws_emr_security_configuration" "tls_off" {
  name = "tls-off"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = { CertificateProviderType = "PEM", S3Object = "s3://b/certs.zip" }
      }
    }
  })
}
resource "aws_emr_security_configuration" "emr_certs" {
  name = "emr-certs"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = { CertificateProviderType = "EMR", ValidityInDays = 3650 }
      }
    }
  })
}
`,
	// A custom local-disk provider without its JAR; Lake Formation with
	// runtime roles explicitly off, and the legacy integration with an
	// external KDC; Ranger with Kerberos but incomplete.
	`resource "aws_emr_security_configuration" "custom_disk" {
  name = "custom-disk"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = { EncryptionKeyProviderType = "Custom", EncryptionKeyProviderClass = "com.example.Disk" }
      }
    }
  })
}
resource "aws_emr_security_configuration" "lake" {
  name = "lake"
  configuration = jsonencode({
    AuthorizationConfiguration = {
      IAMConfiguration           = { EnableApplicationScopedIAMRole = false }
      LakeFormationConfiguration = { AuthorizedSessionTagValue = "Amazon EMR" }
    }
  })
}
resource "aws_emr_security_configuration" "lake_legacy" {
  name = "lake-legacy"
  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                 = "ExternalKdc"
        ExternalKdcConfiguration = { KdcServerType = "Single", KdcServer = "kdc", AdminServer = "admin" }
      }
    }
    AuthorizationConfiguration = {
      LakeFormationConfiguration = { IdpMetadataS3Path = "s3://b/idp.xml" }
      RangerConfiguration        = { AdminServerURL = "https://ranger:6182" }
    }
  })
}
`,
	// A Kerberos cluster on a release older than emr-5.10.0, and a cluster
	// with a custom AMI outside the approved list.
	`resource "aws_emr_security_configuration" "krb" {
  name = "krb"
  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                         = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
  })
}
resource "aws_emr_cluster" "old_kerberos" {
  name                   = "old-kerberos"
  release_label          = "emr-5.9.0"
  service_role           = "r"
  security_configuration = aws_emr_security_configuration.krb.name
  log_uri                = "s3://logs/"
  custom_ami_id          = "ami-0123456789abcdef0"
  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = "hunter2-example"
  }
  ec2_attributes {
    instance_profile = "p"
    subnet_id        = "subnet-1"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
}
