package importsql

import (
	"strings"
	"testing"
)

// TestUnindexedForeignKeys: the import says how many foreign keys the SQL
// leaves without an index, since the generated DDL indexes every one.
func TestUnindexedForeignKeys(t *testing.T) {
	const sql = `CREATE TABLE customer (id int PRIMARY KEY);
CREATE TABLE store (id int PRIMARY KEY);
CREATE TABLE rental (
  id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer,
  store_id int NOT NULL REFERENCES store,
  staff_id int NOT NULL REFERENCES customer
);
CREATE INDEX rental_customer ON rental (customer_id, id);
CREATE INDEX rental_staff_partial ON rental (staff_id) WHERE staff_id > 0;
CREATE TABLE film_actor (film_id int REFERENCES store, actor_id int REFERENCES customer, PRIMARY KEY (film_id, actor_id));
`
	_, diags, err := Import("rental.sql", []byte(sql), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Unindexed: rental.store_id, rental.staff_id (only a partial index) and
	// film_actor.actor_id (second in the key); indexed: rental.customer_id,
	// film_actor.film_id.
	var got []string
	for _, d := range diags {
		if strings.HasPrefix(d.Message, "foreign keys without an index") {
			got = append(got, d.String())
		}
	}
	want := "rental.sql:6:25: warning: foreign keys without an index: 3 imported with a change: the SQL has no index whose leading columns are the foreign key's; the generated DDL adds one for each [import-changed]"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
