package hclconfig

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// fileResolver finds files for file(), templatefile() and friends:
// relative paths are tried against the root module directory (Terraform's
// working directory, so "${path.module}/x" works) and then against the
// calling module's directory. Every read and stat goes through files, the
// loader's tffuncs.FileSystem (a treefs confined to the scanned tree),
// never the os package.
type fileResolver struct {
	// rootDir and moduleDir are absolute.
	rootDir, moduleDir string
	files              tffuncs.FileSystem
}

func (fr fileResolver) resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	cand := filepath.Join(fr.rootDir, p)
	if _, err := fr.files.Stat(cand); err == nil {
		return cand
	}
	return filepath.Join(fr.moduleDir, p)
}

// read returns the resolved path and the contents of p. A refusal of the
// file system is returned as is (errors.Is(err, tffuncs.ErrRefused)); other
// errors name p as written, never the contents.
func (fr fileResolver) read(p string) (string, []byte, error) {
	path := fr.resolve(p)
	b, err := fr.files.ReadFile(path)
	if errors.Is(err, tffuncs.ErrRefused) {
		return path, nil, err
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil, fmt.Errorf("no file exists at %q", p)
		}
		return path, nil, fmt.Errorf("reading file %q: %w", p, err)
	}
	if !utf8.Valid(b) {
		return path, nil, fmt.Errorf("reading file %q: contents are not valid UTF-8", p)
	}
	return path, b, nil
}

// taintSource names a file for marks.Tainted: relative to the root
// module directory.
func (fr fileResolver) taintSource(path string) string {
	return "file " + relPath(fr.rootDir, path)
}

// refusedCall is the blocker of a refused read: the call as written,
// without the path when the path is itself sensitive or tainted.
func refusedCall(name string, path cty.Value, err error) marks.Blocker {
	p, pm := path.Unmark()
	arg := "…"
	if _, s := pm[marks.Sensitive{}]; !s && !hasTaint(pm) {
		arg = fmt.Sprintf("%q", p.AsString())
	}
	return marks.Blocker(fmt.Sprintf("%s(%s) (%s)", name, arg, err))
}

func hasTaint(ms cty.ValueMarks) bool {
	for m := range ms {
		if _, ok := m.(marks.Tainted); ok {
			return true
		}
	}
	return false
}

// readFunc is file (encode nil) or filebase64: the contents are tainted
// with the file's name; a refused read is an unknown value blocked by the
// call (the loader reports it as a warning).
func readFunc(name string, fr fileResolver, encode func([]byte) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			path, b, err := fr.read(pv.AsString())
			if errors.Is(err, tffuncs.ErrRefused) {
				return cty.UnknownVal(cty.String).Mark(refusedCall(name, args[0], err)).WithMarks(pm), nil
			}
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			s := string(b)
			if encode != nil {
				s = encode(b)
			}
			return cty.StringVal(s).Mark(marks.Tainted{Source: fr.taintSource(path)}).WithMarks(pm), nil
		},
	})
}

