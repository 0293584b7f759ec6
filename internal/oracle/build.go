package oracle

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// settings are the expressions, in the module that holds the EMR
// resources, of what the rules read.
type settings struct {
	s3Mode, atRest, ebs, kmsKey, inTransit, release, subnet, logURI, region string
	// kmsResource declares aws_kms_key.k in that module.
	kmsResource bool
	// withKey says whether the S3 configuration names the key.
	withKey bool
	// docForm is how the document is written.
	docForm int
}

// settingNames are the module's input variables, in a fixed order.
var settingNames = []string{"s3_mode", "at_rest", "ebs", "kms_key", "in_transit", "release", "subnet_id", "log_uri"}

// build writes the whole case.
func (g *gen) build() {
	region := oneOf(g, regions...)
	mode := oneOf(g, s3Modes...)
	vals := map[string]value{
		"s3_mode":    str(mode),
		"at_rest":    boolean(g.chance(0.85)),
		"ebs":        boolean(g.chance(0.6)),
		"in_transit": boolean(g.chance(0.6)),
		"release":    str(oneOf(g, releases...)),
	}
	// 0-4: same region, 5: other region, 6: aws_kms_key (its ARN unknown).
	keyKind := []int{0, 0, 0, 0, 0, 2, 3}[g.pick(7)]
	keyRegion := region
	if keyKind == 2 {
		keyRegion = oneOf(g, "eu-west-1", "us-east-1", "ap-south-1")
	}
	if keyKind != 3 {
		vals["kms_key"] = str(keyARN(keyRegion, g.pick(1000)))
	}
	if g.chance(0.8) {
		vals["subnet_id"] = str("subnet-0a1b2c3d4e5f6" + fmt.Sprintf("%04d", g.pick(10000)))
	}
	if g.chance(0.6) {
		vals["log_uri"] = str("s3://logs-" + fmt.Sprint(g.pick(100)) + "/emr/")
	}
	s := settings{
		withKey:     mode != "SSE-S3" && (mode != "SSE-C" || g.chance(0.5)),
		docForm:     g.pick(5),
		kmsResource: keyKind == 3,
	}
	if g.c.OpenTofu {
		g.feature("opentofu-provider-for-each")
	}
	g.noUnknown = true
	provider := g.provider(region)
	g.noUnknown = false
	layout := g.pick(5)
	if g.c.OpenTofu {
		layout = 0
	}
	main := &strings.Builder{}
	main.WriteString("terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n@BUILTIN@  }\n}\n\n")
	main.WriteString(provider)
	main.WriteString("locals {\n  empty = {}\n}\n\n")
	rootDepth := 2
	switch layout {
	case 0, 1:
		g.feature("root-resources")
		ex := func(n string) string {
			v, ok := vals[n]
			if !ok {
				return "null"
			}
			return g.route(v, rootDepth)
		}
		s.s3Mode, s.atRest, s.ebs, s.inTransit, s.release = ex("s3_mode"), ex("at_rest"), ex("ebs"), ex("in_transit"), ex("release")
		s.kmsKey, s.subnet, s.logURI = ex("kms_key"), ex("subnet_id"), ex("log_uri")
		if s.kmsResource {
			s.kmsKey = "aws_kms_key.k.arn"
		}
		g.resources(main, s, "", "")
		if g.chance(0.25) {
			g.override("override.tf", "aws_emr_cluster", "c")
		}
	default:
		g.module("modules/emr", s, vals, layout, main)
	}
	name := "main.tf"
	if g.c.OpenTofu {
		name = "main.tofu"
		// A main.tf beside it is ignored by OpenTofu: it must not matter.
		g.c.Files["main.tf"] = "# OpenTofu reads main.tofu instead of this file.\nthis is not valid terraform\n"
	}
	main.WriteString(g.localsText())
	if g.unknown {
		main.WriteString("\nresource \"aws_kms_key\" \"unknown\" {\n  description = \"known after apply\"\n}\n")
	}
	builtin := ""
	if g.builtinProvider {
		builtin = "    terraform = {\n      source = \"terraform.io/builtin/terraform\"\n    }\n"
	}
	g.c.Files[name] = strings.Replace(main.String(), "@BUILTIN@", builtin, 1)
	g.writeVars()
	g.writeTfvars()
	if len(g.c.Env) > 0 {
		sort.Strings(g.c.Env)
	}
}

func (g *gen) localsText() string {
	if len(g.locals) == 0 {
		return ""
	}
	return "locals {\n  " + strings.Join(g.locals, "\n  ") + "\n}\n"
}

