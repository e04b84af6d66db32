package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/migrate"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/spf13/cobra"
)

func newMigrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Migrations between two versions of a design (diff, new, check)",
		Long: `migrate writes the SQL that takes a database built from one version of a
design to another: renames (renamed_from) are renames, new enum values are added
in place, state-machine triggers follow their transitions, and every change that
can lose data is refused unless --allow-destructive.`,
	}
	cmd.AddCommand(newMigrateDiffCmd(), newMigrateNewCmd(), newMigrateCheckCmd())
	return cmd
}

type migrateDiffFlags struct {
	planFlags
	down bool
	out  string
}

// legacyEventEnumsUsage documents --legacy-event-enums, the one-time migration
// of databases whose event enums have the names schemagen gave them before
// they became `<singular>_event_type`.
const legacyEventEnumsUsage = "the old database has the event enum names of older schemagen versions (<singular>_event): rename them to <singular>_event_type"

func newMigrateDiffCmd() *cobra.Command {
	var f migrateDiffFlags
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Print the SQL that migrates a database from design OLD to design NEW",
		Long: `diff prints the up migration from OLD to NEW (--down: the down migration).
Either argument may be git:REV:PATH, the design as it is at a git revision
(what ` + "`git show REV:PATH`" + ` prints; PATH is relative to the repository root,
or starts with ./ for the current directory).

Destructive changes (a dropped table or column, a removed enum value or state, a
narrowed type, NOT NULL without a default) are printed as errors and nothing is
written, exit status 1, unless --allow-destructive.

The up migration is online by default: safe on a busy database, in steps
(indexes built concurrently, constraints added NOT VALID and validated later,
NOT NULL through a validated check, backfills in batches, lock and statement
timeouts). A change with no online form (a table rewrite) is an error unless
--allow-locks. --online=false writes plain DDL in one transaction, for an
empty or idle database. New constraints that existing rows may violate are
warnings; --dsn counts those rows on the live database (read-only) and exits 1
when there are any.`,
		Example: `  schemagen migrate diff old.yaml design.yaml
  schemagen migrate diff git:origin/main:design.yaml design.yaml
  schemagen migrate diff --dsn "$DATABASE_URL" git:origin/main:design.yaml design.yaml
  schemagen migrate diff --online=false old.yaml design.yaml
  schemagen migrate diff --down old.yaml design.yaml -o down.sql`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMigrateDiff(cmd, args[0], args[1], f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.down, "down", false, "print the down migration instead of the up migration")
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the SQL to this file instead of standard output")
	return cmd
}

// designArg is a design loaded for a migration, with its source for diagnostics.
type designArg struct {
	name   string
	source []byte
	schema *schema.Schema
}

// loadDesignArg reads a design file, standard input ("-") or git:REV:PATH and
// checks it for a migration: errors are printed and the result is failed().
func loadDesignArg(arg string, stdin io.Reader, stderr io.Writer) (*designArg, error) {
	c, err := loadForGenerate(arg, stdin, stderr)
	if err != nil {
		return nil, err
	}
	return &designArg{name: c.src.Name, source: c.src.Data, schema: c.schema}, nil
}

// printPlanDiagnostics prints a plan's diagnostics with the source lines of both designs.
func printPlanDiagnostics(w io.Writer, p *migrate.Plan, designs ...*designArg) {
	sources := map[string][]byte{}
	for _, d := range designs {
		sources[d.name] = d.source
	}
	printers.Text(w, p.Diagnostics, sources, printers.TextOptions{})
}

