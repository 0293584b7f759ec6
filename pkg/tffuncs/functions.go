package tffuncs

import (
	"errors"
	"fmt"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"math"
	"math/big"

	"github.com/hashicorp/go-cty-funcs/crypto"
	"github.com/hashicorp/go-cty-funcs/encoding"
	"github.com/hashicorp/go-cty-funcs/uuid"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// Versions of the tools whose function tables this package follows.
const (
	// TerraformVersion is the Terraform release whose built-in functions
	// (names, signatures, results) the table reproduces.
	TerraformVersion = "1.11.4"
	// OpenTofuVersion is the OpenTofu release whose additional functions
	// the table adds when Options.OpenTofu is set.
	OpenTofuVersion = "1.9"
)

// Options configures the function table of one module.
type Options struct {
	// FS is what the file functions read through. Nil means
	// OSFileSystem, which reads anything: callers that scan untrusted
	// code pass a confined file system.
	FS FileSystem
	// BaseDir is the root module's directory, absolute: Terraform's
	// working directory, against which file functions resolve relative
	// paths (a module reaches its own files through path.module, which is
	// relative to it) and abspath makes paths absolute.
	BaseDir string
	// ModuleDir is the calling module's directory, absolute. Terraform's
	// functions never resolve paths against it, and neither does the
	// table; it records which module a table was built for.
	ModuleDir string
	// Env is the environment, as os.Environ gives it, in which ~ at the
	// start of a path expands: to HOME (homedir.go). Nothing else is read
	// from it. Nil means none: such a path is then unknown, never
	// guessed, and no process is started to look the directory up.
	Env []string
	// OpenTofu selects OpenTofu's function set: Terraform's plus the
	// functions OpenTofu adds (base64gunzip, cidrcontains, urldecode).
	OpenTofu bool
	// ParsedTemplate, when set, is given every template templatefile and
	// templatestring parse, before it is evaluated (the evaluator counts
	// the iterations of its for expressions this way).
	ParsedTemplate func(hclsyntax.Node)
	// Refused, when set, is told about every file read the file system
	// refused; call is the call with its argument as written, e.g.
	// `file("../secret")`, or `file(…)` when the argument is sensitive or
	// was itself read from a file or the environment.
	Refused func(call string, err error)
}

// Functions returns the function table of one module: every built-in
// function of Terraform (or OpenTofu), under its plain name and its
// core:: alias, plus the hashicorp/aws provider functions under
// provider::aws::. File functions read through opts.FS.
func Functions(opts Options) map[string]function.Function {
	if opts.FS == nil {
		opts.FS = OSFileSystem{}
	}
	files := fileFuncs{opts: opts}
	fns := map[string]function.Function{
		// Numeric: go-cty's stdlib, as Terraform uses it.
		"abs":      stdlib.AbsoluteFunc,
		"ceil":     stdlib.CeilFunc,
		"floor":    stdlib.FloorFunc,
		"log":      logFunc,
		"max":      stdlib.MaxFunc,
		"min":      stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc,
		"pow":      powFunc,
		"signum":   signumFunc,

		// Strings: stdlib where Terraform uses it.
		"chomp":       stdlib.ChompFunc,
		"endswith":    endsWithFunc,
		"format":      formatFunc,
		"formatlist":  formatListFunc,
		"indent":      indentFunc,
		"join":        stdlib.JoinFunc,
		"lower":       stdlib.LowerFunc,
		"regex":       stdlib.RegexFunc,
		"regexall":    stdlib.RegexAllFunc,
		"replace":     replaceFunc,
		"split":       stdlib.SplitFunc,
		"startswith":  startsWithFunc,
		"strcontains": strContainsFunc,
		"strrev":      stdlib.ReverseFunc,
		"substr":      stdlib.SubstrFunc,
		"title":       stdlib.TitleFunc,
		"trim":        stdlib.TrimFunc,
		"trimprefix":  stdlib.TrimPrefixFunc,
		"trimspace":   stdlib.TrimSpaceFunc,
		"trimsuffix":  stdlib.TrimSuffixFunc,
		"upper":       stdlib.UpperFunc,

		// Collections.
		"alltrue":         allTrueFunc,
		"anytrue":         anyTrueFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"coalesce":        coalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        containsFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         elementFunc,
		"flatten":         stdlib.FlattenFunc,
		"index":           indexFunc,
		"keys":            stdlib.KeysFunc,
		"length":          lengthFunc,
		"lookup":          lookupFunc,
		"matchkeys":       matchKeysFunc,
		"merge":           mergeFunc,
		"one":             oneFunc,
		"range":           stdlib.RangeFunc,
		"reverse":         stdlib.ReverseListFunc,
		"setintersection": setIntersectionFunc,
		"setproduct":      stdlib.SetProductFunc,
		"setsubtract":     setSubtractFunc,
		"setunion":        setUnionFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"sum":             sumFunc,
		"transpose":       transposeFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,

		// Encoding.
		"base64decode":     base64DecodeFunc,
		"base64encode":     base64EncodeFunc,
		"base64gzip":       base64GzipFunc,
		"csvdecode":        stdlib.CSVDecodeFunc,
		"jsondecode":       stdlib.JSONDecodeFunc,
		"jsonencode":       stdlib.JSONEncodeFunc,
		"textdecodebase64": textDecodeBase64Func,
		"textencodebase64": textEncodeBase64Func,
		"urlencode":        encoding.URLEncodeFunc,
		"yamldecode":       ctyyaml.YAMLDecodeFunc,
		"yamlencode":       ctyyaml.YAMLEncodeFunc,

		// Filesystem: over opts.FS, never the OS directly.
		"abspath":          files.absPathFunc(),
		"basename":         basenameFunc,
		"dirname":          dirnameFunc,
		"file":             files.readFunc("file", fileText),
		"filebase64":       files.readFunc("filebase64", fileBase64),
		"filebase64sha256": files.readFunc("filebase64sha256", fileHash(sha256New, b64)),
		"filebase64sha512": files.readFunc("filebase64sha512", fileHash(sha512New, b64)),
		"fileexists":       files.existsFunc(),
		"filemd5":          files.readFunc("filemd5", fileHash(md5New, hexEnc)),
		"fileset":          files.setFunc(),
		"filesha1":         files.readFunc("filesha1", fileHash(sha1New, hexEnc)),
		"filesha256":       files.readFunc("filesha256", fileHash(sha256New, hexEnc)),
		"filesha512":       files.readFunc("filesha512", fileHash(sha512New, hexEnc)),
		"pathexpand":       files.pathExpandFunc(),

		// Date and time.
		"formatdate": stdlib.FormatDateFunc,
		"timeadd":    stdlib.TimeAddFunc,
		"timecmp":    timeCmpFunc,

		// Hash and crypto: go-cty-funcs where it equals Terraform.
		"base64sha256": base64HashFunc(sha256New),
		"base64sha512": base64HashFunc(sha512New),
		"md5":          crypto.Md5Func,
		"rsadecrypt":   rsaDecryptFunc,
		"sha1":         crypto.Sha1Func,
		"sha256":       crypto.Sha256Func,
		"sha512":       crypto.Sha512Func,
		"uuidv5":       uuid.V5Func,

		// IP network.
		"cidrhost":    cidrHostFunc,
		"cidrnetmask": cidrNetmaskFunc,
		"cidrsubnet":  cidrSubnetFunc,
		"cidrsubnets": cidrSubnetsFunc,

		// Type conversion and sensitivity.
		"can":             tryfunc.CanFunc,
		"ephemeralasnull": ephemeralAsNullFunc,
		"issensitive":     isSensitiveFunc,
		"nonsensitive":    nonsensitiveFunc,
		"sensitive":       sensitiveFunc,
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":        stdlib.MakeToFunc(cty.String),
		"try":             tryfunc.TryFunc,

		// Known only after apply: Terraform's plan (and `terraform console
		// -plan`) shows these as unknown, so do we, naming the function.
		"bcrypt":        afterApply("bcrypt", crypto.BcryptFunc),
		"timestamp":     afterApply("timestamp", timestampSpec),
		"uuid":          afterApply("uuid", uuid.V4Func),
		"plantimestamp": planTimestampFunc,

		// Removed in Terraform 0.15, still known by name to say so.
		"list": removedFunc("list", "tolist([ ... ])"),
		"map":  removedFunc("map", "tomap({ ... })"),
	}
	if opts.OpenTofu {
		fns["base64gunzip"] = base64GunzipFunc
		fns["cidrcontains"] = cidrContainsFunc
		fns["urldecode"] = urlDecodeFunc
	}
	for name, f := range fns {
		fns[name] = keepMarksOnUnknown(f)
	}
	// templatefile and templatestring see the whole table, except
	// themselves (Terraform refuses recursive template rendering).
	fns["templatefile"] = keepMarksOnUnknown(files.templateFileFunc(fns))
	fns["templatestring"] = templateStringFunc(withoutFilesystem(fns), opts.ParsedTemplate)
	builtins := make([]string, 0, len(fns))
	for name := range fns {
		builtins = append(builtins, name)
	}
	for _, name := range builtins {
		fns["core::"+name] = fns[name]
	}
	for name, f := range awsProviderFunctions() {
		fns["provider::aws::"+name] = f
	}
	for name, f := range terraformProviderFunctions() {
		fns["provider::terraform::"+name] = f
	}
	return fns
}

// afterApply wraps f so that, after the same argument checks, it returns an
// unknown value blocked by the call: Terraform evaluates impure functions
// only during apply.
func afterApply(name string, f function.Function) function.Function {
	return blockedBy(f, marks.Blocker(name+"() (known only after apply)"))
}

// blockedBy keeps f's signature and type checking and replaces its result
// by an unknown value marked with the blocker.
func blockedBy(f function.Function, b marks.Blocker) function.Function {
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        f.ReturnTypeForValues,
		Impl: func(_ []cty.Value, retType cty.Type) (cty.Value, error) {
			return cty.UnknownVal(retType).Mark(b), nil
		},
	}
	return function.New(spec)
}

