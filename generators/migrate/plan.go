package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// phase orders the statements of a migration so that every statement finds
// what it needs: old triggers and constraints go first (under their old
// names), then renames, new types and tables, column changes, new
// constraints, and drops last.
type phase int

const (
	// phaseAddValues is ALTER TYPE ... ADD VALUE IF NOT EXISTS under the types'
	// old names, alone in the first transaction: PostgreSQL lets a new value be
	// used only once the transaction that added it has committed. Should the
	// rest fail, the database keeps only the extra values, and running the
	// migration again adds nothing twice.
	phaseAddValues phase = iota
	// phaseDropIndexes is DROP INDEX CONCURRENTLY of the indexes that change or
	// go on tables that stay (online plans only, old names), one step each.
	phaseDropIndexes
	phaseDropTriggers    // triggers and functions that change (old names)
	phaseDropBlocks      // what the SQL blocks that change or go created
	phaseDropForeignKeys // foreign keys that change or go (old names)
	phaseDropConstraints // indexes and constraints that change or go (old names)
	phaseCreateSchemas
	phaseRenames // types, tables, columns, constraints, indexes: from here on, new names
	phaseCreateTypes
	phaseRebuildTypes
	phaseEarlyBlocks // SQL blocks that run before the tables
	phaseCreateTables
	phaseCreatePartitions // partitions the new design adds
	phaseAlterColumns
	phaseDropColumns
	phaseAddConstraints
	phaseAddForeignKeys
	phaseDetachPartitions // partitions the new design removes
	phaseDropTables
	phaseDropTypes
	phaseCreateTriggers
	phaseLateBlocks // SQL blocks that run after the tables
	phaseComments
	phaseDropSchemas
	// The phases below are used by online plans only: what a busy table
	// cannot take inside the main transaction (see online.go).
	phaseBackfill      // batched UPDATEs that fill existing rows, one step each
	phaseCreateIndexes // CREATE [UNIQUE] INDEX CONCURRENTLY, one step each
	phaseAddNotValid   // UNIQUE ... USING INDEX, CHECK and FOREIGN KEY ... NOT VALID
	phaseValidate      // VALIDATE CONSTRAINT
	phaseSetNotNull    // SET NOT NULL proved by a validated check, then the check dropped
	numPhases
)

// planner writes the statements that take a database built from src to dst.
// m pairs dst objects (keys of m.table, m.col, ...) with src objects.
type planner struct {
	src, dst *schema.Schema
	m        *mapping
	allow    bool
	down     bool
	stmts    [numPhases][]string
	diags    design.Diagnostics
	notes    []string

	online     bool        // write the forms that keep a busy table available (online.go)
	timeouts   Timeouts    // of online steps, defaults filled in
	allowLocks bool        // lock diagnostics are warnings, not errors
	checks     []DataCheck // constraints that existing rows may violate

	rebuilt        map[*schema.Enum]bool   // dst enums rebuilt (new type, columns converted)
	defaultHandled map[*schema.Column]bool // dst columns whose default another step sets
	typeChanged    map[*schema.Column]bool // src columns whose type changes
	droppedKeys    map[string]bool         // src table + constraint signature of dropped pk/unique constraints

	renames [numRenameKinds][]rename // written by writeRenames (renames.go)
	moves   [numRenameKinds][]string // SET SCHEMA after the renames of a kind
	temps   int                      // temporary names handed out to swapped objects

	converted map[*schema.Column]bool // src columns converted to a rebuilt enum type (enum_rebuild.go)
	readded   map[*schema.Column]bool // src and dst generated columns dropped and added again around a rebuild
	readds    []readdedColumn         // those columns, in order

	linkMoves      []*linkMove             // relationships whose links move (cardinality.go)
	linksKept      map[*schema.Column]bool // src foreign-key columns emptied into a junction, dst ones filled from one
	junctionMerged map[*schema.Table]bool  // src junctions whose links move into a foreign key
}

func newPlanner(src, dst *schema.Schema, m *mapping, allow, down bool) *planner {
	return &planner{
		src: src, dst: dst, m: m, allow: allow, down: down,
		rebuilt:        map[*schema.Enum]bool{},
		defaultHandled: map[*schema.Column]bool{},
		typeChanged:    map[*schema.Column]bool{},
		droppedKeys:    map[string]bool{},
		converted:      map[*schema.Column]bool{},
		readded:        map[*schema.Column]bool{},
		linksKept:      map[*schema.Column]bool{},
		junctionMerged: map[*schema.Table]bool{},
	}
}

