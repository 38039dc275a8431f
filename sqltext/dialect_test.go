package sqltext

import "testing"

func TestDialectOf(t *testing.T) {
	for _, tc := range []struct {
		text     string
		foreign  string
		question bool
	}{
		{"SELECT id FROM jobs WHERE id = $1 FOR UPDATE", "$1 placeholders", false},
		{"INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", "$1 placeholders", false},
		{"INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING", "ON CONFLICT", true},
		{"SELECT created::date FROM events WHERE id = ?", ":: casts", true},
		{"SELECT id FROM users WHERE name ILIKE ?", "ILIKE", true},
		{"DELETE FROM sessions WHERE id = ? RETURNING id", "RETURNING", true},
		{"SELECT id FROM jobs WHERE id = ? FOR NO KEY UPDATE", "FOR NO KEY UPDATE / FOR KEY SHARE", true},
		{`SELECT "offset", uuid FROM "events_orders" WHERE "offset" > ?`, "double-quoted table names", true},
		{`INSERT INTO "events" (a) VALUES (?)`, "double-quoted table names", true},
		// MySQL, and text that only mentions the markers.
		{`SELECT "offset" FROM events WHERE name = "x" AND id = ?`, "", true},
		{"SELECT id FROM jobs WHERE id = ? FOR UPDATE", "", true},
		{"INSERT INTO kv (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)", "", true},
		{"SELECT '$1', 'a::b' FROM t -- ON CONFLICT\nWHERE `returning` = ?", "", true},
		{"UPDATE t SET a = :a WHERE id = :id", "", false},
		{"SELECT @@session.tx_isolation", "", false},
		{"LOCK TABLES orders WRITE", "", false},
	} {
		d := DialectOf(tc.text)
		if d.Foreign != tc.foreign || d.QuestionMarks != tc.question {
			t.Errorf("DialectOf(%q) = %+v, want foreign %q, question marks %v", tc.text, d, tc.foreign, tc.question)
		}
	}
}

func TestLooksLikeStatement(t *testing.T) {
	for text, want := range map[string]bool{
		"SELECT id FROM jobs FOR UPDATE":        true,
		"\n\t\tselect id from jobs":             true,
		"/* c */ DELETE FROM jobs WHERE id = ?": true,
		"LOCK TABLES t WRITE":                   true,
		"UPDATE":                                false,
		"select":                                false,
		"Selected items":                        false,
		"hello world":                           false,
		"":                                      false,
	} {
		if got := LooksLikeStatement(text); got != want {
			t.Errorf("LooksLikeStatement(%q) = %v, want %v", text, got, want)
		}
	}
}
