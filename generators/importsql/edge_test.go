package importsql

import (
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestOddInputs feeds SQL that imports meet at the edges: each must import
// without a panic into a design that validates without errors.
func TestOddInputs(t *testing.T) {
	for name, sql := range map[string]string{
		"empty":             "",
		"only comments":     "-- nothing here\n/* nor here */\n",
		"no columns":        "CREATE TABLE t ();",
		"fk to missing":     "CREATE TABLE t (id int PRIMARY KEY, other_id int REFERENCES elsewhere);",
		"alter missing":     "ALTER TABLE nowhere ADD COLUMN x int; ALTER TABLE IF EXISTS nowhere ADD COLUMN y int;",
		"drop and recreate": "CREATE TABLE t (a int); DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS u; CREATE TABLE t (b text PRIMARY KEY);",
		"reserved names":    `CREATE TABLE "user" (id serial PRIMARY KEY, "order" int, "Mixed Case" text);`,
		"self n-n":          "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE f (a int REFERENCES p, b int REFERENCES p, PRIMARY KEY (a, b));",
		"shared sequence":   "CREATE SEQUENCE s; CREATE TABLE a (id int DEFAULT nextval('s') PRIMARY KEY); CREATE TABLE b (id int DEFAULT nextval('s') PRIMARY KEY);",
		"unknown sequence":  "CREATE TABLE a (id int DEFAULT nextval('missing_seq'::regclass) PRIMARY KEY);",
		"more checks":       "CREATE TABLE a (x int CHECK (x > 0) CHECK (x < 10) CHECK (x <> 5));",
		"fk to unique":      "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE); CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));",
		"composite fk":      "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (x int, y int, FOREIGN KEY (x, y) REFERENCES p ON DELETE CASCADE);",
		"type mismatch fk":  "CREATE TABLE p (id bigint PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p);",
		"domain over domain": `CREATE DOMAIN a AS int CHECK (VALUE > 0); CREATE DOMAIN b AS a NOT NULL;
CREATE TABLE t (x b, y a DEFAULT 1);`,
		"same table two schemas": "CREATE SCHEMA s; CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE s.t (id int PRIMARY KEY, t_id int REFERENCES public.t);",
		"identity always":        "CREATE TABLE t (n int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
		"exclusion":              "CREATE TABLE r (c circle, EXCLUDE USING gist (c WITH &&));",
	} {
		t.Run(name, func(t *testing.T) {
			out, _, err := Import("odd.sql", []byte(sql), Options{})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			_, vd := check.Source("odd.yaml", out, nil)
			for _, d := range vd {
				if d.Severity == design.Error {
					t.Errorf("%s\n%s", d, out)
				}
			}
		})
	}
}
