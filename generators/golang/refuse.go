package golang

import (
	"fmt"

	"github.com/schemagen/schemagen/design/schema"
)

// checkTaggable refuses a column that no db struct tag can name: the tag
// db:"-" tells sqlx and pgx to skip the field, and pgx reads only the part of
// the tag before a comma, so a column called "-" cannot be mapped at all.
func checkTaggable(s *schema.Schema) error {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Name == "-" {
				return fmt.Errorf(`%s: column %s."-": a Go struct tag cannot name it (db:"-" means "skip this field" to sqlx and pgx); rename the field`, c.Pos, t.Name)
			}
		}
	}
	return nil
}