// respec returns f with its parameters edited, for the stdlib functions
// whose go-cty version (v1.20) declares a parameter differently from the
// go-cty Terraform 1.11 was built with. The edited parameters only refuse
// or short-cut more (a null, a value of unknown type) before f runs.
func respec(f function.Function, edit func(params []function.Parameter, varParam *function.Parameter)) function.Function {
	params := f.Params()
	varParam := f.VarParam()
	edit(params, varParam)
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.Call(args)
		},
	})
}

var (
	// containsFunc: Terraform 1.11 refuses a null value to look for.
	containsFunc = respec(stdlib.ContainsFunc, func(p []function.Parameter, _ *function.Parameter) {
		p[1].AllowNull = false
	})
	// formatFunc and formatListFunc: in Terraform 1.11 an argument of
	// unknown type (the literal null among them) makes the result unknown.
	formatFunc = respec(stdlib.FormatFunc, func(_ []function.Parameter, vp *function.Parameter) {
		vp.AllowDynamicType = false
	})
	formatListFunc = respec(stdlib.FormatListFunc, func(_ []function.Parameter, vp *function.Parameter) {
		vp.AllowDynamicType = false
	})
)

// elementFunc is stdlib's element without negative indexes on tuples:
// go-cty 1.20 counts them from the end, Terraform 1.11 (go-cty 1.16) fails
// the call on a tuple (with a panic) and counts from the end on a list, as
// terraform console recorded (testdata/functions).
var elementFunc = function.New(&function.Spec{
	Description: stdlib.ElementFunc.Description(),
	Params:      stdlib.ElementFunc.Params(),
	Type: func(args []cty.Value) (cty.Type, error) {
		if idx := args[1]; args[0].Type().IsTupleType() && idx.IsKnown() && !idx.IsNull() && idx.LessThan(cty.Zero).True() {
			return cty.NilType, errors.New("cannot use element function with a negative index")
		}
		return stdlib.ElementFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return stdlib.ElementFunc.Call(args)
	},
})

