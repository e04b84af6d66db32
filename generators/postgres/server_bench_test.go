package postgres

import (
	"strings"
	"testing"
)

// BenchmarkEventInsert measures one INSERT into an event table (autocommit)
// with the generated triggers, and, as the baseline of the same run, without
// the sequence_id trigger that makes ids come from the sequence.
func BenchmarkEventInsert(b *testing.B) {
	conn := apply(b, generate(b, "../../examples/rideshare.yaml"))
	c := ctx(b)
	var ride string
	err := conn.QueryRow(c, `WITH u AS (INSERT INTO users (id, email, password_hash, name) VALUES (gen_random_uuid(), 'a@example.com', 'x', 'Ann') RETURNING id)
		INSERT INTO rides (id, pickup, dropoff, user_id) SELECT gen_random_uuid(), 'a', 'b', id FROM u RETURNING id::text`).Scan(&ride)
	if err != nil {
		b.Fatal(describe(err))
	}
	// Each variant's change is made once, before b.Run, which may call its function several times.
	for _, variant := range []string{"generated", "without sequence_id trigger"} {
		if variant != "generated" {
			if _, err := conn.Exec(c, "DROP TRIGGER ride_events_sequence_id ON ride_events"); err != nil {
				b.Fatal(describe(err))
			}
		}
		b.Run(variant, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := conn.Exec(c, "INSERT INTO ride_events (ride_id, type) VALUES ($1, 'requested')", ride); err != nil {
					b.Fatal(describe(err))
				}
			}
		})
	}
}

// BenchmarkStateTransition measures one UPDATE that changes a state
// (payments: pending -> failed -> pending, autocommit) with the generated
// function, and as baselines of the same run: the function without its
// pinned search_path, and no state triggers at all.
func BenchmarkStateTransition(b *testing.B) {
	ddl := string(generate(b, "../../examples/rideshare.yaml"))
	conn := apply(b, []byte(ddl))
	c := ctx(b)
	var payment string
	err := conn.QueryRow(c, `WITH u AS (INSERT INTO users (id, email, password_hash, name) VALUES (gen_random_uuid(), 'a@example.com', 'x', 'Ann') RETURNING id),
		r AS (INSERT INTO rides (id, pickup, dropoff, user_id) SELECT gen_random_uuid(), 'a', 'b', id FROM u RETURNING id)
		INSERT INTO payments (id, amount_cents, reference, ride_id) SELECT gen_random_uuid(), 100, 'r', id FROM r RETURNING id::text`).Scan(&payment)
	if err != nil {
		b.Fatal(describe(err))
	}
	start := strings.Index(ddl, "CREATE OR REPLACE FUNCTION payment_status_transition()")
	function := ddl[start : start+strings.Index(ddl[start:], "\n$schemagen$;")+len("\n$schemagen$;")]
	unpinned := strings.Replace(function, "\n    "+pinnedSearchPath, "", 1)
	for _, variant := range []string{"generated", "without pinned search_path", "without state triggers"} {
		switch variant {
		case "without pinned search_path":
			if _, err := conn.Exec(c, unpinned); err != nil {
				b.Fatal(describe(err))
			}
		case "without state triggers":
			if _, err := conn.Exec(c, "ALTER TABLE payments DISABLE TRIGGER payments_status_transition"); err != nil {
				b.Fatal(describe(err))
			}
		}
		b.Run(variant, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				to := "failed"
				if i%2 == 1 {
					to = "pending"
				}
				if _, err := conn.Exec(c, "UPDATE payments SET status = $2 WHERE id = $1", payment, to); err != nil {
					b.Fatal(describe(err))
				}
			}
			b.StopTimer()
			if b.N%2 == 1 {
				if _, err := conn.Exec(c, "UPDATE payments SET status = 'pending' WHERE id = $1", payment); err != nil {
					b.Fatal(describe(err))
				}
			}
		})
	}
}
