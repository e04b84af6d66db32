//go:build unix

package wasmcache

import (
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// manifestName is the file, next to go-graphviz's cache, that lists every
// cache file with its size and checksum as it was when a start-up succeeded.
const manifestName = "manifest"

// staleTemp is the age after which a temporary file wazero left in the cache
// (it writes a temporary file and renames it) counts as left over by a
// process that was killed; a younger one may belong to a running process.
const staleTemp = time.Hour

// entry is one cache file as the manifest records it.
type entry struct {
	size int64
	sum  uint32
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// prepare finds or creates the private cache directory and deletes every
// cache file in it that the manifest does not vouch for, so that a truncated
// or damaged file is compiled again instead of making go-graphviz panic. It
// returns "" when there is no usable directory, with the reason when the
// directory exists but is unsafe.
func prepare() (dir string, kept map[string]entry, problem error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", nil, nil
	}
	dir = filepath.Join(base, "schemagen")
	if err := ensurePrivateDir(dir); err != nil {
		return "", nil, fmt.Errorf("not caching compiled Graphviz: %v", err)
	}
	want := readManifest(filepath.Join(dir, manifestName))
	kept = map[string]entry{}
	root := filepath.Join(dir, "go-graphviz")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		info, err := os.Lstat(path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if err := checkOwned(path, info); err != nil {
				return err
			}
			if info.Mode().Perm()&0o022 != 0 {
				return fmt.Errorf("%s can be written by other users (mode %04o)", path, info.Mode().Perm())
			}
			return nil
		}
		if strings.HasSuffix(path, ".tmp") && time.Since(info.ModTime()) < staleTemp {
			return nil
		}
		if e, ok := want[rel]; ok && info.Mode().IsRegular() && info.Size() == e.size {
			if sum, err := checksum(path); err == nil && sum == e.sum {
				kept[rel] = e
				return nil
			}
		}
		return os.Remove(path)
	})
	if err != nil && !os.IsNotExist(err) {
		return "", nil, fmt.Errorf("not caching compiled Graphviz: %v", err)
	}
	return dir, kept, nil
}

// ensurePrivateDir creates dir with mode 0700 if it is missing and checks
// that it is a real directory owned by this user that nobody else can write.
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if err := checkOwned(dir, info); err != nil {
		return err
	}
	if info.Mode().Perm()&0o077 != 0 {
		// Ours, but opened up: close it before anything is read from it.
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// checkOwned refuses anything but a directory owned by this user that no
// other user can write.
func checkOwned(path string, info fs.FileInfo) error {
	if info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link", path)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory", path)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%s: cannot read its owner", path)
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return fmt.Errorf("%s belongs to user %d, not to this user (%d)", path, st.Uid, uid)
	}
	return nil
}

// record rewrites the manifest when start-up added cache files, so that the
// next start keeps them.
func record(dir string, kept map[string]entry) error {
	now := map[string]entry{}
	changed := false
	err := filepath.WalkDir(filepath.Join(dir, "go-graphviz"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(path, ".tmp") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if e, ok := kept[rel]; ok {
			now[rel] = e
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum, err := checksum(path)
		if err != nil {
			return err
		}
		now[rel] = entry{size: info.Size(), sum: sum}
		changed = true
		return nil
	})
	if err != nil {
		return err
	}
	if !changed && len(now) == len(kept) {
		return nil
	}
	var b strings.Builder
	for _, rel := range sortedKeys(now) {
		fmt.Fprintf(&b, "%08x %d %s\n", now[rel].sum, now[rel].size, rel)
	}
	tmp, err := os.CreateTemp(dir, manifestName+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, manifestName))
}

// readManifest returns the entries of the manifest at path; a missing or
// unreadable manifest vouches for nothing.
func readManifest(path string) map[string]entry {
	entries := map[string]entry{}
	data, err := os.ReadFile(path)
	if err != nil {
		return entries
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.SplitN(line, " ", 3)
		if len(fields) != 3 {
			continue
		}
		sum, err1 := strconv.ParseUint(fields[0], 16, 32)
		size, err2 := strconv.ParseInt(fields[1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		entries[fields[2]] = entry{size: size, sum: uint32(sum)}
	}
	return entries
}

func checksum(path string) (uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, f); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]entry) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
