package sqltext

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"SELECT * FROM accounts WHERE id = ? FOR UPDATE",
	"SELECT id, state FROM jobs WHERE state = 'ready' ORDER BY priority DESC, id LIMIT 10 FOR UPDATE SKIP LOCKED",
	"SELECT * FROM t WHERE k = ? LOCK IN SHARE MODE",
	"SELECT * FROM t WHERE k BETWEEN ? AND ? FOR SHARE NOWAIT",
	"SELECT a.* FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email LIKE 'bob%' AND a.balance > ?",
	"SELECT * FROM t WHERE LOWER(name) = ? OR code != ? OR x NOT IN (1, 2) OR y LIKE '%z'",
	"SELECT * FROM t WHERE id IN (SELECT tid FROM s WHERE s.k = ?) AND EXISTS (SELECT 1 FROM r WHERE r.id = t.id)",
	"SELECT a FROM t WHERE id = 1 UNION ALL SELECT a FROM s WHERE id = 2 FOR UPDATE",
	"WITH c AS (SELECT id FROM s) SELECT * FROM t JOIN c ON c.id = t.id WHERE t.a = ?",
	"UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
	"UPDATE t SET a = :a, b = :b WHERE id = :id",
	"UPDATE stock SET qty = GREATEST(qty - $1, 0) WHERE sku = $2",
	"DELETE FROM sessions WHERE expires_at < NOW() ORDER BY id LIMIT 1000",
	"DELETE a FROM a JOIN b ON a.id = b.aid WHERE b.x = @x",
	"INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE b = b + VALUES(b)",
	"INSERT INTO t (id, n) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE n = new.n",
	"REPLACE INTO t SET a = ?, b = 'x'",
	"INSERT IGNORE INTO t (a) SELECT a FROM s WHERE k = ?",
	"CREATE TABLE t (id BIGINT PRIMARY KEY, email VARCHAR(100) UNIQUE, KEY idx (a, b(10)))",
	"ALTER TABLE t ADD INDEX idx_a (a), DROP INDEX old, ALGORITHM=INPLACE, LOCK=NONE",
	"ALTER TABLE t WAIT 5 ADD COLUMN c INT",
	"ALTER TABLE IF EXISTS t DROP FOREIGN KEY IF EXISTS f, ADD COLUMN IF NOT EXISTS c INT",
	"CREATE UNIQUE INDEX ux ON t (a, b); DROP INDEX ux ON t",
	"RENAME TABLE a TO b, c TO d; TRUNCATE TABLE x; OPTIMIZE TABLE y",
	"LOCK TABLES a READ, b AS bb LOW_PRIORITY WRITE; UNLOCK TABLES",
	"FLUSH TABLES WITH READ LOCK; FLUSH TABLES t FOR EXPORT",
	"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; SET @@lock_wait_timeout = 5",
	"BEGIN; SELECT GET_LOCK('x', 10); DO RELEASE_LOCK('x'); COMMIT",
	"-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (id INT);\n-- +goose StatementEnd\n",
	"SELECT * FROM " + Hole + " WHERE id = " + Hole + " AND s = '" + Hole + "' ORDER BY c " + Hole + " LIMIT " + Hole,
	"UPDATE t SET " + Hole + " WHERE id IN " + Hole,
	"SELECT * FROM t WHERE a = ? " + Hole,
	"SELECT '?', \"$1\", `:x`, /* ? */ ? -- ?\n # ?",
	"/*!40101 SELECT ? */",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := normalize(text)
		if len(n.text) != len(text) {
			t.Fatalf("normalize changed the length: %q -> %q", text, n.text)
		}
		for i := 0; i < len(text); i++ {
			if (text[i] == '\n') != (n.text[i] == '\n') {
				t.Fatalf("normalize moved a line break: %q -> %q", text, n.text)
			}
		}
		sums, err := Parse(text)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Parse(%q): %v", text, err)
			}
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("Parse(%q): error without a line: %v", text, err)
			}
		}
		for _, s := range sums {
			checkSummary(t, text, s)
		}
		if s := Summarize(text); s != nil {
			checkSummary(t, text, s)
		}
	})
}

func checkSummary(t *testing.T, text string, s *Summary) {
	t.Helper()
	if s.Offset < 0 || s.Offset > len(text) || s.Line != 1+strings.Count(text[:s.Offset], "\n") {
		t.Fatalf("%q: offset %d line %d", text, s.Offset, s.Line)
	}
	if s.Params > 0 && len(s.ParamNames) != s.Params {
		t.Fatalf("%q: %d params, %d names", text, s.Params, len(s.ParamNames))
	}
	checkValue := func(v Value) {
		if v.Kind == ValueParam && (v.Param < -1 || v.Param >= s.Params) || v.Kind != ValueParam && v.Param != -1 {
			t.Fatalf("%q: value %+v with %d params", text, v, s.Params)
		}
	}
	var walk func(c *Cond)
	walk = func(c *Cond) {
		switch c.Op {
		case CondPred:
			if c.Pred == nil {
				t.Fatalf("%q: predicate node without Pred", text)
			}
			for _, v := range c.Pred.Values {
				checkValue(v)
			}
		case CondAnd, CondOr:
			if len(c.Args) < 2 {
				t.Fatalf("%q: junction with %d args", text, len(c.Args))
			}
			for _, a := range c.Args {
				if a.Op == c.Op {
					t.Fatalf("%q: unflattened junction", text)
				}
				walk(a)
			}
		}
	}
	if s.Where != nil {
		walk(s.Where)
	}
	for _, a := range s.Set {
		checkValue(a.Value)
	}
}