// provider writes the provider block(s) and the region's route.
func (g *gen) provider(region string) string {
	if g.c.OpenTofu {
		other := "us-east-1"
		if region == other {
			other = "eu-west-1"
		}
		g.tofuRegion = region
		g.c.Files["providers.tofu"] = fmt.Sprintf("provider \"aws\" {\n  region = %q\n}\n\nprovider \"aws\" {\n  alias    = \"by_region\"\n  for_each = toset([%q, %q])\n  region   = each.key\n}\n", other, region, other)
		return ""
	}
	switch g.pick(7) {
	case 0:
		// No region in the provider block: the AWS provider takes
		// AWS_REGION, then AWS_DEFAULT_REGION.
		g.feature("provider-region-env")
		switch g.pick(3) {
		case 0:
			g.c.Env = append(g.c.Env, "AWS_REGION="+region)
		case 1:
			g.c.Env = append(g.c.Env, "AWS_DEFAULT_REGION="+region)
		default:
			g.c.Env = append(g.c.Env, "AWS_REGION="+region, "AWS_DEFAULT_REGION="+g.other(str(region)).s)
		}
		return "provider \"aws\" {}\n\n"
	case 6:
		// No region at all: the real provider refuses to configure, the
		// stand-in takes us-east-1; source mode must not pass EMR-SC-012.
		g.feature("provider-no-region")
		return "provider \"aws\" {}\n\n"
	case 1:
		g.feature("provider-override")
		g.c.Files["provider_override.tf"] = fmt.Sprintf("provider \"aws\" {\n  region = %q\n}\n", region)
		return "provider \"aws\" {\n  region = \"ap-south-1\"\n}\n\n"
	default:
		return fmt.Sprintf("provider \"aws\" {\n  region = %s\n}\n\n", g.route(str(region), 1))
	}
}

// resources writes the security configuration and the cluster; forEach is
// the cluster's count or for_each line, key the expression of its key.
func (g *gen) resources(b *strings.Builder, s settings, dir string, countLine string) {
	prov := ""
	if g.c.OpenTofu {
		prov = fmt.Sprintf("  provider = aws.by_region[%q]\n", g.tofuRegion)
	}
	if s.kmsResource {
		fmt.Fprintf(b, "resource \"aws_kms_key\" \"k\" {\n%s  description = \"emr\"\n}\n\n", prov)
	}
	s3 := fmt.Sprintf("EncryptionMode = %s", s.s3Mode)
	if s.withKey {
		s3 += "\n          AwsKmsKey      = " + s.kmsKey
	}
	doc := ""
	switch s.docForm {
	case 0, 1:
		g.feature("doc-jsonencode")
		doc = fmt.Sprintf(`jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = %s
      EnableAtRestEncryption    = %s
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          %s
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = %s
          EnableEbsEncryption       = %s
        }
      }
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://certs/emr.zip"
        }
      }
    }
  })`, s.inTransit, s.atRest, s3, s.kmsKey, s.ebs)
	case 2:
		g.feature("doc-heredoc")
		key := ""
		if s.withKey {
			key = fmt.Sprintf(",\n          \"AwsKmsKey\": \"${%s}\"", s.kmsKey)
		}
		doc = fmt.Sprintf(`<<-EOT
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": ${%s},
        "EnableAtRestEncryption": ${%s},
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "${%s}"%s
          },
          "LocalDiskEncryptionConfiguration": {
            "EncryptionKeyProviderType": "AwsKms",
            "AwsKmsKey": "${%s}",
            "EnableEbsEncryption": ${%s}
          }
        }
      }
    }
  EOT`, s.inTransit, s.atRest, s.s3Mode, key, s.kmsKey, s.ebs)
	case 3:
		g.feature("doc-templatefile")
		tpl := `{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": ${in_transit},
    "EnableAtRestEncryption": ${at_rest},
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": ${jsonencode(s3)},
      "LocalDiskEncryptionConfiguration": {
        "EncryptionKeyProviderType": "AwsKms",
        "AwsKmsKey": "${key}",
        "EnableEbsEncryption": ${ebs}
      }
    }
  }
}
`
		g.c.Files[pathJoin(dir, "sc.json.tpl")] = tpl
		s3obj := fmt.Sprintf("{ EncryptionMode = %s }", s.s3Mode)
		if s.withKey {
			s3obj = fmt.Sprintf("{ EncryptionMode = %s, AwsKmsKey = %s }", s.s3Mode, s.kmsKey)
		}
		doc = fmt.Sprintf("templatefile(\"${path.module}/sc.json.tpl\", {\n    in_transit = %s\n    at_rest    = %s\n    s3         = %s\n    key        = %s\n    ebs        = %s\n  })",
			s.inTransit, s.atRest, s3obj, s.kmsKey, s.ebs)
	default:
		g.feature("doc-dynamic-merge")
		// The S3 part is merged from a conditional map.
		doc = fmt.Sprintf(`jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = %s
      EnableAtRestEncryption    = %s
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = merge(
          { EncryptionMode = %s },
          %s ? { AwsKmsKey = %s } : {}
        )
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = %s
          EnableEbsEncryption       = %s
        }
      }
    }
  })`, s.inTransit, s.atRest, s.s3Mode, fmt.Sprint(s.withKey), s.kmsKey, s.kmsKey, s.ebs)
	}
	fmt.Fprintf(b, "resource \"aws_emr_security_configuration\" \"sc\" {\n%s  name_prefix = \"emr-sc-\"\n  configuration = %s\n}\n\n", prov, doc)

	fmt.Fprintf(b, "resource \"aws_emr_cluster\" \"c\" {\n%s%s", prov, countLine)
	b.WriteString("  name          = \"emr\"\n")
	fmt.Fprintf(b, "  release_label = %s\n", s.release)
	b.WriteString("  applications  = [\"Spark\"]\n  service_role  = \"EMR_DefaultRole\"\n")
	b.WriteString("  security_configuration = aws_emr_security_configuration.sc.name\n")
	if s.logURI != "null" && s.logURI != "" {
		fmt.Fprintf(b, "  log_uri = %s\n", s.logURI)
	}
	if g.chance(0.5) {
		g.feature("dynamic-block")
		fmt.Fprintf(b, "\n  dynamic \"ec2_attributes\" {\n    for_each = %s == null ? [] : [%s]\n    content {\n      subnet_id        = ec2_attributes.value\n      instance_profile = \"EMR_EC2_DefaultRole\"\n    }\n  }\n", s.subnet, s.subnet)
	} else if s.subnet != "null" {
		fmt.Fprintf(b, "\n  ec2_attributes {\n    subnet_id        = %s\n    instance_profile = \"EMR_EC2_DefaultRole\"\n  }\n", s.subnet)
	}
	b.WriteString("\n  master_instance_group {\n    instance_type = \"m5.xlarge\"\n  }\n}\n\n")
}

