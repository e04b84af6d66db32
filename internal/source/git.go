package source

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// gitArgPrefix marks a design argument read from git: git:REV:PATH.
const gitArgPrefix = "git:"

// parseGitArg splits git:REV:PATH. A revision that starts with "-" is refused:
// git would read it as an option (git show --output=FILE writes a file).
func parseGitArg(arg string) (rev, path string, err error) {
	rest, ok := strings.CutPrefix(arg, gitArgPrefix)
	if !ok {
		return "", "", fmt.Errorf("%q does not start with %s", arg, gitArgPrefix)
	}
	rev, path, ok = strings.Cut(rest, ":")
	if !ok || rev == "" || path == "" {
		return "", "", fmt.Errorf("%q: write git:REV:PATH, for example git:HEAD~1:design.yaml", arg)
	}
	if strings.HasPrefix(rev, "-") {
		return "", "", fmt.Errorf("%q: a git revision cannot start with \"-\"", arg)
	}
	if strings.ContainsAny(arg, "\x00\n") {
		return "", "", fmt.Errorf("%q: a git revision or path cannot contain a NUL or a newline", arg)
	}
	return rev, path, nil
}

// gitShow returns the file at path as it is at revision rev, what
// `git show REV:PATH` prints, refusing more than design.MaxFileSize bytes.
// --end-of-options and the trailing "--" keep git from reading the object
// name as an option or a path, whatever it holds.
func gitShow(rev, path string) ([]byte, error) {
	var out, errb bytes.Buffer
	git := exec.Command("git", "show", "--no-textconv", "--end-of-options", rev+":"+path, "--")
	git.Stdout, git.Stderr = &out, &errb
	if err := git.Run(); err != nil {
		return nil, fmt.Errorf("git show %s:%s: %v: %s", rev, path, err, strings.TrimSpace(errb.String()))
	}
	if out.Len() > design.MaxFileSize {
		return nil, fmt.Errorf("git:%s:%s is %d bytes, larger than the %d bytes a design may have", rev, path, out.Len(), design.MaxFileSize)
	}
	return out.Bytes(), nil
}
