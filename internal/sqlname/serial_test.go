package sqlname

import (
	"strings"
	"testing"
)

// TestSerialSequence checks the names PostgreSQL gives serial sequences,
// short and cut to 63 bytes (the longer name is cut first).
func TestSerialSequence(t *testing.T) {
	for _, c := range []struct{ table, column, want string }{
		{"users", "id", "users_id_seq"},
		{strings.Repeat("a", 40), strings.Repeat("b", 30), strings.Repeat("a", 29) + "_" + strings.Repeat("b", 29) + "_seq"},
		{strings.Repeat("t", 70), "id", strings.Repeat("t", 56) + "_id_seq"},
	} {
		got := SerialSequence(c.table, c.column)
		if got != c.want {
			t.Errorf("SerialSequence(%q, %q) = %q, want %q", c.table, c.column, got, c.want)
		}
		if len(got) > MaxIdentifierBytes {
			t.Errorf("%q is longer than %d bytes", got, MaxIdentifierBytes)
		}
	}
}
