package tffuncs

import (
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// The filesystem functions are written here, over Options.FS, because
// go-cty-funcs' filesystem package reads the operating system directly,
// which a gate scanning untrusted code must not do. Their results and
// messages follow Terraform's: relative paths resolve against the root
// module directory (Terraform's working directory), messages show the path
// as written.

// maxFilesetEntries bounds the directory entries fileset may visit.
const maxFilesetEntries = 100000

// fileFuncs builds the functions that read files.
type fileFuncs struct {
	opts Options
}

// resolve turns a path as written into an absolute, cleaned path.
func (ff fileFuncs) resolve(p string) (string, error) {
	return ResolvePath(ff.opts.BaseDir, p, ff.opts.Env)
}

// ResolvePath turns a path as a file function's argument writes it into
// the absolute, cleaned path Terraform reads: ~ expands to the home
// directory env names (homedir.go; an error wrapping ErrNoHome when it
// names none) and a relative path is relative to baseDir, the root
// module's directory (Terraform's working directory). The evaluator names
// the files of documents it parses with the same path.
func ResolvePath(baseDir, p string, env []string) (string, error) {
	p, err := expandHome(p, env)
	if err != nil {
		return "", fmt.Errorf("failed to expand ~: %w", err)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(baseDir, p)
	}
	return filepath.Clean(p), nil
}

// hashFuncs are the file functions that report read errors as the
// operating system words them.
var hashFuncs = map[string]bool{
	"filemd5": true, "filesha1": true, "filesha256": true, "filesha512": true,
	"filebase64sha256": true, "filebase64sha512": true,
}

// display is a path as Terraform names it in messages: joined to its
// working directory ".", so relative paths stay relative.
func (ff fileFuncs) display(written string) string {
	if p, err := expandHome(written, ff.opts.Env); err == nil {
		written = p
	}
	return filepath.Clean(written)
}

// redactPath quotes a path as written for a message, as Terraform does,
// unless it is sensitive or was itself read from a file or the
// environment: then it says so instead of showing it.
func redactPath(written string, pm cty.ValueMarks) string {
	if src, ok := taintSource(pm); ok {
		return "(path read from " + src + ")"
	}
	return redactIfSensitive(written, pm)
}

// shownPath is display(written), or what redactPath says instead.
func (ff fileFuncs) shownPath(written string, pm cty.ValueMarks) string {
	if _, s := pm[marks.Sensitive{}]; s || hasTaint(pm) {
		return redactPath(written, pm)
	}
	return ff.display(written)
}

// taintSource is the source of the first Tainted mark in sort order.
func taintSource(pm cty.ValueMarks) (string, bool) {
	src, ok := "", false
	for m := range pm {
		if t, is := m.(marks.Tainted); is && (!ok || t.Source < src) {
			src, ok = t.Source, true
		}
	}
	return src, ok
}

// source names a file for its Tainted mark: relative to BaseDir when
// inside it, else as written.
func (ff fileFuncs) source(abs, written string) string {
	if rel, err := filepath.Rel(ff.opts.BaseDir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return written
}

// refused reports a refused read and returns the unknown value blocked by
// the call that stands for its result.
func (ff fileFuncs) refused(name string, path cty.Value, err error, ty cty.Type, report bool) cty.Value {
	pv, pm := path.Unmark()
	arg := "…" // a sensitive path, or one read from a file, is not named
	if _, s := pm[marks.Sensitive{}]; !s && !hasTaint(pm) {
		arg = fmt.Sprintf("%q", pv.AsString())
	}
	call := fmt.Sprintf("%s(%s)", name, arg)
	if report && ff.opts.Refused != nil {
		ff.opts.Refused(call, err)
	}
	reason := strings.TrimPrefix(err.Error(), ErrRefused.Error())
	reason = strings.TrimLeft(reason, ": ")
	if reason == "" {
		reason = "outside what may be read"
	}
	return cty.UnknownVal(ty).Mark(marks.Blocker(fmt.Sprintf("%s (read refused: %s)", call, reason)))
}

// hasTaint reports whether marks hold a marks.Tainted.
func hasTaint(ms cty.ValueMarks) bool {
	for m := range ms {
		if _, ok := m.(marks.Tainted); ok {
			return true
		}
	}
	return false
}

// read reads a file for the named function. A refused read returns the
// blocked value to return instead (reported when report is set).
func (ff fileFuncs) read(name string, pathArg cty.Value, ty cty.Type, report bool) (data []byte, src string, blocked cty.Value, err error) {
	pv, pm := pathArg.Unmark()
	written := pv.AsString()
	abs, err := ff.resolve(written)
	if errors.Is(err, ErrNoHome) {
		return nil, "", ff.refused(name, pathArg, noHome(err), ty, report), nil
	}
	if err != nil {
		return nil, "", cty.NilVal, function.NewArgError(0, err)
	}
	b, err := ff.opts.FS.ReadFile(abs)
	switch {
	case errors.Is(err, ErrRefused):
		return nil, "", ff.refused(name, pathArg, err, ty, report), nil
	case err != nil && hashFuncs[name]:
		// The hash functions open the file themselves in Terraform and
		// pass the operating system's error on, naming the path as
		// Terraform's working directory sees it.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, "", cty.NilVal, &fs.PathError{Op: pe.Op, Path: ff.shownPath(written, pm), Err: pe.Err}
		}
		return nil, "", cty.NilVal, err
	case errors.Is(err, fs.ErrNotExist):
		return nil, "", cty.NilVal, function.NewArgErrorf(0, "no file exists at %s; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource", redactPath(written, pm))
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = &fs.PathError{Op: pe.Op, Path: ff.shownPath(written, pm), Err: pe.Err}
		}
		if _, sensitive := pm[marks.Sensitive{}]; sensitive {
			return nil, "", cty.NilVal, function.NewArgErrorf(0, "failed to read file (sensitive value)")
		}
		return nil, "", cty.NilVal, function.NewArgErrorf(0, "failed to read file: %w", err)
	}
	return b, ff.source(abs, written), cty.NilVal, nil
}

