package runtask

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// unpack extracts the configuration version archive (a gzip-compressed
// tar, as the platform stores it) from r into dst, which must be an empty
// directory. It is written here rather than with go-slug's Unpack because
// the archive is untrusted and the service needs limits go-slug does not
// have (entry count, bytes per file and in total) and refuses, rather than
// keeps, symbolic links: every entry must be a regular file or a
// directory whose cleaned name stays inside dst.
func unpack(r io.Reader, dst string, lim Limits) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a gzip-compressed archive: %v", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	entries := 0
	var total int64
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %v", err)
		}
		entries++
		if entries > lim.ArchiveEntries {
			return fmt.Errorf("the archive has more than %d entries", lim.ArchiveEntries)
		}
		name, err := entryPath(hdr.Name)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, name)
		switch hdr.Typeflag {
		case tar.TypeDir:
			if name == "." {
				continue
			}
			if err := os.MkdirAll(target, 0o700); err != nil {
				return fmt.Errorf("archive entry %q: %v", hdr.Name, hidePath(err))
			}
		case tar.TypeReg:
			if hdr.Size > lim.FileBytes {
				return fmt.Errorf("archive entry %q is %d bytes, more than the limit of %d per file", hdr.Name, hdr.Size, lim.FileBytes)
			}
			total += hdr.Size
			if total > lim.UnpackedBytes {
				return fmt.Errorf("the unpacked archive is larger than the limit of %d bytes", lim.UnpackedBytes)
			}
			if err := writeEntry(tr, target, hdr); err != nil {
				return err
			}
		case tar.TypeXGlobalHeader:
			// Metadata for the archive as a whole (pax): nothing to write.
		default:
			return fmt.Errorf("archive entry %q is a %s, not a regular file or directory: refused", hdr.Name, entryKind(hdr.Typeflag))
		}
	}
	return nil
}

// hidePath drops the path from a file system error: it is in the
// service's private temporary directory, which the run page must not
// show (the entry name says which file).
func hidePath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// entryPath checks an archive entry name: relative, no "..", no NUL, not
// empty once cleaned.
func entryPath(raw string) (string, error) {
	if strings.ContainsRune(raw, 0) {
		return "", fmt.Errorf("archive entry %q has a NUL in its name: refused", raw)
	}
	name := filepath.Clean(filepath.FromSlash(raw))
	if !filepath.IsLocal(name) {
		if name == "." {
			return ".", nil
		}
		return "", fmt.Errorf("archive entry %q leaves the configuration directory: refused", raw)
	}
	return name, nil
}

// writeEntry creates one regular file (never overwriting: a repeated
// entry is an error) and copies exactly hdr.Size bytes into it.
func writeEntry(tr *tar.Reader, target string, hdr *tar.Header) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("archive entry %q: %v", hdr.Name, hidePath(err))
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("archive entry %q appears twice: refused", hdr.Name)
		}
		return fmt.Errorf("archive entry %q: %v", hdr.Name, hidePath(err))
	}
	n, err := io.Copy(f, io.LimitReader(tr, hdr.Size))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("archive entry %q: %v", hdr.Name, hidePath(err))
	}
	if n != hdr.Size {
		return fmt.Errorf("archive entry %q is truncated", hdr.Name)
	}
	return nil
}

func entryKind(t byte) string {
	switch t {
	case tar.TypeSymlink:
		return "symbolic link"
	case tar.TypeLink:
		return "hard link"
	case tar.TypeChar, tar.TypeBlock:
		return "device"
	case tar.TypeFifo:
		return "named pipe"
	}
	return fmt.Sprintf("entry of type %q", t)
}