func (p *planner) add(ph phase, sql string) {
	if !strings.HasSuffix(sql, ";") {
		sql += ";"
	}
	p.stmts[ph] = append(p.stmts[ph], sql)
}

func (p *planner) count() int {
	n := 0
	for _, s := range p.stmts {
		n += len(s)
	}
	return n
}

// destructive records a change that can lose data or fail on existing rows.
//
// Going down, dropping what the up migration added is the point, not a loss.
func (p *planner) destructive(pos design.Pos, rule, hint, format string, args ...any) {
	if p.down && (rule == RuleDropTable || rule == RuleDropColumn) {
		return
	}
	sev := design.Error
	if p.allow {
		sev = design.Warning
	}
	p.diags = append(p.diags, design.Diagnostic{Pos: pos, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (p *planner) plan() {
	p.schemas(phaseCreateSchemas)
	p.enums()
	p.domains()
	p.dependentGenerated()
	p.cardinality()
	p.tables()
	p.moveLinks()
	p.partitions()
	p.constraints()
	p.readdGenerated()
	p.machines()
	p.eventGuards()
	p.blocks()
	p.comments()
	p.schemas(phaseDropSchemas)
	p.writeRenames()
}

func qualify(schema, name string) string {
	if schema == "" || schema == "public" {
		return sqlname.QuoteIdent(name)
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(name)
}

var q = sqlname.QuoteIdent

// schemas creates the schemas dst uses that src does not (phaseCreateSchemas),
// or drops the schemas src used that dst does not (phaseDropSchemas).
func (p *planner) schemas(ph phase) {
	used := func(s *schema.Schema) (list []string, set map[string]bool) {
		set = map[string]bool{"public": true, "": true}
		for _, t := range s.Tables {
			if !set[t.Schema] {
				set[t.Schema] = true
				list = append(list, t.Schema)
			}
		}
		for _, e := range s.Enums {
			if !set[e.Schema] {
				set[e.Schema] = true
				list = append(list, e.Schema)
			}
		}
		return list, set
	}
	srcList, srcSet := used(p.src)
	dstList, dstSet := used(p.dst)
	if ph == phaseCreateSchemas {
		have := map[string]bool{}
		for _, ext := range p.src.NeededExtensions() {
			have[ext.Name] = true
		}
		// Migrations create extensions and never drop them: other objects may use them too.
		for _, ext := range p.dst.NeededExtensions() {
			if !have[ext.Name] {
				if ext.Schema != "" && !srcSet[ext.Schema] && !dstSet[ext.Schema] {
					p.add(ph, postgres.CreateSchema(ext.Schema))
					dstSet[ext.Schema] = true
					srcSet[ext.Schema] = true
				}
				p.add(ph, strings.TrimSuffix(postgres.CreateExtension(ext), ";"))
			}
		}
		for _, s := range dstList {
			if !srcSet[s] {
				p.add(ph, postgres.CreateSchema(s))
			}
		}
		return
	}
	for _, s := range srcList {
		if !dstSet[s] {
			p.add(ph, "DROP SCHEMA "+q(s))
		}
	}
}

// tables creates, renames, alters and drops tables and their columns.
func (p *planner) tables() {
	for _, dt := range p.dst.Tables {
		st := p.m.table[dt]
		if st == nil {
			p.add(phaseCreateTables, postgres.CreateTable(dt))
			continue
		}
		if st.Name != dt.Name {
			p.renameTable(st.Schema, st.Name, dt.Name)
		}
		if st.Schema != dt.Schema {
			p.afterRenames(renameTables, fmt.Sprintf("ALTER TABLE %s SET SCHEMA %s", qualify(st.Schema, dt.Name), q(dt.Schema)))
		}
		if st.Unlogged != dt.Unlogged {
			// Either way PostgreSQL rewrites the table under an exclusive lock.
			persistence := "LOGGED"
			if dt.Unlogged {
				persistence = "UNLOGGED"
			}
			p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s SET %s", postgres.QualifiedTable(dt), persistence))
		}
		p.columns(st, dt)
	}
	for _, st := range p.src.Tables {
		if p.m.tableBack[st] != nil {
			continue
		}
		if p.junctionMerged[st] {
			p.add(phaseDropTables, "DROP TABLE "+postgres.QualifiedTable(st))
			continue // its links moved into a foreign key: destructive-drop-links says what is lost
		}
		p.destructive(st.Pos, RuleDropTable, "keep the entity, or rename it with `renamed_from`",
			"table %s is dropped with all its rows", st.QualifiedName())
		p.add(phaseDropTables, "DROP TABLE "+postgres.QualifiedTable(st))
		if st.Kind == schema.EventTable {
			p.add(phaseDropTables, fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", qualify(st.Schema, postgres.EventGuardFunctionName(st))))
			p.add(phaseDropTables, fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", qualify(st.Schema, postgres.EventIDFunctionName(st))))
		}
	}
}

// columns renames, alters, adds and drops the columns of a table that exists on both sides.
func (p *planner) columns(st, dt *schema.Table) {
	table := postgres.QualifiedTable(dt)
	for _, dc := range dt.Columns {
		sc := p.m.col[dc]
		if sc == nil {
			p.addColumn(dt, dc)
			continue
		}
		if sc.Name != dc.Name {
			p.renameColumn(table, sc.Name, dc.Name)
		}
		if (sc.Name != dc.Name || st.Name != dt.Name) && sc.Identity != "" && dc.Identity != "" {
			oldSeq, newSeq := st.Name+"_"+sc.Name+"_seq", dt.Name+"_"+dc.Name+"_seq"
			if len(oldSeq) <= sqlname.MaxIdentifierBytes && len(newSeq) <= sqlname.MaxIdentifierBytes {
				p.renameSequence(dt.Schema, oldSeq, newSeq)
			}
		}
		p.alterColumn(dt, sc, dc)
	}
	for _, sc := range st.Columns {
		if p.m.colBack[sc] != nil {
			continue
		}
		if p.linksKept[sc] {
			p.add(phaseDropColumns, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, q(sc.Name)))
			continue // its links moved into a junction (cardinality.go)
		}
		p.destructive(sc.Pos, RuleDropColumn, "keep the field, or rename it with `renamed_from`",
			"column %s.%s is dropped with its values", st.QualifiedName(), sc.Name)
		p.add(phaseDropColumns, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, q(sc.Name)))
	}
}

// needsValue reports whether a NOT NULL column has nothing to fill existing rows with.
func needsValue(c *schema.Column) bool {
	return !c.Nullable && c.Default == "" && c.Identity == "" && c.Generated == ""
}

func (p *planner) addColumn(dt *schema.Table, dc *schema.Column) {
	if p.linksKept[dc] {
		// Filled from a junction, then made NOT NULL (cardinality.go).
		nullable := *dc
		nullable.Nullable = true
		dc = &nullable
	}
	if needsValue(dc) {
		p.destructive(dc.Pos, RuleNotNull, "give it a default, or make it nullable (`?`) and fill it in a later migration",
			"column %s.%s is added NOT NULL without a default: the migration fails if %s has rows", dt.QualifiedName(), dc.Name, dt.QualifiedName())
	}
	if p.online {
		p.addColumnOnline(dt, dc)
		return
	}
	p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", postgres.QualifiedTable(dt), postgres.ColumnDefinition(dt, dc)))
}

// columnType is a column's type as SQL, enum types qualified.
func columnType(c *schema.Column) string {
	if c.Domain != nil {
		return domainColumnType(c)
	}
	if c.Enum == nil {
		return c.Type
	}
	return postgres.QualifiedEnum(c.Enum) + strings.Repeat("[]", c.TypeInfo.Array)
}

// srcTypeInDst is the type of a src column with its enum renamed the way dst names it.
func (p *planner) srcTypeInDst(sc *schema.Column) string {
	if sc.Domain != nil {
		return domainColumnType(sc)
	}
	if sc.Enum == nil {
		return sc.Type
	}
	de := p.m.enumBack[sc.Enum]
	if de == nil {
		return "\x00dropped enum " + sc.Enum.Name
	}
	return postgres.QualifiedEnum(de) + strings.Repeat("[]", sc.TypeInfo.Array)
}

func (p *planner) alterColumn(dt *schema.Table, sc, dc *schema.Column) {
	if p.readded[dc] {
		return // added again with its new definition (enum_rebuild.go)
	}
	table := postgres.QualifiedTable(dt)
	col := q(dc.Name)
	alter := func(format string, args ...any) {
		p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s ", table, col)+fmt.Sprintf(format, args...))
	}
	if sc.Generated != dc.Generated {
		if dc.Generated == "" {
			alter("DROP EXPRESSION")
		} else {
			p.destructive(dc.Pos, RuleGenerated, "", "column %s.%s becomes generated (or its expression changes): it is dropped and added again", dt.QualifiedName(), dc.Name)
			p.lockRisk(dc.Pos, RuleTableRewrite, "accept the rewrite at a quiet time (--allow-locks)",
				"column %s.%s is added again as a generated column: PostgreSQL rewrites %s under ACCESS EXCLUSIVE, blocking reads and writes", dt.QualifiedName(), dc.Name, dt.QualifiedName())
			p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, col))
			p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", table, postgres.ColumnDefinition(dt, dc)))
			return
		}
	}
	srcDefault := sc.Default
	if sc.Identity != "" || sc.Generated != "" {
		srcDefault = ""
	}
	dstDefault := dc.Default
	if dc.Identity != "" || dc.Generated != "" {
		dstDefault = ""
	}
	if from, to := p.srcTypeInDst(sc), columnType(dc); from != to && !p.rebuilt[dc.Enum] {
		p.typeChanged[sc] = true
		if rewritesTable(sc, dc) {
			p.lockRisk(dc.Pos, RuleTableRewrite, "add a new column, fill it in batches and switch to it, or accept the rewrite at a quiet time (--allow-locks)",
				"column %s.%s changes type from %s to %s: PostgreSQL rewrites %s under ACCESS EXCLUSIVE, blocking reads and writes until it is done",
				dt.QualifiedName(), dc.Name, sc.Type, dc.Type, dt.QualifiedName())
		}
		if p.down && keepsSpelling(dc) && !keepsSpelling(sc) {
			p.destructive(dc.Pos, RuleIrreversible, "keep the text in a column of its own if its spelling matters",
				"column %s.%s changes back from %s to %s: values come back as %s writes them, not as they were written ('007' converted to integer 7 comes back as '7')",
				dt.QualifiedName(), dc.Name, sc.Type, dc.Type, sc.Type)
		}
		if !widens(sc, dc) {
			p.destructive(dc.Pos, RuleNarrowType, "widen instead (integer -> bigint, varchar(n) -> text), or convert the data first",
				"column %s.%s changes type from %s to %s: values may not fit", dt.QualifiedName(), dc.Name, sc.Type, dc.Type)
		}
		if srcDefault != "" {
			alter("DROP DEFAULT")
			srcDefault = ""
		}
		using := col + "::" + to
		if sc.Enum != nil || dc.Enum != nil {
			using = col + "::text" + strings.Repeat("[]", sc.TypeInfo.Array) + "::" + to
		}
		alter("TYPE %s%s USING %s", to, collateClause(dc), using)
	} else if sc.Collation != dc.Collation {
		p.collationLockRisk(dt, dc)
		alter("TYPE %s%s", to, collateClause(dc))
	}
	if !p.defaultHandled[dc] && srcDefault != dstDefault {
		if dstDefault == "" {
			alter("DROP DEFAULT")
		} else {
			alter("SET DEFAULT %s", dstDefault)
		}
	}
	if sc.Nullable && !dc.Nullable {
		if dstDefault == "" && dc.Identity == "" && dc.Generated == "" {
			p.notNullCheck(dt, sc, dc)
		}
		// Online, an identity column keeps the simple form: ADD GENERATED
		// AS IDENTITY below needs the column NOT NULL first.
		online := p.online && dc.Identity == "" && dc.Generated == ""
		switch {
		case dstDefault != "" && online:
			p.backfill(dt, dc)
		case dstDefault != "":
			p.add(phaseAlterColumns, fmt.Sprintf("UPDATE %s SET %s = DEFAULT WHERE %s IS NULL", table, col, col))
		case dc.Identity == "" && dc.Generated == "":
			p.destructive(dc.Pos, RuleNotNull, "give it a default: rows with NULL get it before the column becomes NOT NULL",
				"column %s.%s becomes NOT NULL without a default: the migration fails if a row has no value", dt.QualifiedName(), dc.Name)
		}
		if online {
			p.setNotNullOnline(dt, dc)
		} else {
			alter("SET NOT NULL")
		}
	}
	if sc.Identity != dc.Identity {
		kind := func(i string) string {
			if i == schema.IdentityAlways {
				return "ALWAYS"
			}
			return "BY DEFAULT"
		}
		switch {
		case dc.Identity == "":
			alter("DROP IDENTITY")
		case sc.Identity == "":
			alter("ADD GENERATED %s AS IDENTITY", kind(dc.Identity))
		default:
			alter("SET GENERATED %s", kind(dc.Identity))
		}
	}
	if !sc.Nullable && dc.Nullable {
		alter("DROP NOT NULL")
	}
}
