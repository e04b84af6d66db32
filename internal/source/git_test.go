package source

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseGitArg(t *testing.T) {
	for _, c := range []struct {
		arg, rev, path, err string
	}{
		{arg: "git:HEAD~1:design.yaml", rev: "HEAD~1", path: "design.yaml"},
		{arg: "git:origin/main:dir/a.yaml", rev: "origin/main", path: "dir/a.yaml"},
		{arg: "git:--output=victim:a.yaml", err: `a git revision cannot start with "-"`},
		{arg: "git:-p:a.yaml", err: `cannot start with "-"`},
		{arg: "git:nope", err: "write git:REV:PATH"},
		{arg: "git::a.yaml", err: "write git:REV:PATH"},
		{arg: "git:HEAD:a\x00.yaml", err: "NUL or a newline"},
	} {
		rev, path, err := parseGitArg(c.arg)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseGitArg(%q) error = %v, want %q", c.arg, err, c.err)
			}
			continue
		}
		if err != nil || rev != c.rev || path != c.path {
			t.Errorf("parseGitArg(%q) = %q, %q, %v; want %q, %q", c.arg, rev, path, err, c.rev, c.path)
		}
	}
}

// TestGitShowTakesNoOptions runs git: a revision that looks like an option
// is an object name that does not exist, and no file is written.
func TestGitShowTakesNoOptions(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{
		{"init", "-q", "."},
		{"-c", "user.email=a@b.invalid", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "x"},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.WriteFile("a.yaml", []byte("schemagen: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// parseGitArg refuses this; gitShow must hold even if a caller did not.
	_, err := gitShow("--output=victim", "a.yaml")
	if err == nil {
		t.Fatal("gitShow of an option-like revision succeeded")
	}
	if _, statErr := os.Stat(filepath.Join(dir, "victim:a.yaml")); statErr == nil {
		t.Fatalf("git wrote victim:a.yaml (%v)", err)
	}
}
