package runtask

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type entry struct {
	name     string
	body     string
	typeflag byte
}

func archive(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		tf := e.typeflag
		if tf == 0 {
			tf = tar.TypeReg
		}
		hdr := &tar.Header{Name: e.name, Typeflag: tf, Mode: 0o644, ModTime: time.Unix(0, 0)}
		if tf == tar.TypeReg {
			hdr.Size = int64(len(e.body))
		}
		if tf == tar.TypeSymlink || tf == tar.TypeLink {
			hdr.Linkname = "main.tf"
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if tf == tar.TypeReg {
			tw.Write([]byte(e.body))
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func TestUnpackWritesRegularFilesAndDirectories(t *testing.T) {
	dst := t.TempDir()
	data := archive(t,
		entry{name: "./", typeflag: tar.TypeDir},
		entry{name: "main.tf", body: "a"},
		entry{name: "modules/emr/", typeflag: tar.TypeDir},
		entry{name: "modules/emr/main.tf", body: "bb"},
		entry{name: "deep/er/file.tf", body: "ccc"}, // parent directories implied
	)
	if err := unpack(bytes.NewReader(data), dst, DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"main.tf": "a", "modules/emr/main.tf": "bb", "deep/er/file.tf": "ccc"} {
		got, err := os.ReadFile(filepath.Join(dst, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
		st, _ := os.Stat(filepath.Join(dst, name))
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 whatever the archive says", name, st.Mode().Perm())
		}
	}
}

func TestUnpackRefusesHostileArchives(t *testing.T) {
	small := DefaultLimits()
	small.ArchiveEntries = 3
	small.FileBytes = 10
	small.UnpackedBytes = 15
	cases := []struct {
		name    string
		entries []entry
		want    string
	}{
		{"parent", []entry{{name: "../x.tf", body: "x"}}, "leaves the configuration directory"},
		{"nested parent", []entry{{name: "a/../../x.tf", body: "x"}}, "leaves the configuration directory"},
		{"absolute", []entry{{name: "/etc/cron.d/x", body: "x"}}, "leaves the configuration directory"},
		{"symlink", []entry{{name: "main.tf", body: "x"}, {name: "link.tf", typeflag: tar.TypeSymlink}}, "is a symbolic link"},
		{"hard link", []entry{{name: "main.tf", body: "x"}, {name: "link.tf", typeflag: tar.TypeLink}}, "is a hard link"},
		{"char device", []entry{{name: "zero", typeflag: tar.TypeChar}}, "is a device"},
		{"block device", []entry{{name: "sda", typeflag: tar.TypeBlock}}, "is a device"},
		{"fifo", []entry{{name: "pipe", typeflag: tar.TypeFifo}}, "is a named pipe"},
		{"duplicate", []entry{{name: "main.tf", body: "x"}, {name: "./main.tf", body: "y"}}, "appears twice"},
		{"file too large", []entry{{name: "big.tf", body: strings.Repeat("x", 11)}}, "more than the limit of 10 per file"},
		{"total too large", []entry{{name: "a.tf", body: strings.Repeat("x", 8)}, {name: "b.tf", body: strings.Repeat("x", 8)}}, "larger than the limit of 15 bytes"},
		{"too many entries", []entry{{name: "a"}, {name: "b"}, {name: "c"}, {name: "d"}}, "more than 3 entries"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outer := t.TempDir()
			dst := filepath.Join(outer, "dst")
			os.Mkdir(dst, 0o700)
			err := unpack(bytes.NewReader(archive(t, c.entries...)), dst, small)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			// Nothing was written outside dst.
			des, _ := os.ReadDir(outer)
			if len(des) != 1 {
				t.Errorf("unpack wrote outside its directory: %v", des)
			}
		})
	}
}

func TestUnpackRefusesNonArchives(t *testing.T) {
	for name, data := range map[string][]byte{
		"not gzip":      []byte("PK\x03\x04 a zip"),
		"truncated":     archive(t, entry{name: "main.tf", body: strings.Repeat("x", 4096)})[:40],
		"gzip, not tar": gzipped([]byte(strings.Repeat("not a tar header ", 64))),
	} {
		if err := unpack(bytes.NewReader(data), t.TempDir(), DefaultLimits()); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.Write(b)
	gz.Close()
	return buf.Bytes()
}

func TestWorkingDirectory(t *testing.T) {
	for in, want := range map[string]string{"": ".", "/": ".", "/infra": "infra", "infra/emr/": "infra/emr", "a/../b": "b"} {
		got, err := workingDirectory(in)
		if err != nil || got != filepath.FromSlash(want) {
			t.Errorf("workingDirectory(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"..", "../etc", "a/../../b", "/../x"} {
		if got, err := workingDirectory(in); err == nil {
			t.Errorf("workingDirectory(%q) = %q, want an error", in, got)
		}
	}
}

func TestIgnoredPoliciesNamesEveryPolicyFileUpToTheRoot(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b")
	os.MkdirAll(dir, 0o700)
	for _, d := range []string{root, filepath.Join(root, "a")} {
		os.WriteFile(filepath.Join(d, ".tfemrcheck.hcl"), []byte("# mine\n"), 0o600)
	}
	notes := ignoredPolicies(root, dir)
	if len(notes) != 2 {
		t.Fatalf("%d notes, want 2: %+v", len(notes), notes)
	}
	for _, n := range notes {
		if !strings.Contains(n.Message, "was not read") {
			t.Errorf("note %q", n.Message)
		}
	}
}

// FuzzUnpack: whatever the bytes, unpack neither panics nor writes outside
// its directory, and what it writes is regular files and directories.
func FuzzUnpack(f *testing.F) {
	f.Add([]byte{})
	f.Add(gzipped([]byte("not a tar")))
	f.Add(archive(f, entry{name: "main.tf", body: "x"}, entry{name: "d/", typeflag: tar.TypeDir}, entry{name: "d/f.tf", body: "y"}))
	f.Add(archive(f, entry{name: "../x", body: "x"}))
	f.Add(archive(f, entry{name: "l", typeflag: tar.TypeSymlink}))
	lim := Limits{RequestBytes: 1, PlanBytes: 1, ArchiveBytes: 1, UnpackedBytes: 1 << 16, FileBytes: 1 << 12, ArchiveEntries: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		outer := t.TempDir()
		dst := filepath.Join(outer, "dst")
		os.Mkdir(dst, 0o700)
		_ = unpack(bytes.NewReader(data), dst, lim)
		des, _ := os.ReadDir(outer)
		if len(des) != 1 {
			t.Fatalf("unpack wrote outside its directory: %v", des)
		}
		filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.Type().IsRegular() && !d.IsDir() {
				t.Errorf("%s is neither a regular file nor a directory", p)
			}
			return nil
		})
	})
}

// TestUnpackErrorHidesTheServicePath: an archive whose entries collide
// (a file, then a file below it) fails, and the error, shown on the run
// page, does not name the service's temporary directory.
func TestUnpackErrorHidesTheServicePath(t *testing.T) {
	dst := t.TempDir()
	data := archive(t,
		entry{name: "a", body: "x"},
		entry{name: "a/main.tf", body: "y"},
	)
	err := unpack(bytes.NewReader(data), dst, DefaultLimits())
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), dst) || strings.Contains(err.Error(), os.TempDir()) {
		t.Errorf("the error names the service's directory: %v", err)
	}
	if !strings.Contains(err.Error(), `"a/main.tf"`) {
		t.Errorf("the error does not name the entry: %v", err)
	}
}
