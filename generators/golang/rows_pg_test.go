package golang

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgrows"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// tagSafe reports whether a column can be named in a db struct tag as pgx
// and sqlx read it (they cut the tag at the first comma, and "-" means skip).
func tagSafe(column string) bool { return column != "-" && !strings.Contains(column, ",") }

// TestStructsScanRealRows proves the type mapping on PostgreSQL: for every
// example and test design, the DDL is applied and a row inserted per table,
// then a program reads every table into the generated structs twice: the
// default (standard library) code with database/sql through pgx's stdlib
// driver (Scan into each field; array columns left out, since database/sql
// needs a driver adapter for arrays), and the Options.Pgx code with pgx
// itself (pgx.RowToStructByName matches the db tags; every column, enum
// arrays included once their types are loaded with LoadTypes). Then every
// nullable column is set to NULL and the program reads every row again.
func TestStructsScanRealRows(t *testing.T) {
	pgtest.ServerDSN(t)
	designs := testDesigns(t)
	ctx := context.Background()
	dir := t.TempDir()
	// A module that depends on pgx, resolved offline from the module cache
	// with this repository's go.sum.
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	// Keep the go line and the requirements of pgx and its dependencies; the
	// repository's replace directives and other modules are not needed.
	mod := "module example.com/rows\n\n"
	var requires []string
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		switch {
		case strings.HasPrefix(line, "go "):
			mod += line + "\n"
		case len(f) >= 2 && (strings.HasPrefix(f[0], "github.com/jackc/") || strings.HasPrefix(f[0], "golang.org/x/")):
			requires = append(requires, "\t"+f[0]+" "+f[1])
		}
	}
	mod += "\nrequire (\n" + strings.Join(requires, "\n") + "\n)\n"
	write := func(path string, data []byte) {
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte(mod))
	write("go.sum", gosum)

	var main strings.Builder
	main.WriteString(`package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
`)
	for i := range designs {
		fmt.Fprintf(&main, "\tp%d %q\n", i, fmt.Sprintf("example.com/rows/p%d", i))
		fmt.Fprintf(&main, "\tq%d %q\n", i, fmt.Sprintf("example.com/rows/q%d", i))
	}
	main.WriteString(`)

var problems []string
var checked int

func report(where string, err error) {
	if err != nil {
		problems = append(problems, where+": "+err.Error())
	}
}

func collect[T any](ctx context.Context, conn *pgx.Conn, query string) error {
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return err
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[T])
	if err != nil {
		return err
	}
	if len(got) != 1 {
		return fmt.Errorf("%d rows, want 1", len(got))
	}
	return nil
}

func main() {
	ctx := context.Background()
`)
	env := os.Environ()
	var conns []*pgx.Conn
	for i, d := range designs {
		pkg := fmt.Sprintf("p%d", i)
		files, err := Generate(d.schema, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name, src := range files {
			write(filepath.Join(pkg, name), src)
		}
		qkg := fmt.Sprintf("q%d", i)
		pgxFiles, err := Generate(d.schema, Options{Pgx: true})
		if err != nil {
			t.Fatal(err)
		}
		for name, src := range pgxFiles {
			write(filepath.Join(qkg, name), src)
		}
		conn, dsn := pgtest.NewDatabaseDSN(t)
		ddl, err := postgres.Generate(d.schema, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, string(ddl)); err != nil {
			t.Fatalf("%s: applying the DDL: %v", d.name, err)
		}
		if _, err := pgrows.Insert(ctx, conn, d.schema); err != nil {
			t.Fatalf("%s: inserting a row per table: %v", d.name, err)
		}
		conns = append(conns, conn)
		env = append(env, "DSN_"+pkg+"="+dsn)
		fmt.Fprintf(&main, "\tif dsn := os.Getenv(%q); dsn != \"\" {\n", "DSN_"+pkg)
		fmt.Fprintf(&main, "\t\tconn, err := pgx.Connect(ctx, dsn)\n\t\tif err != nil {\n\t\t\tpanic(err)\n\t\t}\n")
		var enumTypes []string
		for _, e := range d.schema.Enums {
			enumTypes = append(enumTypes, strconv.Quote(e.QualifiedName()), strconv.Quote(arrayTypeName(e)))
		}
		if len(enumTypes) > 0 {
			fmt.Fprintf(&main, "\t\ttypes, err := conn.LoadTypes(ctx, []string{%s})\n\t\tif err != nil {\n\t\t\tpanic(err)\n\t\t}\n\t\tconn.TypeMap().RegisterTypes(types)\n", strings.Join(enumTypes, ", "))
		}
		fmt.Fprintf(&main, "\t\tdb, err := sql.Open(\"pgx\", dsn)\n\t\tif err != nil {\n\t\t\tpanic(err)\n\t\t}\n")
		for _, tp := range newPlan(d.schema, "x", Options{}).tables {
			var pgxCols, sqlCols, dests []string
			for _, fp := range tp.fields {
				if !tagSafe(fp.column.Name) {
					continue
				}
				pgxCols = append(pgxCols, pkg+"."+fp.Const)
				if fp.column.TypeInfo.Array == 0 {
					sqlCols = append(sqlCols, pkg+"."+fp.Const)
					dests = append(dests, "&r."+fp.Field)
				}
			}
			where := fmt.Sprintf("%s %s", d.name, tp.table.Name)
			fmt.Fprintf(&main, "\t\treport(%q, collect[%s.%s](ctx, conn, \"SELECT \"+%s+\" FROM \"+%s.%s))\n",
				where+" pgx", qkg, tp.Type, strings.Replace(strings.Join(pgxCols, `+", "+`), pkg+".", qkg+".", -1), qkg, tp.Table)
			fmt.Fprintf(&main, "\t\t{\n\t\t\tvar r %s.%s\n\t\t\treport(%q, db.QueryRowContext(ctx, \"SELECT \"+%s+\" FROM \"+%s.%s).Scan(%s))\n\t\t}\n",
				pkg, tp.Type, where+" database/sql", strings.Join(sqlCols, `+", "+`), pkg, tp.Table, strings.Join(dests, ", "))
			main.WriteString("\t\tchecked++\n")
		}
		main.WriteString("\t\tconn.Close(ctx)\n\t\tdb.Close()\n\t}\n")
	}
	main.WriteString("\tjson.NewEncoder(os.Stdout).Encode(map[string]any{\"checked\": checked, \"problems\": problems})\n}\n")
	write("check/main.go", []byte(main.String()))

	runGo(t, dir, "vet", "-mod=mod", "./...")
	tables := 0
	for _, d := range designs {
		tables += len(d.schema.Tables)
	}
	readAll := func(phase string) {
		out := runGoEnv(t, dir, env, "run", "-mod=mod", "./check")
		var result struct {
			Checked  int
			Problems []string
		}
		if err := json.Unmarshal(out, &result); err != nil {
			t.Fatalf("%s: %v: %s", phase, err, out)
		}
		if result.Checked != tables {
			t.Errorf("%s: checked %d tables, want %d", phase, result.Checked, tables)
		}
		for _, p := range result.Problems {
			t.Errorf("%s: %s", phase, p)
		}
	}
	readAll("filled rows")
	nulled := 0
	for i, d := range designs {
		nulled += setNullable(t, conns[i], d.schema)
	}
	if nulled == 0 {
		t.Fatal("no column was set to NULL")
	}
	readAll("NULL in every nullable column")
}

// setNullable sets every nullable column of every table of s to NULL, with
// triggers off (event tables refuse updates), and returns how many it set.
// Every event table's payload is among them: it must be NULL-able; a column
// that a check constraint keeps from NULL stays as it is.
func setNullable(t *testing.T, conn *pgx.Conn, s *schema.Schema) int {
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tb := range s.Tables {
		for _, c := range tb.Columns {
			if !c.Nullable || c.Generated != "" {
				continue
			}
			_, err := conn.Exec(ctx, fmt.Sprintf("UPDATE %s SET %s = NULL", postgres.QualifiedTable(tb), pgx.Identifier{c.Name}.Sanitize()))
			if err != nil && tb.Kind == schema.EventTable {
				t.Errorf("%s.%s: %v", tb.Name, c.Name, err)
			}
			if err == nil {
				n++
			}
		}
	}
	return n
}

// arrayTypeName is the name PostgreSQL gives the array type of an enum:
// the name with a leading underscore, in the enum's schema.
func arrayTypeName(e *schema.Enum) string {
	name := "_" + e.Name
	if e.Schema == "" || e.Schema == "public" {
		return name
	}
	return e.Schema + "." + name
}
