// Package treefs is the file system the Terraform file functions (file,
// filebase64, fileexists, fileset, templatefile, …) read through when
// tfemrcheck evaluates source: a tffuncs.FileSystem confined to the
// scanned tree.
//
// The checked code is written by whoever opened the pull request, so a
// file function is an attacker's way to read the machine that runs the
// check: /proc/self/environ, the runner's home directory, or the token
// that actions/checkout stores in .git/config. A FS reads only
//
//   - regular files (never a fifo, device, socket or directory),
//   - inside its roots, after every symbolic link on the way is resolved
//     (a link that leads outside the roots is refused, not followed),
//   - never under a directory (or file) named .git, at any depth,
//   - never under /proc, /sys or /dev, even when a root contains them,
//   - at most MaxBytes bytes, counted on the bytes actually read (a /proc
//     or FUSE file reports size 0 and can stream forever).
//
// A refusal is an error wrapping tffuncs.ErrRefused whose text gives the
// reason only: never the file's content, and not the path (a path built
// from a variable may itself be a secret; the caller decides how to name
// it).
//
// Roots: the root module directory, and the repository root (the nearest
// directory at or above it holding .git) when there is one, see Roots.
// Local modules (source = "../modules/x") live in the same repository, so
// they are inside the roots; outside a repository only the root module
// directory is readable.
package treefs
