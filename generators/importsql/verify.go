package importsql

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// RuleNotExpressible is the import's refusal to write a design that
// schemagen itself would reject.
var RuleNotExpressible = &design.Rule{Name: "import-not-expressible", Severity: design.Error, Doc: `The imported design would not be a valid design.

Some SQL has no faithful design: a schema so large that its design would pass
the 16 MiB limit, or names the design format cannot carry. Rather than write a
design that ` + "`schemagen validate`" + ` rejects, the import stops, names what
it could not express, and writes nothing. The DBML import refuses the same
way, at the place in the DBML, a column whose type PostgreSQL does not have
and a backtick expression that is not PostgreSQL.

Bad:
    CREATE TYPE kind AS ENUM ('', 'a');   -- an empty label
Good:
    CREATE TYPE kind AS ENUM ('none', 'a');

Fix: rename what the message names in the SQL (or import a part of a very
large schema), then import again.`}

// ErrNotExpressible is returned (wrapped) when the SQL parsed but its design
// would not validate; the diagnostics say why.
var ErrNotExpressible = errors.New("the design format cannot express this SQL")

// maxReported bounds how many of the design's errors the refusal lists.
const maxReported = 20

// verify checks a written design as `schemagen validate` would, so that the
// import never hands over a design schemagen rejects. It returns the
// diagnostics of the refusal, or nil when the design is valid.
func verify(sqlName, designName string, out []byte, sql check.SQLChecker) design.Diagnostics {
	at := design.Pos{File: sqlName, Line: 1, Col: 1}
	if len(out) > design.MaxFileSize {
		return design.Diagnostics{{Pos: at, Severity: design.Error, Rule: RuleNotExpressible.Name,
			Message: fmt.Sprintf("the design would be %d bytes, over the %d MiB a design may have", len(out), design.MaxFileSize>>20),
			Hint:    "import the schema in parts (one pg_dump --schema or --table selection at a time)"}}
	}
	_, diags := check.Source(designName+".yaml", out, sql)
	lines := bytes.Split(out, []byte("\n"))
	var refusal design.Diagnostics
	for _, d := range diags {
		if d.Severity != design.Error {
			continue
		}
		if len(refusal) == maxReported {
			break
		}
		where := ""
		if d.Pos.Line >= 1 && d.Pos.Line <= len(lines) {
			where = fmt.Sprintf(" (design line %d: %s)", d.Pos.Line, design.Excerpt(string(bytes.TrimSpace(lines[d.Pos.Line-1]))))
		}
		refusal = append(refusal, design.Diagnostic{Pos: at, Severity: design.Error, Rule: RuleNotExpressible.Name,
			Message: fmt.Sprintf("the design cannot express this: %s [%s]%s", d.Message, d.Rule, where),
			Hint:    "rename it in the SQL, then import again"})
	}
	return refusal
}
