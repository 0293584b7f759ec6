package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocs runs the commands the documentation shows and compares what
// they print with what the documentation says they print. It reads
// README.md, docs/**/*.md and examples/*/README.md.
//
// The convention, for whoever writes documentation:
//
//   - A ```console block is run. Each line starting with "$ tfemrcheck" is
//     a command; the lines after it, up to the next "$ " line, are what it
//     prints (standard error first, then standard output), and the last of
//     them is its exit status, "[exit N]". The command runs in-process
//     (the same run function as the golden tests) from the repository root,
//     or from the directory an HTML comment on the line before the block
//     names: <!-- doctest: dir=examples/module-kms -->. Arguments are split
//     on blanks, with '…' and "…" quoting; the redirections ">/dev/null",
//     "2>/dev/null", "2>&1" and "2>&1 >/dev/null" are understood; a "#"
//     word starts a comment.
//   - A block that holds a file the documentation refers to is marked
//     <!-- doctest: file=PATH -->: its content must be that file of the
//     repository, byte for byte (tests and commands then use the file).
//   - Any other code block (fenced or indented) with a line that runs
//     tfemrcheck fails the test unless the line before it says why it is
//     not run: <!-- doctest: skip: installs from the network -->. Nothing
//     is skipped silently. Commands in running text (`tfemrcheck DIR`) are
//     not checked.
//
// What varies is fixed rather than normalised: the run sees an empty
// environment, empty standard input, no terminal, and 2026-11-30 as today
// (policy exception expiry), as the golden tests do. Nothing else is
// rewritten: the version is what an unstamped build prints ("dev").
//
// After a deliberate change of the output, `go test ./cmd/tfemrcheck -run
// TestDocs -update` rewrites the outputs in the documentation (and file=
// blocks from their files); review the diff.
func TestDocs(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	var files []string
	for _, pattern := range []string{"README.md", "docs/*.md", "docs/*/*.md", "examples/*/README.md"} {
		m, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pattern)))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	ran := 0
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			ran += checkDoc(t, root, path)
		})
	}
	assert.Positive(t, ran, "no documented command was run")
}

// docBlock is a code block of a markdown file.
type docBlock struct {
	start, end int // line index of the opening and closing fence
	info       string
	directive  string
	fenced     bool
}

var (
	doctestDirective = regexp.MustCompile(`^<!--\s*doctest:\s*(.*?)\s*-->$`)
	// runsTool matches a line that runs tfemrcheck as a command: at the
	// start of a shell line, after a prompt, a pipe, a YAML key or "&&".
	runsTool = regexp.MustCompile(`(^|[\s$|;&(]|:\s)tfemrcheck(\s|$)`)
)

// checkDoc checks one markdown file and returns how many commands it ran.
func checkDoc(t *testing.T, root, path string) int {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	blocks := docBlocks(lines)
	ran := 0
	// Rewrites go from the last block up, so earlier indices stay valid.
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		where := fmt.Sprintf("%s:%d", path, b.start+1)
		body := lines[b.start+1 : b.end]
		if !b.fenced {
			body = lines[b.start:b.end]
		}
		d := b.directive
		switch {
		case strings.HasPrefix(d, "skip:"):
			assert.NotEmpty(t, strings.TrimSpace(strings.TrimPrefix(d, "skip:")), "%s: a skipped block says why", where)
		case strings.HasPrefix(d, "file="):
			name := strings.TrimPrefix(d, "file=")
			want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
			if !assert.NoError(t, err, "%s", where) {
				continue
			}
			got := strings.Join(body, "\n") + "\n"
			if *update {
				lines = splice(lines, b.start+1, b.end, strings.Split(strings.TrimSuffix(string(want), "\n"), "\n"))
				continue
			}
			assert.Equal(t, string(want), got, "%s is not %s (-update copies the file into the document)", where, name)
		case b.info == "console":
			dir := root
			if name, ok := strings.CutPrefix(d, "dir="); ok {
				dir = filepath.Join(root, filepath.FromSlash(name))
			} else {
				assert.Empty(t, d, "%s: unknown doctest directive", where)
			}
			newBody, n := runConsole(t, where, dir, body)
			ran += n
			if *update {
				lines = splice(lines, b.start+1, b.end, newBody)
			}
		default:
			for j, l := range body {
				if runsTool.MatchString(l) {
					t.Errorf("%s:%d runs tfemrcheck but is not run: make the block a ```console block, or mark it <!-- doctest: skip: REASON -->", path, b.start+j+1+boolInt(b.fenced))
					break
				}
			}
		}
	}
	if *update {
		out := strings.Join(lines, "\n")
		if out != string(data) {
			require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
		}
	}
	return ran
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func splice(lines []string, from, to int, with []string) []string {
	out := append([]string{}, lines[:from]...)
	out = append(out, with...)
	return append(out, lines[to:]...)
}