// keepMarksOnUnknown makes f keep its arguments' marks when its result is
// unknown. A parameter that handles marks itself (AllowMarked) but not
// unknowns, or not values of unknown type, makes go-cty return a bare
// unknown for such an argument, dropping its marks: element(module.vpc.private_subnets, 0) lost the
// blocker that says what the subnet waits for, and an indeterminate then
// named some other value (issue 20.3). The marks of every argument go onto
// an unknown result; a known result is f's own.
func keepMarksOnUnknown(f function.Function) function.Function {
	params, vp := f.Params(), f.VarParam()
	drops := func(p *function.Parameter) bool { return p.AllowMarked && (!p.AllowUnknown || !p.AllowDynamicType) }
	needs := vp != nil && drops(vp)
	for _, p := range params {
		needs = needs || drops(&p)
		if p.Type.Equals(customdecode.ExpressionClosureType) || p.Type.Equals(customdecode.ExpressionType) {
			return f
		}
	}
	if !needs {
		return f
	}
	outer := make([]function.Parameter, len(params))
	for i, p := range params {
		p.AllowUnknown, p.AllowMarked, p.AllowDynamicType = true, true, true
		outer[i] = p
	}
	var outerVP *function.Parameter
	if vp != nil {
		c := *vp
		c.AllowUnknown, c.AllowMarked, c.AllowDynamicType = true, true, true
		outerVP = &c
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      outer,
		VarParam:    outerVP,
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, err := f.Call(args)
			if err != nil || v.IsWhollyKnown() {
				return v, err
			}
			for _, a := range args {
				_, pvm := a.UnmarkDeepWithPaths()
				for _, pm := range pvm {
					v = v.WithMarks(pm.Marks)
				}
			}
			return v, nil
		},
	})
}