// fileText is file's conversion: the contents as UTF-8 text.
func fileText(written string, pm cty.ValueMarks, b []byte) (cty.Value, error) {
	if !utf8.Valid(b) {
		return cty.UnknownVal(cty.String), fmt.Errorf("contents of %s are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead", redactPath(written, pm))
	}
	return cty.StringVal(string(b)), nil
}

// fileBase64 is filebase64's conversion.
func fileBase64(_ string, _ cty.ValueMarks, b []byte) (cty.Value, error) {
	return cty.StringVal(b64(b)), nil
}

// fileHash builds the conversion of the file*sha*/filemd5 functions.
func fileHash(newHash func() hash.Hash, enc func([]byte) string) func(string, cty.ValueMarks, []byte) (cty.Value, error) {
	return func(_ string, _ cty.ValueMarks, b []byte) (cty.Value, error) {
		h := newHash()
		h.Write(b)
		return cty.StringVal(enc(h.Sum(nil))), nil
	}
}

// readFunc builds a function of one path that reads the file and converts
// its contents. The result is tainted with the file's name.
func (ff fileFuncs) readFunc(name string, conv func(string, cty.ValueMarks, []byte) (cty.Value, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, src, blocked, err := ff.read(name, args[0], cty.String, true)
			if err != nil || blocked != cty.NilVal {
				return blocked, err
			}
			pv, pm := args[0].Unmark()
			v, err := conv(pv.AsString(), pm, b)
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return v.WithMarks(pm).Mark(marks.Tainted{Source: "file " + src}), nil
		},
	})
}

// existsFunc is fileexists: true for a regular file, false when nothing
// is there, an error for a directory or special file.
func (ff fileFuncs) existsFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			written := pv.AsString()
			abs, err := ff.resolve(written)
			if errors.Is(err, ErrNoHome) {
				return ff.refused("fileexists", args[0], noHome(err), cty.Bool, true).WithMarks(pm), nil
			}
			if err != nil {
				return cty.UnknownVal(cty.Bool), function.NewArgError(0, err)
			}
			fi, err := ff.opts.FS.Stat(abs)
			taint := marks.Tainted{Source: "file " + ff.source(abs, written)}
			switch {
			case errors.Is(err, ErrRefused):
				return ff.refused("fileexists", args[0], err, cty.Bool, true).WithMarks(pm), nil
			case errors.Is(err, fs.ErrNotExist):
				return cty.False.WithMarks(pm).Mark(taint), nil
			case err != nil:
				return cty.UnknownVal(cty.Bool), fmt.Errorf("failed to stat %s", redactPath(written, pm))
			}
			if fi.Mode().IsRegular() {
				return cty.True.WithMarks(pm).Mark(taint), nil
			}
			what := "is not a regular file"
			switch t := fi.Mode().Type(); {
			case t&fs.ModeDir != 0:
				what = "is a directory, not a file"
			case t&fs.ModeDevice != 0:
				what = "is a device node, not a regular file"
			case t&fs.ModeNamedPipe != 0:
				what = "is a named pipe, not a regular file"
			case t&fs.ModeSocket != 0:
				what = "is a unix domain socket, not a regular file"
			}
			return cty.UnknownVal(cty.Bool), fmt.Errorf("%s %s", redactPath(written, pm), what)
		},
	})
}

