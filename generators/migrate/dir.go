package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The layout of a migrations directory (golang-migrate naming):
//
//	0001_init.up.sql, 0001_init.down.sql, 0002_add_refunds.up.sql, ...
//	.schemagen/0001.yaml      the design as of migration 0001
//	.schemagen/checksums      sha256 of every file above, `sha256sum` format
const (
	// StateDir is the directory, inside a migrations directory, where schemagen keeps its records.
	StateDir = ".schemagen"
	// ChecksumFile is the name of the checksum list inside StateDir.
	ChecksumFile = "checksums"
)

var migrationFile = regexp.MustCompile(`^([0-9]+)_([A-Za-z0-9_]+)\.(up|down)\.sql$`)

// validName is what a migration's name may be made of.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// Migration is one numbered migration of a directory.
type Migration struct {
	Version int
	Name    string
}

// Base is the file name without `.up.sql`/`.down.sql`: `0003_add_refunds`.
func (m Migration) Base() string { return fmt.Sprintf("%04d_%s", m.Version, m.Name) }

// DesignFile is the path, inside the migrations directory, of the design recorded with m.
func (m Migration) DesignFile() string { return fmt.Sprintf("%s/%04d.yaml", StateDir, m.Version) }

// Migrations lists the migrations among the file names of a directory, in
// version order; names that do not follow the naming are ignored. It is an
// error for two migrations to share a version, or for one to lack its up or down file.
func Migrations(files []string) ([]Migration, error) {
	type halves struct {
		name     string
		up, down bool
	}
	byVersion := map[int]*halves{}
	for _, f := range files {
		m := migrationFile.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		v, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		h := byVersion[v]
		if h == nil {
			h = &halves{name: m[2]}
			byVersion[v] = h
		}
		if h.name != m[2] {
			return nil, fmt.Errorf("two migrations have version %d: %s and %s", v, h.name, m[2])
		}
		if m[3] == "up" {
			h.up = true
		} else {
			h.down = true
		}
	}
	var out []Migration
	for v, h := range byVersion {
		if !h.up || !h.down {
			half := "down"
			if !h.up {
				half = "up"
			}
			return nil, fmt.Errorf("migration %04d_%s has no .%s.sql file", v, h.name, half)
		}
		out = append(out, Migration{Version: v, Name: h.name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Next is the migration that follows the existing ones under a new name.
func Next(existing []Migration, name string) (Migration, error) {
	if !validName.MatchString(name) {
		return Migration{}, fmt.Errorf("migration name %q: use lower-case letters, digits and underscores (add_refunds)", name)
	}
	v := 1
	if n := len(existing); n > 0 {
		v = existing[n-1].Version + 1
	}
	return Migration{Version: v, Name: name}, nil
}

// Checksums writes the checksum list of files (path relative to the
// migrations directory -> content) in `sha256sum` format, sorted by path, so
// that `sha256sum -c .schemagen/checksums` run in the directory checks it too.
func Checksums(files map[string][]byte) []byte {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		sum := sha256.Sum256(files[p])
		b.WriteString(hex.EncodeToString(sum[:]) + "  " + p + "\n")
	}
	return []byte(b.String())
}

// VerifyChecksums compares the files of a migrations directory with their
// checksum list and describes every difference: a file changed, missing, or
// not recorded. No problems means the directory is as schemagen wrote it.
func VerifyChecksums(list []byte, files map[string][]byte) []string {
	var problems []string
	recorded := map[string]bool{}
	for i, line := range strings.Split(strings.TrimRight(string(list), "\n"), "\n") {
		if line == "" {
			continue
		}
		sum, path, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			problems = append(problems, fmt.Sprintf("%s/%s:%d: not a checksum line: %q", StateDir, ChecksumFile, i+1, line))
			continue
		}
		recorded[path] = true
		data, exists := files[path]
		if !exists {
			problems = append(problems, fmt.Sprintf("%s was removed (it is in %s/%s)", path, StateDir, ChecksumFile))
			continue
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			problems = append(problems, fmt.Sprintf("%s was edited after schemagen wrote it (checksum mismatch)", path))
		}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if !recorded[p] {
			problems = append(problems, fmt.Sprintf("%s is not recorded in %s/%s (written by hand?)", p, StateDir, ChecksumFile))
		}
	}
	return problems
}