// diffDesigns plans the migration from old to cur, checks the rows of the
// --dsn database, and prints its diagnostics. A plan with errors (a
// destructive change or a lock that was not allowed, rows that violate a new
// constraint) is refused: nothing is to be written.
func diffDesigns(ctx context.Context, old, cur *designArg, f planFlags, stderr io.Writer) (*migrate.Plan, error) {
	plan, err := migrate.Diff(old.schema, cur.schema, f.options(old.name, cur.name))
	if err != nil {
		return nil, usageError(err)
	}
	if f.dsn != "" {
		if err := checkRows(ctx, f.dsn, f.timeouts.Scan, plan); err != nil {
			return nil, usageError(err)
		}
	}
	printPlanDiagnostics(stderr, plan, old, cur)
	if plan.Destructive() {
		fmt.Fprintln(stderr, "schemagen: the migration is refused; nothing written (review the errors above: --allow-destructive, --allow-locks)")
		return nil, failed()
	}
	return plan, nil
}

func runMigrateDiff(cmd *cobra.Command, oldArg, newArg string, f migrateDiffFlags) error {
	stderr := cmd.ErrOrStderr()
	if oldArg == "-" && newArg == "-" {
		return usageError(errors.New("only one of OLD and NEW can be standard input"))
	}
	if err := refuseOverwritingInput(f.out, oldArg, newArg); err != nil {
		return usageError(err)
	}
	old, err := loadDesignArg(oldArg, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	if f.legacyEventEnums {
		schema.UseLegacyEventEnumNames(old.schema)
	}
	new, err := loadDesignArg(newArg, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	plan, err := diffDesigns(cmd.Context(), old, new, f.planFlags, stderr)
	if err != nil {
		return err
	}
	out := plan.Up
	if f.down {
		out = plan.Down
	}
	if f.out == "" || f.out == "-" {
		_, err := cmd.OutOrStdout().Write(out)
		return err
	}
	if err := writeFileAtomic(f.out, out); err != nil {
		return usageError(err)
	}
	return nil
}

type migrateDirFlags struct {
	planFlags
	dir string
}

func newMigrateNewCmd() *cobra.Command {
	var f migrateDirFlags
	cmd := &cobra.Command{
		Use:   "new NAME DESIGN",
		Short: "Write the next numbered migration of a migrations directory",
		Long: `new compares DESIGN with the design recorded with the last migration of
--dir and writes NNNN_NAME.up.sql and NNNN_NAME.down.sql (golang-migrate
naming), a copy of DESIGN as .schemagen/NNNN.yaml and the checksums of every
file in .schemagen/checksums. The first migration creates the whole schema
(the same DDL as ` + "`schemagen sql`" + `). Nothing is written when the design
describes the same database as the last migration, or when the change is
destructive and --allow-destructive is not given.

An online migration (the default) has several steps; each becomes a version
of its own (NNNN_NAME, then NNNN+1_NAME_index, ...), since golang-migrate runs
a file as one statement string and CREATE INDEX CONCURRENTLY cannot share it.
The down files undo the whole change from the last version.`,
		Example: `  schemagen migrate new init --dir migrations design.yaml
  schemagen migrate new add_refunds --dir migrations design.yaml`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMigrateNew(cmd, args[0], args[1], f)
		},
	}
	cmd.Flags().StringVar(&f.dir, "dir", "migrations", "the migrations directory")
	f.register(cmd)
	return cmd
}

func newMigrateCheckCmd() *cobra.Command {
	var f migrateDirFlags
	cmd := &cobra.Command{
		Use:   "check DESIGN",
		Short: "Fail when DESIGN changed without a migration, or the migrations were edited by hand",
		Long: `check is for CI. It exits 1 when a file of --dir differs from the checksum
schemagen recorded (edited, removed, or added by hand), or when DESIGN describes
a different database than the design recorded with the last migration (run
` + "`schemagen migrate new NAME`" + `). Changes that do not touch the database (flow,
failure descriptions without schema effects) need no migration.`,
		Example: `  schemagen migrate check --dir migrations design.yaml`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMigrateCheck(cmd, args[0], f)
		},
	}
	cmd.Flags().StringVar(&f.dir, "dir", "migrations", "the migrations directory")
	return cmd
}

// migrationsDir is what a migrations directory holds.
type migrationsDir struct {
	path       string
	migrations []migrate.Migration
	files      map[string][]byte // every migration file and recorded design, by path relative to the directory
	checksums  []byte            // nil when there is no checksum file
}