// filesystemFunctions are the functions a templatestring template may not
// call, as in Terraform 1.11 (a template from elsewhere must not read
// files).
var filesystemFunctions = []string{
	"file", "fileexists", "fileset", "filebase64", "filebase64sha256", "filebase64sha512",
	"filemd5", "filesha1", "filesha256", "filesha512", "templatefile",
}

// withoutFilesystem is fns with each filesystem function (and its core::
// name) replaced by one that fails with Terraform's words.
func withoutFilesystem(fns map[string]function.Function) map[string]function.Function {
	out := make(map[string]function.Function, len(fns))
	for k, f := range fns {
		out[k] = f
	}
	for _, name := range filesystemFunctions {
		refused := function.New(&function.Spec{
			VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType,
				AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true},
			Type: function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
				return cty.DynamicVal, fmt.Errorf("cannot use filesystem access functions like %s in templatestring templates; consider passing the function result as a template variable instead", name)
			},
		})
		out[name] = refused
		out["core::"+name] = refused
	}
	return out
}

// signumFunc is stdlib's signum refusing what Terraform 1.11 refuses: a
// number that is not a whole number within int64.
var signumFunc = guarded(stdlib.SignumFunc, func(args []cty.Value) error {
	v, _ := args[0].Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	bf := v.AsBigFloat()
	if _, acc := bf.Int64(); !bf.IsInt() || acc != big.Exact {
		return errors.New("value must be a whole number, between -9223372036854775808 and 9223372036854775807")
	}
	return nil
})

// noDynamic makes every parameter of f refuse values of unknown type,
// so that such an argument makes the result unknown before f runs.
func noDynamic(p []function.Parameter, vp *function.Parameter) {
	for i := range p {
		p[i].AllowDynamicType = false
	}
	if vp != nil {
		vp.AllowDynamicType = false
	}
}

var (
	// The set functions: go-cty 1.20's fail (a panic) on an argument of
	// unknown type, which Terraform 1.11 answers with an unknown set.
	setIntersectionFunc = respec(stdlib.SetIntersectionFunc, noDynamic)
	setSubtractFunc     = respec(stdlib.SetSubtractFunc, noDynamic)
	setUnionFunc        = respec(stdlib.SetUnionFunc, noDynamic)
)

// guarded wraps f with a check of its known arguments that refuses, in
// words, the inputs on which f would fail with a panic (Terraform 1.11
// fails on them too, with a stack trace).
func guarded(f function.Function, check func(args []cty.Value) error) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := check(args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

// knownFloat is a known, unmarked number argument as a float64.
func knownFloat(v cty.Value) (float64, bool) {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

var (
	indentFunc = guarded(stdlib.IndentFunc, func(args []cty.Value) error {
		if n, ok := knownFloat(args[0]); ok && n < 0 {
			return errors.New("the number of spaces must not be negative")
		}
		return nil
	})
	powFunc = guarded(stdlib.PowFunc, func(args []cty.Value) error {
		n, ok1 := knownFloat(args[0])
		p, ok2 := knownFloat(args[1])
		if ok1 && ok2 && math.IsNaN(math.Pow(n, p)) {
			return errors.New("this power of this number is not a real number")
		}
		return nil
	})
	// mergeFunc: go-cty fails with a panic when a null comes before an
	// argument that is not a map or object; its own message for that
	// argument is used instead.
	mergeFunc = guarded(stdlib.MergeFunc, func(args []cty.Value) error {
		for _, a := range args {
			a, _ = a.UnmarkDeep()
			if ty := a.Type(); !a.IsNull() && ty != cty.DynamicPseudoType && !ty.IsMapType() && !ty.IsObjectType() {
				return fmt.Errorf("arguments must be maps or objects, got %q", ty.FriendlyName())
			}
		}
		return nil
	})
	logFunc = guarded(stdlib.LogFunc, func(args []cty.Value) error {
		n, ok1 := knownFloat(args[0])
		b, ok2 := knownFloat(args[1])
		if ok1 && ok2 && math.IsNaN(math.Log(n)/math.Log(b)) {
			return errors.New("the logarithm of this number in this base is not a number")
		}
		return nil
	})
)

// RemovedFunctions are the functions Terraform removed but still knows by
// name, so that a call says what to write instead: they are in the table
// (every call fails) and not in `terraform metadata functions`.
var RemovedFunctions = []string{"list", "map"}

// removedFunc is list or map: any call fails with Terraform's message.
func removedFunc(name, replacement string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{
			Name: "vals", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowDynamicType: true, AllowNull: true,
		},
		Type: func([]cty.Value) (cty.Type, error) {
			return cty.DynamicPseudoType, fmt.Errorf("the %q function was deprecated in Terraform v0.12 and is no longer available; use %s syntax to write a literal %s", name, replacement, name)
		},
	})
}
