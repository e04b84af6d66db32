package design

// RuleUndeclaredExtension is reported for an index that uses an operator
// class of an extension the design does not declare.
var RuleUndeclaredExtension = &Rule{Name: "undeclared-extension", Severity: Error, Doc: `An index uses an operator class that comes from an extension the design does not declare.

Operator classes such as ` + "`gin_trgm_ops`" + ` (pg_trgm), ` + "`gist_int4_ops`" + ` (btree_gist) or
` + "`int4_ops`" + ` under ` + "`using: gin`" + ` (btree_gin) exist only once their extension is
created. The DDL creates the extensions the design declares before the
tables; without the declaration, CREATE INDEX fails when the DDL runs, far
from the design. (A type of an extension is ` + "`invalid-type`" + ` the same way.)

Bad:
    indexes:
      - { columns: [name gin_trgm_ops], using: gin }
Good:
    extensions: [pg_trgm]
    ...
    indexes:
      - { columns: [name gin_trgm_ops], using: gin }

Fix: declare the extension under ` + "`extensions`" + `.`}
