package tffuncs

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// The expansion of ~ in paths (pathexpand, file, fileexists,
// templatefile, the file*sha* functions) is written here rather than
// taken from github.com/mitchellh/go-homedir, which Terraform uses: when
// HOME is unset or empty, go-homedir runs `getent passwd UID` and then
// `sh -c "cd && pwd"` (on macOS, sh running dscl), whichever of them PATH
// finds. A configuration under check, written by whoever opened the pull
// request, could so make the gate start programs. go-homedir also caches
// the directory for the whole process, so that a result would depend on
// the calls made before it. Here the home directory is read from the
// environment the caller gives (Options.Env), on every call, and from
// nothing else: no process is ever started, and when the environment
// names no home directory, ~ is an error (ErrNoHome) that the functions
// turn into an unknown value naming the reason, never a guess.

// ErrNoHome is wrapped by the error of a path starting with ~ when the
// environment names no home directory (HOME unset or empty).
var ErrNoHome = errors.New("the home directory is not known")

// errUserHome is go-homedir's (and so Terraform's) error for ~user.
var errUserHome = errors.New("cannot expand user-specific home dir")

// expandHome is homedir.Expand over env: a path that is ~, or starts
// with ~/ or ~\ (on every system, as go-homedir does), has the ~ replaced
// by the home directory and is cleaned (filepath.Join); ~user is an
// error; any other path is returned as it is.
func expandHome(p string, env []string) (string, error) {
	if p == "" || p[0] != '~' {
		return p, nil
	}
	if len(p) > 1 && p[1] != '/' && p[1] != '\\' {
		return "", errUserHome
	}
	dir, err := homeDir(runtime.GOOS, env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, p[1:]), nil
}

// homeDir is the home directory env (os.Environ's form) names on the
// system goos, where go-homedir looks for it without starting a process:
// HOME (home on Plan 9); on Windows HOME, else USERPROFILE, else
// HOMEDRIVE and HOMEPATH joined. Empty values count as unset.
func homeDir(goos string, env []string) (string, error) {
	switch goos {
	case "windows":
		if h := getenv(goos, env, "HOME"); h != "" {
			return h, nil
		}
		if h := getenv(goos, env, "USERPROFILE"); h != "" {
			return h, nil
		}
		drive, path := getenv(goos, env, "HOMEDRIVE"), getenv(goos, env, "HOMEPATH")
		if drive != "" && path != "" {
			return drive + path, nil
		}
		return "", fmt.Errorf("%w: none of HOME, USERPROFILE, or HOMEDRIVE and HOMEPATH is set", ErrNoHome)
	case "plan9":
		if h := getenv(goos, env, "home"); h != "" {
			return h, nil
		}
		return "", fmt.Errorf("%w: home is not set", ErrNoHome)
	}
	if h := getenv(goos, env, "HOME"); h != "" {
		return h, nil
	}
	return "", fmt.Errorf("%w: HOME is not set", ErrNoHome)
}

// getenv is the value of name in env, the last entry winning as in
// os/exec; names are case-insensitive on Windows.
func getenv(goos string, env []string, name string) string {
	v := ""
	for _, kv := range env {
		k, val, ok := strings.Cut(kv, "=")
		if ok && (k == name || goos == "windows" && strings.EqualFold(k, name)) {
			v = val
		}
	}
	return v
}