// docBlocks finds the fenced code blocks of a markdown file, and its
// indented ones (four spaces after a blank line, outside a list).
func docBlocks(lines []string) []docBlock {
	var blocks []docBlock
	directive := func(i int) string {
		for j := i - 1; j >= 0; j-- {
			l := strings.TrimSpace(lines[j])
			if l == "" {
				continue
			}
			if m := doctestDirective.FindStringSubmatch(l); m != nil {
				return m[1]
			}
			return ""
		}
		return ""
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if fence, ok := strings.CutPrefix(strings.TrimLeft(l, " "), "```"); ok {
			end := i + 1
			for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
				end++
			}
			b := docBlock{start: i, end: end, info: strings.TrimSpace(fence), directive: directive(i), fenced: true}
			blocks = append(blocks, b)
			i = end
			continue
		}
		if strings.HasPrefix(l, "    ") && i > 0 && strings.TrimSpace(lines[i-1]) == "" {
			end := i
			for end < len(lines) && (strings.HasPrefix(lines[end], "    ") || strings.TrimSpace(lines[end]) == "") {
				end++
			}
			blocks = append(blocks, docBlock{start: i, end: end, directive: directive(i)})
			i = end - 1
		}
	}
	return blocks
}

var exitLine = regexp.MustCompile(`^\[exit (\d+)\]$`)

// runConsole runs the commands of a console block, checks their output and
// returns the block as the tool's output would write it.
func runConsole(t *testing.T, where, dir string, body []string) ([]string, int) {
	var out []string
	ran := 0
	for i := 0; i < len(body); {
		cmd, ok := strings.CutPrefix(body[i], "$ ")
		if !ok {
			t.Errorf("%s: console block line %q is not a command (\"$ tfemrcheck …\") nor the output of one", where, body[i])
			out = append(out, body[i])
			i++
			continue
		}
		j := i + 1
		for j < len(body) && !strings.HasPrefix(body[j], "$ ") {
			j++
		}
		want := strings.Join(body[i+1:j], "\n")
		got, err := runDocumented(t, dir, cmd)
		if err != nil {
			t.Errorf("%s: %s: %v", where, cmd, err)
			out = append(out, body[i:j]...)
			i = j
			continue
		}
		ran++
		if !*update {
			assert.Equal(t, want, got, "%s: output of %s (go test ./cmd/tfemrcheck -run TestDocs -update rewrites it)", where, cmd)
			if len(body[i+1:j]) == 0 || !exitLine.MatchString(body[j-1]) {
				t.Errorf("%s: %s: the output does not end with its exit status ([exit N])", where, cmd)
			}
		}
		out = append(out, body[i])
		out = append(out, strings.Split(got, "\n")...)
		i = j
	}
	return out, ran
}

// runDocumented runs one documented command line from dir and returns what
// it prints, standard error first, then its exit status.
func runDocumented(t *testing.T, dir, line string) (string, error) {
	words, err := shellWords(line)
	if err != nil {
		return "", err
	}
	if len(words) == 0 || words[0] != "tfemrcheck" {
		return "", fmt.Errorf("only tfemrcheck commands are run")
	}
	var args []string
	showOut, showErr := true, true
	for k := 1; k < len(words); k++ {
		switch w := words[k]; w {
		case ">/dev/null":
			showOut = false
		case "2>/dev/null":
			showErr = false
		case "2>&1":
			// stderr joins stdout; ">/dev/null" after it drops stdout only.
		default:
			if strings.ContainsAny(w, "<>|;&`$") && !strings.HasPrefix(w, "--") {
				return "", fmt.Errorf("shell syntax %q is not supported", w)
			}
			args = append(args, w)
		}
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(args, env{
		stdin:  strings.NewReader(""),
		stdout: &stdout,
		stderr: &stderr,
		now:    func() time.Time { return time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) },
	})
	var b strings.Builder
	if showErr {
		b.WriteString(stderr.String())
	}
	if showOut {
		b.WriteString(stdout.String())
	}
	s := b.String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s + "[exit " + strconv.Itoa(code) + "]", nil
}

// shellWords splits a command line as a POSIX shell would, for the little
// the documentation uses: blanks, single and double quotes, and a comment.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words, nil
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote in %q", line)
			}
			cur.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// TestDocBlocks pins what the harness sees as a block that runs the tool,
// so that a command in a new kind of block cannot escape it.
func TestDocBlocks(t *testing.T) {
	doc := strings.Split("text\n\n    tfemrcheck plan.json\n\n<!-- doctest: skip: needs Terraform -->\n```sh\ntfemrcheck x\n```\n```yaml\n- run: tfemrcheck --format sarif .\n```\n```json\n{\"name\": \"tfemrcheck\", \"file\": \".tfemrcheck.hcl\"}\n```\n", "\n")
	blocks := docBlocks(doc)
	require.Len(t, blocks, 4)
	assert.False(t, blocks[0].fenced)
	assert.Equal(t, "skip: needs Terraform", blocks[1].directive)
	assert.Equal(t, "yaml", blocks[2].info)
	assert.True(t, runsTool.MatchString(doc[blocks[0].start]))
	assert.True(t, runsTool.MatchString(doc[blocks[2].start+1]))
	assert.False(t, runsTool.MatchString(doc[blocks[3].start+1]))

	words, err := shellWords(`tfemrcheck --var 'a=b c' "x y" plan.json # comment`)
	require.NoError(t, err)
	assert.Equal(t, []string{"tfemrcheck", "--var", "a=b c", "x y", "plan.json"}, words)
}