// functions returns the function table for a module directory.
func functions(fr fileResolver) map[string]function.Function {
	fns := map[string]function.Function{
		"abs":             stdlib.AbsoluteFunc,
		"alltrue":         allTrueFunc,
		"anytrue":         anyTrueFunc,
		"can":             tryfunc.CanFunc,
		"ceil":            stdlib.CeilFunc,
		"chomp":           stdlib.ChompFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"coalesce":        stdlib.CoalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        stdlib.ContainsFunc,
		"csvdecode":       stdlib.CSVDecodeFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         stdlib.ElementFunc,
		"endswith":        endsWithFunc,
		"flatten":         stdlib.FlattenFunc,
		"floor":           stdlib.FloorFunc,
		"format":          stdlib.FormatFunc,
		"formatdate":      stdlib.FormatDateFunc,
		"formatlist":      stdlib.FormatListFunc,
		"indent":          stdlib.IndentFunc,
		"index":           stdlib.IndexFunc,
		"join":            stdlib.JoinFunc,
		"jsondecode":      stdlib.JSONDecodeFunc,
		"jsonencode":      stdlib.JSONEncodeFunc,
		"keys":            stdlib.KeysFunc,
		"length":          lengthFunc,
		"log":             stdlib.LogFunc,
		"lookup":          stdlib.LookupFunc,
		"lower":           stdlib.LowerFunc,
		"max":             stdlib.MaxFunc,
		"merge":           stdlib.MergeFunc,
		"min":             stdlib.MinFunc,
		"nonsensitive":    nonsensitiveFunc,
		"one":             oneFunc,
		"parseint":        stdlib.ParseIntFunc,
		"pow":             stdlib.PowFunc,
		"range":           stdlib.RangeFunc,
		"regex":           stdlib.RegexFunc,
		"regexall":        stdlib.RegexAllFunc,
		"replace":         replaceFunc,
		"reverse":         stdlib.ReverseListFunc,
		"sensitive":       sensitiveFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setproduct":      stdlib.SetProductFunc,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setunion":        stdlib.SetUnionFunc,
		"signum":          stdlib.SignumFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"split":           stdlib.SplitFunc,
		"startswith":      startsWithFunc,
		"strcontains":     strContainsFunc,
		"strrev":          stdlib.ReverseFunc,
		"substr":          stdlib.SubstrFunc,
		"sum":             sumFunc,
		"timeadd":         stdlib.TimeAddFunc,
		"title":           stdlib.TitleFunc,
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":        stdlib.MakeToFunc(cty.String),
		"trim":            stdlib.TrimFunc,
		"trimprefix":      stdlib.TrimPrefixFunc,
		"trimspace":       stdlib.TrimSpaceFunc,
		"trimsuffix":      stdlib.TrimSuffixFunc,
		"try":             tryfunc.TryFunc,
		"upper":           stdlib.UpperFunc,
		"values":          stdlib.ValuesFunc,
		"yamldecode":      ctyyaml.YAMLDecodeFunc,
		"yamlencode":      ctyyaml.YAMLEncodeFunc,
		"zipmap":          stdlib.ZipmapFunc,
		"base64encode":    stringFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode":    stringFunc(base64Decode),
		"md5":             stringFunc(func(s string) (string, error) { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha1":            stringFunc(func(s string) (string, error) { h := sha1.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha256":          stringFunc(func(s string) (string, error) { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha512":          stringFunc(func(s string) (string, error) { h := sha512.Sum512([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"basename":        stringFunc(func(s string) (string, error) { return filepath.Base(s), nil }),
		"dirname":         stringFunc(func(s string) (string, error) { return filepath.Dir(s), nil }),
		"abspath": stringFunc(func(s string) (string, error) {
			p, err := filepath.Abs(s)
			return filepath.ToSlash(p), err
		}),
		"pathexpand": stringFunc(func(s string) (string, error) { return s, nil }),
		"file":       readFunc("file", fr, nil),
		"filebase64": readFunc("filebase64", fr, base64.StdEncoding.EncodeToString),
		"timestamp":  unknownStringFunc,
		"uuid":       unknownStringFunc,
	}
	fns["fileexists"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			st, err := fr.files.Stat(fr.resolve(pv.AsString()))
			if errors.Is(err, tffuncs.ErrRefused) {
				return cty.UnknownVal(cty.Bool).Mark(refusedCall("fileexists", args[0], err)).WithMarks(pm), nil
			}
			return cty.BoolVal(err == nil && !st.IsDir()).WithMarks(pm), nil
		},
	})
	fns["templatefile"] = templateFileFunc(fr, fns)
	return fns
}

// stringFunc wraps a string -> string Go function.
func stringFunc(fn func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := fn(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("decoding base64: %w", err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("decoded base64 is not valid UTF-8")
	}
	return string(b), nil
}

var unknownStringFunc = function.New(&function.Spec{
	Type: function.StaticReturnType(cty.String),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(cty.String), nil },
})

func stringPredicate(fn func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(fn(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var (
	startsWithFunc  = stringPredicate(strings.HasPrefix)
	endsWithFunc    = stringPredicate(strings.HasSuffix)
	strContainsFunc = stringPredicate(strings.Contains)
)

// replaceFunc is Terraform's replace: a substring wrapped in slashes is a
// regular expression.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), fmt.Errorf("invalid regular expression: %w", err)
			}
			return cty.StringVal(re.ReplaceAllString(str, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, sub, rep)), nil
	},
})

// lengthFunc is Terraform's length: strings count characters.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() || ty == cty.DynamicPseudoType {
			return cty.Number, nil
		}
		return cty.NilType, fmt.Errorf("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		switch {
		case ty == cty.DynamicPseudoType || !v.IsKnown():
			return cty.UnknownVal(cty.Number), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))), nil
		}
		return v.Length(), nil
	},
})