func readMigrationsDir(path string, mustExist bool) (*migrationsDir, error) {
	d := &migrationsDir{path: path, files: map[string][]byte{}}
	entries, err := os.ReadDir(path)
	if errors.Is(err, os.ErrNotExist) && !mustExist {
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		if err := refuseIrregular(path, e); err != nil {
			return nil, err
		}
		names = append(names, e.Name())
	}
	if d.migrations, err = migrate.Migrations(names); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(path, n))
		if err != nil {
			return nil, err
		}
		d.files[n] = data
	}
	state := filepath.Join(path, migrate.StateDir)
	recs, err := os.ReadDir(state)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, e := range recs {
		if !strings.HasSuffix(e.Name(), ".yaml") && e.Name() != migrate.ChecksumFile {
			continue
		}
		if err := refuseIrregular(state, e); err != nil {
			return nil, err
		}
		if e.Name() == migrate.ChecksumFile {
			continue
		}
		data, err := os.ReadFile(filepath.Join(state, e.Name()))
		if err != nil {
			return nil, err
		}
		d.files[migrate.StateDir+"/"+e.Name()] = data
	}
	sums, err := os.ReadFile(filepath.Join(state, migrate.ChecksumFile))
	if err == nil {
		d.checksums = sums
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return d, nil
}

// refuseIrregular refuses a migration file or recorded design that is not a
// regular file: a symbolic link would pass the checksums of nothing while
// golang-migrate runs whatever it points to.
func refuseIrregular(dir string, e os.DirEntry) error {
	if e.Type().IsRegular() {
		return nil
	}
	what := "not a regular file"
	if e.Type()&os.ModeSymlink != 0 {
		what = "a symbolic link"
	}
	return fmt.Errorf("%s is %s: migration files must be regular files that schemagen wrote", filepath.Join(dir, e.Name()), what)
}

// lastDesign loads the design recorded with the last migration, or returns
// an empty schema when there is no migration yet.
func (d *migrationsDir) lastDesign(stderr io.Writer) (*designArg, error) {
	if len(d.migrations) == 0 {
		return &designArg{name: "(no migrations)", schema: &schema.Schema{File: "(empty database)"}}, nil
	}
	last := d.migrations[len(d.migrations)-1]
	rec := last.DesignFile()
	data, ok := d.files[rec]
	if !ok {
		return nil, usageError(fmt.Errorf("%s: migration %s has no recorded design %s (was it written by schemagen?)", d.path, last.Base(), rec))
	}
	name := filepath.Join(d.path, rec)
	// Only what builds the schema matters here: a recorded design keeps working
	// when a later schemagen adds lint rules it would fail.
	loaded, diags := design.Load(name, data)
	var s *schema.Schema
	if loaded != nil && !diags.HasErrors() {
		s, diags = schema.Resolve(loaded)
	}
	if s == nil || diags.HasErrors() {
		printErrors(stderr, diags, map[string][]byte{name: data})
		return nil, failed()
	}
	return &designArg{name: name, source: data, schema: s}, nil
}

// verify prints what was changed by hand and reports whether anything was.
func (d *migrationsDir) verify(stderr io.Writer) bool {
	if len(d.files) == 0 && d.checksums == nil {
		return true
	}
	if d.checksums == nil {
		fmt.Fprintf(stderr, "%s: no %s/%s: the migrations were not written by schemagen migrate new\n", d.path, migrate.StateDir, migrate.ChecksumFile)
		return false
	}
	problems := migrate.VerifyChecksums(d.checksums, d.files)
	for _, p := range problems {
		fmt.Fprintf(stderr, "%s: %s\n", d.path, p)
	}
	return len(problems) == 0
}