// setFunc is fileset: the regular files under a directory whose paths
// match a doublestar pattern, relative to that directory. It walks the
// directory through Options.FS (go-cty-funcs globs the OS directly).
func (ff fileFuncs) setFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String, AllowMarked: true},
			{Name: "pattern", Type: cty.String},
		},
		Type: function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			written, pattern := pv.AsString(), args[1].AsString()
			dir := written
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(ff.opts.BaseDir, dir)
			}
			dir = filepath.Clean(dir)
			full := filepath.ToSlash(filepath.Join(dir, pattern))
			if !doublestar.ValidatePattern(full) {
				shown := filepath.ToSlash(filepath.Join(written, pattern))
				if _, s := pm[marks.Sensitive{}]; s || hasTaint(pm) {
					shown = redactPath(written, pm)
				}
				return cty.UnknownVal(retType), fmt.Errorf("failed to glob pattern %q: %s", shown, doublestar.ErrBadPattern)
			}
			root, depth := globRoot(full)
			var found []cty.Value
			visited := 0
			var walk func(d string, level int) error
			walk = func(d string, level int) error {
				entries, err := ff.opts.FS.ReadDir(filepath.FromSlash(d))
				if err != nil {
					if errors.Is(err, ErrRefused) {
						return err
					}
					return nil // a missing or unreadable directory matches nothing
				}
				for _, e := range entries {
					visited++
					if visited > maxFilesetEntries {
						return fmt.Errorf("more than %d directory entries under %s", maxFilesetEntries, redactPath(written, pm))
					}
					p := path.Join(d, e.Name())
					isDir, isFile := e.IsDir(), e.Type().IsRegular()
					if e.Type()&fs.ModeSymlink != 0 {
						fi, err := ff.opts.FS.Stat(filepath.FromSlash(p))
						if err != nil {
							continue
						}
						isDir, isFile = fi.IsDir(), fi.Mode().IsRegular()
					}
					if isFile && doublestar.MatchUnvalidated(full, p) {
						rel, err := filepath.Rel(dir, filepath.FromSlash(p))
						if err == nil {
							found = append(found, cty.StringVal(filepath.ToSlash(rel)))
						}
					}
					if isDir && (depth < 0 || level+1 < depth) && e.Type()&fs.ModeSymlink == 0 {
						if err := walk(p, level+1); err != nil {
							return err
						}
					}
				}
				return nil
			}
			if err := walk(root, 0); err != nil {
				if errors.Is(err, ErrRefused) {
					return ff.refused("fileset", args[0], err, retType, true).WithMarks(pm), nil
				}
				return cty.UnknownVal(retType), function.NewArgError(0, err)
			}
			taint := marks.Tainted{Source: "fileset " + ff.source(dir, written)}
			if len(found) == 0 {
				return cty.SetValEmpty(cty.String).Mark(taint).WithMarks(pm), nil
			}
			return cty.SetVal(found).Mark(taint).WithMarks(pm), nil
		},
	})
}

// globRoot splits a cleaned, slash-separated pattern into the directory
// holding its first wildcard and how many more levels a match may lie
// below it (-1: any, for **).
func globRoot(full string) (string, int) {
	parts := strings.Split(full, "/")
	i := 0
	for i < len(parts) && !strings.ContainsAny(parts[i], `*?[{\`) {
		i++
	}
	if i == len(parts) {
		// No wildcard: the pattern names one path; list its directory.
		return path.Dir(full), 1
	}
	root := strings.Join(parts[:i], "/")
	if root == "" {
		root = "/"
	}
	rest := parts[i:]
	for _, p := range rest {
		if strings.Contains(p, "**") {
			return root, -1
		}
	}
	return root, len(rest)
}

// absPathFunc is abspath: relative paths are made absolute against the
// root module directory, Terraform's working directory. The result holds
// a path of this machine, so it is tainted.
func (ff fileFuncs) absPathFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			if !filepath.IsAbs(p) {
				p = filepath.Join(ff.opts.BaseDir, p)
			}
			return cty.StringVal(filepath.ToSlash(filepath.Clean(p))).Mark(marks.Tainted{Source: "abspath"}), nil
		},
	})
}

var basenameFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "path", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(filepath.Base(args[0].AsString())), nil
	},
})

var dirnameFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "path", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(filepath.Dir(args[0].AsString())), nil
	},
})

// noHome is the refusal of a read whose path starts with ~ when the
// environment names no home directory: the file is not read (there is no
// directory to guess), and the value is unknown, naming why.
func noHome(err error) error {
	return fmt.Errorf("%w: the path starts with ~ and %w", ErrRefused, errors.Unwrap(err))
}

// pathExpandFunc is pathexpand: a leading ~ becomes the home directory,
// which comes from the environment (Options.Env), so such results are
// tainted. When the environment names no home directory, the result is
// unknown, blocked by the call and the reason.
func (ff fileFuncs) pathExpandFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			pv, pm := args[0].Unmark()
			in := pv.AsString()
			out, err := expandHome(in, ff.opts.Env)
			if errors.Is(err, ErrNoHome) {
				arg := "…" // a sensitive path, or one read from a file, is not named
				if _, s := pm[marks.Sensitive{}]; !s && !hasTaint(pm) {
					arg = fmt.Sprintf("%q", in)
				}
				return cty.UnknownVal(cty.String).WithMarks(pm).Mark(marks.Blocker(fmt.Sprintf("pathexpand(%s) (%v)", arg, err))), nil
			}
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			v := cty.StringVal(out).WithMarks(pm)
			if out != in {
				v = v.Mark(marks.Tainted{Source: "environment HOME"})
			}
			return v, nil
		},
	})
}
