package model

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Tainted values are values computed from outside the checked
// configuration's own text: a file's contents, the environment. They may
// hold anything the machine running the check holds (a CI token, a
// credentials file written into the workspace), so a message shows one
// only when it is shaped like what a rule expects to see (an EMR enum, a
// release label, a KMS key or alias ARN, an alias name, a CIDR block, a
// number or a boolean); anything else is shown as "(value read from
// SOURCE)".

// taintEnum reports whether e (already folded by normEnum) is one of the
// closed sets the security-configuration rules compare against
// (EMR-SC-001's SSE-C and EMR-SC-003's sets). A test in pkg/rules keeps
// this list in step with the rules. It is a switch, not a map, so that
// nothing is built when the package is initialised.
func taintEnum(e string) bool {
	switch e {
	case "sse-s3", "sse-kms", "cse-kms", "cse-custom", "sse-c",
		"awskms", "custom", "pem", "emr",
		"clusterdedicatedkdc", "externalkdc", "single",
		"true", "false":
		return true
	}
	return false
}

// lazyRegexp compiles pattern on first use. Package-level MustCompile runs
// at every process start, for every command, whether or not a tainted
// value is ever shown; the alias patterns with their {1,250} repetitions
// alone cost milliseconds there (issue 22.3).
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

var (
	releaseLabelRE = lazyRegexp(`^emr-[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`)
	// versionRE is a bare version (a pre-4.0 AMI version, a release
	// label's number): digits and dots only.
	versionRE     = lazyRegexp(`^[0-9]{1,3}(?:\.[0-9]{1,3}){1,3}$`)
	kmsKeyARNRE   = lazyRegexp(`^arn:aws[a-z-]{0,10}:kms:[a-z0-9-]{1,30}:[0-9]{12}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	kmsAliasARNRE = lazyRegexp(`^arn:aws[a-z-]{0,10}:kms:[a-z0-9-]{1,30}:[0-9]{12}:(alias/[A-Za-z0-9/_-]{1,250})$`)
	kmsAliasRE    = lazyRegexp(`^alias/[A-Za-z0-9/_-]{1,250}$`)
	// secretLikeRE finds a run that looks like a generated token rather
	// than a name a person chose: 16 or more letters and digits mixed.
	secretLikeRE = lazyRegexp(`[A-Za-z0-9]{16,}`)
)

// TaintShowable reports whether tainted text s may appear in a message:
// it is an EMR enum value (any letter case), a release label emr-N.N.N
// or a bare version N.N.N, a KMS key ARN, a KMS alias ARN or alias name, or a CIDR block.
//
// An alias name is free text an attacker can build around a secret
// ("alias/${file(…)}"), so one holding a token-like run (16 or more
// letters and digits, with both) is not shown.
func TaintShowable(s string) bool {
	switch {
	case taintEnum(normEnum(s)), releaseLabelRE().MatchString(s), versionRE().MatchString(s), kmsKeyARNRE().MatchString(s):
		return true
	case kmsAliasRE().MatchString(s):
		return !tokenLike(s)
	}
	if m := kmsAliasARNRE().FindStringSubmatch(s); m != nil {
		return !tokenLike(m[1])
	}
	if _, _, err := net.ParseCIDR(s); err == nil && len(s) <= 43 {
		return true
	}
	return false
}

// normEnum folds letter case and '_' to '-', as the rules compare enums.
func normEnum(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
}

// nameLikeRE is an identifier a person would choose for an instance.
var nameLikeRE = lazyRegexp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// TaintNameLike reports whether tainted text s looks like a name a person
// chose (letters, digits, '_', '.', '-', at most 64, no token-like run of
// 16 or more letters and digits mixed). Resource addresses show for_each
// keys of this shape even when read from a file, so that a plan and its
// source still match; a short secret of this shape would be shown there.
func TaintNameLike(s string) bool {
	return nameLikeRE().MatchString(s) && !tokenLike(s)
}

func tokenLike(s string) bool {
	for _, run := range secretLikeRE().FindAllString(s, -1) {
		if strings.ContainsAny(run, "0123456789") && strings.IndexFunc(run, isLetter) >= 0 {
			return true
		}
	}
	return false
}

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }

// TaintedText is what a message shows instead of tainted text.
func TaintedText(source string) string {
	if source == "" {
		source = "outside the configuration"
	}
	return "(value read from " + source + ")"
}

// taintedDisplay is Display's answer for a tainted string that must not
// be shown; hidden is false when Display should go on as usual (the value
// is not tainted, is sensitive, is not a known string, or is showable).
func (v *Value) taintedDisplay() (s string, hidden bool) {
	if v == nil || v.Taint() == "" || v.Sensitive || v.State != Known || v.Kind != KindString {
		return "", false
	}
	if TaintShowable(v.Str) {
		return "", false
	}
	return TaintedText(v.Taint()), true
}

// KeyDisplay renders key k of object v for a message: quoted, or
// "(value read from SOURCE)" when v is tainted (its keys came from the
// same place as its values) and k is not showable.
func (v *Value) KeyDisplay(k string) string {
	if v != nil && v.Taint() != "" && !TaintShowable(k) {
		return TaintedText(v.Taint())
	}
	return strconv.Quote(k)
}

// MarkTainted marks v and every value below it as read from source,
// keeping a source already set (a document parsed from a file keeps the
// file as its source). v must not be shared.
func (v *Value) MarkTainted(source string) {
	v.visitOwned(func(x *Value) {
		if x.Taint() == "" {
			x.SetTaint(source)
		}
	})
}

// TaintedStrings maps every tainted text at or below v that a message
// must not show (string values and object keys) to its source, so that
// a message quoting one some other way than Display can be scrubbed.
func (v *Value) TaintedStrings(out map[string]string) {
	v.visit(func(x *Value) {
		if x.Taint() == "" || x.Sensitive || x.State != Known {
			return
		}
		switch x.Kind {
		case KindString:
			if x.Str != "" && !TaintShowable(x.Str) {
				out[x.Str] = x.Taint()
			}
		case KindObject:
			for _, k := range x.Keys() {
				if k != "" && !TaintShowable(k) {
					out[k] = x.Taint()
				}
			}
		}
	})
}

// ShownText is the text of a known string value as a message may show
// it, unquoted: the string itself, "(value read from SOURCE)" for tainted
// text that is not showable, "(sensitive value)" for a sensitive one; ""
// for any other value.
func (v *Value) ShownText() string {
	s, ok := v.AsString()
	switch {
	case !ok:
		return ""
	case v.Sensitive:
		return "(sensitive value)"
	case v.Taint() != "" && !TaintShowable(s):
		return TaintedText(v.Taint())
	}
	return s
}

// ShownKey is key k of object v as a message may show it, unquoted: the
// key itself, or "(value read from SOURCE)" when v is tainted and k is
// not showable, "(sensitive value)" when v is sensitive.
func (v *Value) ShownKey(k string) string {
	switch {
	case v == nil:
		return k
	case v.Sensitive:
		return "(sensitive value)"
	case v.Taint() != "" && !TaintShowable(k):
		return TaintedText(v.Taint())
	}
	return k
}
