package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// schemaIssue is one unrecognised key or malformed value.
type schemaIssue struct {
	msg string
	at  *model.Value
}

// checkSchema walks obj (at schema path) and reports problems.
func checkSchema(schema map[string]*secconf.ObjectSchema, path, shown string, obj *model.Value, issues *[]schemaIssue, unknown *[]string) {
	os := schema[path]
	if os == nil {
		return
	}
	for i, key := range obj.Keys() {
		v := obj.Elems()[i]
		f, ok := os.Fields[key]
		where := key
		if !ok {
			// an unknown key of a document read from a file or the
			// environment may be anything that was there
			where = obj.ShownKey(key)
		}
		if shown != "" {
			where = shown + "." + where
		}
		if !ok {
			if os.Open {
				continue
			}
			msg := fmt.Sprintf("unrecognised key %s", where)
			for known := range os.Fields {
				if strings.EqualFold(known, key) {
					msg += fmt.Sprintf(" (did you mean %s?)", known)
				}
			}
			*issues = append(*issues, schemaIssue{msg, v})
			continue
		}
		child := secconf.ChildPath(path, key)
		checkValue(schema, f.Type, f.Elem, child, where, v, issues, unknown)
	}
}

func checkValue(schema map[string]*secconf.ObjectSchema, typ, elem secconf.Type, path, where string, v *model.Value, issues *[]schemaIssue, unknown *[]string) {
	if v.IsUnknown() {
		// A string from a resource attribute (a key ARN, a bucket) is a
		// string; anything else unknown may be of any type.
		if typ != secconf.String || !resourceAttrRefs(v) {
			*unknown = append(*unknown, where+" ("+blockers(v)+")")
		}
		return
	}
	if !v.IsKnown() {
		return // null: the key is as good as absent
	}
	bad := func() {
		*issues = append(*issues, schemaIssue{fmt.Sprintf("%s is %s, want a %s", where, kindName(v), typ), v})
	}
	switch typ {
	case secconf.String:
		if v.Kind != model.KindString {
			bad()
		}
	case secconf.Bool:
		if _, ok, _ := v.AsBool(true); !ok {
			*issues = append(*issues, schemaIssue{fmt.Sprintf("%s is %s, want true or false (a malformed boolean is not true)", where, v.Display()), v})
		}
	case secconf.Integer:
		if _, ok := v.AsInt(false); !ok {
			bad()
		}
	case secconf.Object:
		if v.Kind != model.KindObject {
			bad()
			return
		}
		checkSchema(schema, path, where, v, issues, unknown)
	case secconf.Array:
		if v.Kind != model.KindList {
			bad()
			return
		}
		for i, e := range v.Elems() {
			checkValue(schema, elem, 0, path+"[]", fmt.Sprintf("%s[%d]", where, i), e, issues, unknown)
		}
	}
}

// resourceAttrRefs reports whether every blocker of v is an attribute of
// a managed resource ("aws_kms_key.emr.arn", also inside modules), which
// Terraform computes with the attribute's own type.
func resourceAttrRefs(v *model.Value) bool {
	if len(v.Blockers()) == 0 {
		return false
	}
	for _, b := range v.Blockers() {
		for strings.HasPrefix(b, "module.") {
			_, rest, _ := strings.Cut(b, ".")
			if _, rest, ok := strings.Cut(rest, "."); ok {
				b = rest
			} else {
				return false
			}
		}
		typ, _, ok := strings.Cut(b, ".")
		if !ok || strings.ContainsAny(b, " (") || !strings.Contains(typ, "_") {
			return false
		}
		switch typ {
		case "var", "local", "data", "module", "each", "count", "path", "terraform", "self":
			return false
		}
	}
	return true
}

func kindName(v *model.Value) string {
	if v.Kind == model.KindString || v.Kind == model.KindNumber || v.Kind == model.KindBool {
		return "the " + v.Kind.String() + " " + v.Display()
	}
	return "an " + v.Kind.String()
}

// SC015 reports unrecognised keys and values of the wrong JSON type.
var SC015 = &Rule{
	ID:       "EMR-SC-015",
	Title:    "unrecognised keys or malformed values in configuration",
	Severity: Low,
	Rationale: "The EMR API treats the security configuration as an opaque string and does not validate its structure (EMR Management Guide, " +
		"create a security configuration; EMR API Reference). A misspelt key (enableAtRestEncryption) or a boolean written as \"yes\" is " +
		"silently ignored, which can turn a protection off.",
	Remediation: "Fix the key spelling (keys are case-sensitive PascalCase) and write booleans as true/false, numbers as numbers.",
	Doc: "Every object that the EMR Management Guide (create a security configuration) documents for security configurations has a " +
		"known set of keys and JSON types. A key outside that set, or a value of another type, is reported; one finding per " +
		"configuration lists them all. Booleans accept JSON true/false and the strings \"true\"/\"false\" (any case), as AWS's own " +
		"example does; anything else (\"yes\", 1) is reported and counts as not true in the other rules. The legacy spellings " +
		"CustomProviderLocation/CustomProviderClass and both Identity Center spellings (…AssigmentRequired, …AssignmentRequired) are " +
		"known keys; unknown keys inside IdentityCenterConfiguration are tolerated, because AWS documents that object loosely. A value " +
		"known only after apply makes the finding indeterminate when nothing else is wrong, unless it is a string key set from a " +
		"resource attribute (such as aws_kms_key.emr.arn), which is a string by construction.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = "yes"
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
        }
      }
    }
  }`),
	Good: SC004.Good,
	Check: func(p *Pass) {
		schema := secconf.Schema()
		// What a document holds is checked once: security configurations
		// with the same text share their document (a module stamps one
		// out for every environment).
		type checked struct {
			issues  []schemaIssue
			unknown []string
		}
		seen := map[*model.Value]checked{}
		withDocument(p, func(sc *model.SecurityConfig) {
			c, ok := seen[sc.Document]
			if !ok {
				if sc.Document.IsKnown() && sc.Document.Kind == model.KindObject {
					checkSchema(schema, secconf.PathRoot, "", sc.Document, &c.issues, &c.unknown)
				}
				sort.Strings(c.unknown)
				seen[sc.Document] = c
			}
			issues, unknown := c.issues, c.unknown
			if len(issues) > 0 {
				msgs := make([]string, len(issues))
				for i, is := range issues {
					msgs[i] = is.msg
				}
				p.Failf(scAt(sc, issues[0].at), "%s", strings.Join(msgs, "; "))
			} else if len(unknown) > 0 {
				p.Indeterminatef(scAt(sc, nil), "the keys and types of these values cannot be checked: %s", strings.Join(unknown, ", "))
			}
		})
	},
}