func boolFold(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			res := all
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if !v.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if v.IsNull() {
					continue
				}
				if all && v.False() {
					res = false
				}
				if !all && v.True() {
					res = true
				}
			}
			return cty.BoolVal(res), nil
		},
	})
}

var (
	allTrueFunc = boolFold(true)
	anyTrueFunc = boolFold(false)
)

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Number)}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("cannot sum an empty list")
		}
		total := cty.Zero
		for it := args[0].ElementIterator(); it.Next(); {
			_, v := it.Element()
			if v.IsNull() {
				return cty.NilVal, fmt.Errorf("cannot sum a null value")
			}
			total = total.Add(v)
		}
		return total, nil
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			et := ty.TupleElementTypes()
			if len(et) == 0 {
				return cty.DynamicPseudoType, nil
			}
			if len(et) == 1 {
				return et[0], nil
			}
		}
		return cty.NilType, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		v := args[0]
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
})

var sensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0].Mark(marks.Sensitive{}), nil
	},
})

var nonsensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, ms := args[0].Unmark()
		delete(ms, marks.Sensitive{})
		return v.WithMarks(ms), nil
	},
})

func templateFileFunc(fr fileResolver, outer map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String, AllowMarked: true},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			path, src, err := fr.read(pv.AsString())
			if errors.Is(err, tffuncs.ErrRefused) {
				return cty.UnknownVal(cty.String).Mark(refusedCall("templatefile", args[0], err)).WithMarks(pm), nil
			}
			if err != nil {
				return cty.NilVal, err
			}
			taint := marks.Tainted{Source: fr.taintSource(path)}
			expr, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
			if diags.HasErrors() {
				return cty.NilVal, templateError(fr.taintSource(path), diags)
			}
			vars := args[1]
			if !vars.IsKnown() {
				return cty.UnknownVal(cty.String).WithMarks(pm), nil
			}
			ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: map[string]function.Function{}}
			if !vars.IsNull() && (vars.Type().IsObjectType() || vars.Type().IsMapType()) {
				for it := vars.ElementIterator(); it.Next(); {
					k, v := it.Element()
					ctx.Variables[k.AsString()] = v
				}
			} else if !vars.IsNull() {
				return cty.NilVal, fmt.Errorf("invalid vars value: must be a map")
			}
			for n, f := range outer {
				if n != "templatefile" {
					ctx.Functions[n] = f
				}
			}
			v, diags := expr.Value(ctx)
			if diags.HasErrors() {
				return cty.NilVal, templateError(fr.taintSource(path), diags)
			}
			v, err = convert.Convert(v, cty.String)
			if err != nil {
				return cty.NilVal, fmt.Errorf("template result: %w", err)
			}
			return v.Mark(taint).WithMarks(pm), nil
		},
	})
}

// templateError reports a template's errors by summary and position only:
// the template is text read from a file, and a detail may quote it.
func templateError(source string, diags hcl.Diagnostics) error {
	var parts []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		p := d.Summary
		if d.Subject != nil {
			p += fmt.Sprintf(" at line %d, column %d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		parts = append(parts, p)
	}
	return fmt.Errorf("the template (%s) has errors: %s", source, strings.Join(parts, "; "))
}
