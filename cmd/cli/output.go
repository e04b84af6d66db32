package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so that a reader, or a failed write, never sees
// half a file. An existing file keeps its permissions; a new one gets 0666
// less the umask, as the shell's > would give it.
func writeFileAtomic(path string, data []byte) error {
	removeLeftovers(path)
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if info, serr := os.Stat(path); serr == nil && info.Mode().IsRegular() {
			err = os.Chmod(name, info.Mode().Perm())
		}
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// tempPrefix is how the temporary files of path start: hidden, next to it.
func tempPrefix(path string) string {
	return "." + filepath.Base(path) + ".tmp"
}

// createTemp creates a new temporary file for path. Unlike os.CreateTemp,
// which always uses mode 0600, it lets the umask decide.
func createTemp(path string) (*os.File, error) {
	for range 100 {
		var suffix [6]byte
		if _, err := rand.Read(suffix[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(filepath.Dir(path), tempPrefix(path)+hex.EncodeToString(suffix[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file next to %s", path)
}

// removeLeftovers deletes temporary files that an earlier run, killed
// between creating and renaming one, left next to path.
func removeLeftovers(path string) {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return
	}
	prefix := tempPrefix(path)
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), prefix) && len(e.Name()) == len(prefix)+12 {
			os.Remove(filepath.Join(filepath.Dir(path), e.Name()))
		}
	}
}

// refuseOverwritingInput refuses an output file that is one of the command's
// input files: the command would replace what it reads with what it writes.
func refuseOverwritingInput(out string, inputs ...string) error {
	if out == "" || out == "-" {
		return nil
	}
	outInfo, err := os.Stat(out)
	if err != nil {
		return nil // a new file cannot be an input
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if inInfo, err := os.Stat(in); err == nil && os.SameFile(inInfo, outInfo) {
			return fmt.Errorf("refusing to write %s: it is the input file %s", out, in)
		}
	}
	return nil
}