func pathJoin(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// override writes an override file that changes the cluster's release.
func (g *gen) override(path, typ, name string) {
	g.feature("override-file")
	g.c.Files[path] = fmt.Sprintf("resource %q %q {\n  release_label = %q\n}\n", typ, name, oneOf(g, releases...))
}

// module puts the resources in ./modules/emr, called from the root (layout
// 2: count, 3: for_each) or through ./modules/wrap (layout 4).
func (g *gen) module(dir string, s settings, vals map[string]value, layout int, root *strings.Builder) {
	inner := &strings.Builder{}
	var decls []string
	for _, n := range settingNames {
		typ := "string"
		if n == "at_rest" || n == "ebs" || n == "in_transit" {
			typ = "bool"
		}
		decls = append(decls, fmt.Sprintf("variable %q {\n  type    = %s\n  default = null\n}\n", n, typ))
	}
	// Some module variables are not nullable and have the value as their
	// default: the root passes null.
	nullDefaults := map[string]bool{}
	for i, n := range settingNames {
		v, ok := vals[n]
		if ok && g.chance(0.05) {
			g.feature("module-null-nullable-false")
			nullDefaults[n] = true
			decls[i] = fmt.Sprintf("variable %q {\n  type     = %s\n  nullable = false\n  default  = %s\n}\n", n, v.typ(), v.hcl())
		}
	}
	s.s3Mode, s.atRest, s.ebs, s.inTransit, s.release = "var.s3_mode", "var.at_rest", "var.ebs", "var.in_transit", "var.release"
	s.kmsKey, s.subnet, s.logURI = "var.kms_key", "var.subnet_id", "var.log_uri"
	if s.kmsResource {
		s.kmsKey = "aws_kms_key.k.arn"
	}
	if vals["log_uri"].s == "" {
		s.logURI = "null"
	}
	g.resources(inner, s, dir, "")
	inner.WriteString(strings.Join(decls, "\n"))
	inner.WriteString("\noutput \"cluster_id\" {\n  value = aws_emr_cluster.c.id\n}\n")
	g.c.Files[dir+"/main.tf"] = inner.String()
	if g.chance(0.25) {
		g.override(dir+"/main_override.tf", "aws_emr_cluster", "c")
	}
	args := &strings.Builder{}
	for _, n := range settingNames {
		v, ok := vals[n]
		switch {
		case nullDefaults[n]:
			fmt.Fprintf(args, "  %s = null\n", n)
		case ok:
			expr := g.route(v, 2)
			if layout == 3 && g.chance(0.3) {
				g.feature("for-each-lookup")
				expr = fmt.Sprintf("lookup({ a = %s, b = %s }, each.key, %s)", expr, expr, g.other(v).hcl())
			}
			fmt.Fprintf(args, "  %s = %s\n", n, expr)
		}
	}
	meta := ""
	switch layout {
	case 2:
		g.feature("module-count")
		meta = fmt.Sprintf("  count  = %d\n", 1+g.pick(2))
	case 3:
		g.feature("module-for-each")
		meta = oneOf(g, "  for_each = toset([\"a\", \"b\"])\n", "  for_each = { a = 1 }\n")
	}
	if layout == 4 {
		g.feature("module-nested")
		var wv, pass []string
		for _, n := range settingNames {
			wv = append(wv, fmt.Sprintf("variable %q {\n  default = null\n}\n", n))
			pass = append(pass, fmt.Sprintf("  %s = var.%s", n, n))
		}
		inner := ""
		switch g.pick(3) {
		case 1:
			g.feature("module-nested-count")
			inner = "  count  = 1\n"
		case 2:
			g.feature("module-nested-for-each")
			inner = "  for_each = toset([\"x\"])\n"
		}
		g.c.Files["modules/wrap/main.tf"] = "module \"emr\" {\n  source = \"../emr\"\n" + inner + strings.Join(pass, "\n") + "\n}\n\n" + strings.Join(wv, "\n")
		fmt.Fprintf(root, "module \"wrap\" {\n  source = \"./modules/wrap\"\n%s}\n\n", args.String())
		return
	}
	fmt.Fprintf(root, "module \"emr\" {\n  source = \"./modules/emr\"\n%s%s}\n\n", meta, args.String())
}

// writeVars writes the root module's variables, as HCL or as JSON.
func (g *gen) writeVars() {
	if len(g.vars) == 0 {
		return
	}
	if g.jsonVars && !g.c.OpenTofu {
		g.feature("tf-json")
		vars := map[string]any{}
		for _, d := range g.vars {
			o := map[string]any{"type": d.typ}
			if d.def != nil {
				if d.hasDefJSON {
					o["default"] = d.defJSON
				}
			}
			if d.nullableSet {
				o["nullable"] = d.nullable
			}
			if d.sensitive {
				o["sensitive"] = true
			}
			if d.ephemeral {
				o["ephemeral"] = true
			}
			if d.validation != "" {
				o["validation"] = []any{map[string]any{"condition": "${" + d.validation + "}", "error_message": "The value is not allowed."}}
			}
			vars[d.name] = o
		}
		b, _ := json.MarshalIndent(map[string]any{"variable": vars}, "", "  ")
		g.c.Files["variables.tf.json"] = string(b) + "\n"
		return
	}
	b := &strings.Builder{}
	for _, d := range g.vars {
		fmt.Fprintf(b, "variable %q {\n  type = %s\n", d.name, d.typ)
		if d.def != nil {
			fmt.Fprintf(b, "  default = %s\n", *d.def)
		}
		if d.nullableSet {
			fmt.Fprintf(b, "  nullable = %v\n", d.nullable)
		}
		if d.sensitive {
			b.WriteString("  sensitive = true\n")
		}
		if d.ephemeral {
			b.WriteString("  ephemeral = true\n")
		}
		if d.validation != "" {
			fmt.Fprintf(b, "  validation {\n    condition     = %s\n    error_message = \"The value is not allowed.\"\n  }\n", d.validation)
		}
		b.WriteString("}\n\n")
	}
	name := "variables.tf"
	if g.c.OpenTofu {
		name = "variables.tofu"
	}
	g.c.Files[name] = b.String()
}

func (g *gen) writeTfvars() {
	for f, lines := range g.tfvars {
		if strings.HasSuffix(f, ".json") {
			g.c.Files[f] = "{\n  " + strings.Join(lines, ",\n  ") + "\n}\n"
			continue
		}
		g.c.Files[f] = strings.Join(lines, "\n") + "\n"
	}
}