func runMigrateNew(cmd *cobra.Command, name, designPath string, f migrateDirFlags) error {
	stderr := cmd.ErrOrStderr()
	dir, err := readMigrationsDir(f.dir, false)
	if err != nil {
		return usageError(err)
	}
	next, err := migrate.Next(dir.migrations, name)
	if err != nil {
		return usageError(err)
	}
	if !dir.verify(stderr) {
		fmt.Fprintln(stderr, "schemagen: the migrations directory was changed by hand; restore it before adding a migration")
		return failed()
	}
	old, err := dir.lastDesign(stderr)
	if err != nil {
		return err
	}
	if f.legacyEventEnums {
		schema.UseLegacyEventEnumNames(old.schema)
	}
	cur, err := loadDesignArg(designPath, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	plan, err := diffDesigns(cmd.Context(), old, cur, f.planFlags, stderr)
	if err != nil {
		return err
	}
	if plan.Changes == 0 {
		last := "the empty database"
		if n := len(dir.migrations); n > 0 {
			last = "migration " + dir.migrations[n-1].Base()
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s describes the same database as %s: no migration written\n", cur.name, last)
		return nil
	}
	written := map[string][]byte{}
	files := []migrate.StepFile{{Migration: next, Up: plan.Up, Down: plan.Down}}
	if len(dir.migrations) == 0 {
		// The first migration is exactly what `schemagen sql` writes.
		up, err := postgres.Generate(cur.schema, postgres.Options{})
		if err != nil {
			return usageError(err)
		}
		files[0].Up = up
	} else {
		files = plan.StepFiles(next, old.name, cur.name)
	}
	for _, sf := range files {
		written[sf.Migration.Base()+".up.sql"] = sf.Up
		written[sf.Migration.Base()+".down.sql"] = sf.Down
	}
	last := files[len(files)-1].Migration
	written[last.DesignFile()] = cur.source
	all := map[string][]byte{}
	for k, v := range dir.files {
		all[k] = v
	}
	for k, v := range written {
		all[k] = v
	}
	if err := os.MkdirAll(filepath.Join(f.dir, migrate.StateDir), 0o755); err != nil {
		return usageError(err)
	}
	paths := make([]string, 0, len(written))
	for p := range written {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := writeFileAtomic(filepath.Join(f.dir, filepath.FromSlash(p)), written[p]); err != nil {
			return usageError(err)
		}
	}
	if err := writeFileAtomic(filepath.Join(f.dir, migrate.StateDir, migrate.ChecksumFile), migrate.Checksums(all)); err != nil {
		return usageError(err)
	}
	if len(files) == 1 {
		fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/%s.up.sql and %s.down.sql (%d statements)\n", f.dir, next.Base(), next.Base(), plan.Changes)
		return nil
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/%s.up.sql to %s.up.sql and their .down.sql files (%d statements in %d steps: apply them in order)\n",
		f.dir, next.Base(), last.Base(), plan.Changes, len(files))
	return nil
}

func runMigrateCheck(cmd *cobra.Command, designPath string, f migrateDirFlags) error {
	stderr := cmd.ErrOrStderr()
	dir, err := readMigrationsDir(f.dir, true)
	if err != nil {
		return usageError(err)
	}
	ok := dir.verify(stderr)
	old, err := dir.lastDesign(stderr)
	if err != nil {
		return err
	}
	cur, err := loadDesignArg(designPath, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	plan, err := migrate.Diff(old.schema, cur.schema, migrate.Options{AllowDestructive: true, From: old.name, To: cur.name})
	if err != nil {
		return usageError(err)
	}
	if plan.Changes > 0 {
		next, _ := migrate.Next(dir.migrations, "name")
		fmt.Fprintf(stderr, "%s: the design changed since the last migration (%d statements to write): run `schemagen migrate new NAME --dir %s %s` to write %04d_NAME\n",
			cur.name, plan.Changes, f.dir, designPath, next.Version)
		ok = false
	}
	if !ok {
		return failed()
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: %d migrations, checksums match, design up to date\n", f.dir, len(dir.migrations))
	return nil
}
