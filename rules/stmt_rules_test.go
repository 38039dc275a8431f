package rules

import (
	"strings"
	"testing"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// These tests feed the per-statement rules hand-built statements: their
// SQL, the kind of handle that runs them and whether a loop repeats them,
// against a hand-built schema. No Go source is involved.

// ordersSchema has orders(id PK, customer_id indexed, status, region, created)
// with a composite index (region, status).
func ordersSchema() *schema.Schema {
	s := schema.New()
	s.Put(&schema.Table{Name: "orders", Columns: []string{"id", "customer_id", "status", "region", "created"}, Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "idx_customer", Columns: []string{"customer_id"}},
		{Name: "idx_region_status", Columns: []string{"region", "status"}},
	}})
	return s
}

// stmt is a statement run through a handle of the given kind.
func stmt(sql string, kind extract.HandleKind) *txflow.Stmt {
	return &txflow.Stmt{Site: &extract.Site{SQL: sqltext.Summarize(sql), Handle: extract.Handle{Kind: kind, Type: map[extract.HandleKind]string{extract.HandlePool: "*sql.DB", extract.HandleTx: "*sql.Tx"}[kind]}}}
}

// check runs rule on st and returns its messages.
func check(t *testing.T, c *Context, rule *Rule, st *txflow.Stmt) []string {
	t.Helper()
	var out []string
	for _, f := range rule.Stmt(c, st) {
		out = append(out, f.Message)
	}
	return out
}

func TestUnindexedLockOnStatements(t *testing.T) {
	c := &Context{Schema: ordersSchema()}
	for _, tc := range []struct {
		sql  string
		kind extract.HandleKind
		want string // "" for silence
	}{
		{"SELECT id FROM orders WHERE status = ? FOR UPDATE", extract.HandleTx, "without its leftmost column region"},
		{"UPDATE orders SET status = 'x' WHERE DATE(created) = ?", extract.HandleTx, "can use no index"},
		{"DELETE FROM orders WHERE status <> 'done'", extract.HandlePool, "can use no index"},
		{"SELECT id FROM orders WHERE region = ? AND status = ? FOR UPDATE", extract.HandleTx, ""},
		{"SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", extract.HandleTx, ""},
		{"SELECT id FROM orders WHERE status = ?", extract.HandleTx, ""},              // plain reads lock nothing
		{"SELECT id FROM unknown_table WHERE a = ? FOR UPDATE", extract.HandleTx, ""}, // unknown is not a finding
		{"SELECT id FROM orders WHERE status = ? FOR UPDATE", extract.HandlePool, ""}, // lock-outside-tx's finding
		// A column the table's description lacks: that description is
		// not the table the statement runs on.
		{"UPDATE orders SET status = 'x' WHERE project = ?", extract.HandleTx, ""},
	} {
		got := check(t, c, UnindexedLock, stmt(tc.sql, tc.kind))
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: want silence, got %q", tc.sql, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: want one finding with %q, got %q", tc.sql, tc.want, got)
		}
	}
}

// A table partitioned by RANGE on a column the WHERE bounds is scanned in
// the partitions the condition reaches only; a purge below a cutoff is
// not reported.
func TestUnindexedLockOnPartitions(t *testing.T) {
	s := schema.New()
	s.Put(&schema.Table{Name: "hits", Columns: []string{"id", "at", "ok"}, Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id", "at"}, Unique: true, Primary: true},
	}, Partition: &schema.Partition{Column: "at", Ranges: true}})
	s.Put(&schema.Table{Name: "tags", Columns: []string{"id", "kind", "ok"}, Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
	}, Partition: &schema.Partition{Column: "kind"}})
	c := &Context{Schema: s}
	for _, tc := range []struct{ sql, want string }{
		{"DELETE FROM hits WHERE at < ?", ""},
		{"DELETE FROM hits WHERE at <= ? AND ok = 0", ""},
		{"DELETE FROM hits WHERE at > ?", "scans the partitions the condition on at reaches"},
		{"DELETE FROM hits WHERE at = ?", "scans the partitions the condition on at reaches"},
		{"DELETE FROM hits WHERE at BETWEEN ? AND ?", "scans the partitions the condition on at reaches"},
		{"DELETE FROM hits WHERE ok = 0", "every row and every gap of hits"},
		{"DELETE FROM hits WHERE DATE(at) < ?", "every row and every gap of hits"},
		// Partitioned by a function that prunes equality only.
		{"DELETE FROM tags WHERE kind = ? AND ok = 0", "scans the partitions the condition on kind reaches"},
		{"DELETE FROM tags WHERE kind < ?", "every row and every gap of tags"},
	} {
		got := check(t, c, UnindexedLock, stmt(tc.sql, extract.HandleTx))
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: want silence, got %q", tc.sql, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: want one finding with %q, got %q", tc.sql, tc.want, got)
		}
	}
}

func TestRangeLockOnStatements(t *testing.T) {
	for _, tc := range []struct {
		sql    string
		server target.Server
		want   string
	}{
		{"SELECT id FROM orders WHERE id > ? FOR UPDATE", target.Server{}, "REPEATABLE READ"},
		{"SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", target.Server{}, "idx_customer"},
		{"SELECT id FROM orders WHERE id = ? FOR UPDATE", target.Server{}, ""},                                 // one record
		{"SELECT id FROM orders WHERE id > ? FOR UPDATE", target.Server{Engine: target.TiDB}, ""},              // no gap locks
		{"SELECT id FROM orders WHERE id > ? FOR UPDATE", target.Server{Isolation: sqltext.ReadCommitted}, ""}, // no gap locks at RC on the clustered index
	} {
		c := &Context{Schema: ordersSchema(), Server: tc.server}
		got := check(t, c, RangeLock, stmt(tc.sql, extract.HandleTx))
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s (%+v): want silence, got %q", tc.sql, tc.server, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s (%+v): want one finding with %q, got %q", tc.sql, tc.server, tc.want, got)
		}
	}
}

// TestRangeLockOnPlainReads: a plain read is a shared locking read only
// in a SERIALIZABLE transaction (ground truth 14j).
func TestRangeLockOnPlainReads(t *testing.T) {
	for _, tc := range []struct {
		sql   string
		level sqltext.Isolation
		inTx  bool
		want  string
	}{
		{"SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT 10", sqltext.Serializable, true, "shared locking read in a SERIALIZABLE transaction"},
		{"SELECT id FROM orders WHERE customer_id = ?", sqltext.Serializable, true, "idx_customer"},
		{"SELECT id FROM orders WHERE id > ?", sqltext.Serializable, false, ""}, // autocommit: a consistent read
		{"SELECT id FROM orders WHERE id > ?", sqltext.RepeatableRead, true, ""},
		{"SELECT id FROM orders WHERE id = ?", sqltext.Serializable, true, ""}, // one record
	} {
		c := &Context{Schema: ordersSchema()}
		st := stmt(tc.sql, extract.HandleUnknown)
		if tc.inTx {
			st.Tx = &txflow.Tx{Isolation: tc.level}
		} else {
			c.Server.Isolation = tc.level
		}
		got := check(t, c, RangeLock, st)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s (%v, in tx %v): want silence, got %q", tc.sql, tc.level, tc.inTx, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s (%v, in tx %v): want one finding with %q, got %q", tc.sql, tc.level, tc.inTx, tc.want, got)
		}
	}
}

func TestLockOutsideTxOnStatements(t *testing.T) {
	c := &Context{Schema: ordersSchema()}
	for _, tc := range []struct {
		sql  string
		kind extract.HandleKind
		want bool
	}{
		{"SELECT id FROM orders WHERE id = ? FOR UPDATE", extract.HandlePool, true},
		{"SELECT id FROM orders WHERE id = ? LOCK IN SHARE MODE", extract.HandlePool, true},
		{"SELECT id FROM orders WHERE id = ? FOR UPDATE", extract.HandleTx, false},
		{"SELECT id FROM orders WHERE id = ? FOR UPDATE", extract.HandleUnknown, false}, // may be a transaction
		{"SELECT id FROM orders WHERE id = ?", extract.HandlePool, false},
	} {
		got := check(t, c, LockOutsideTx, stmt(tc.sql, tc.kind))
		if (len(got) > 0) != tc.want {
			t.Errorf("%s on %v: got %q, want a finding: %v", tc.sql, tc.kind, got, tc.want)
		}
	}
}

func TestSkipLockedCandidateOnStatements(t *testing.T) {
	loop := &extract.Loop{}
	for _, tc := range []struct {
		sql    string
		loop   *extract.Loop
		server target.Server
		want   string
	}{
		{"SELECT id FROM orders WHERE status = 0 ORDER BY id LIMIT 10 FOR UPDATE", loop, target.Server{}, "add SKIP LOCKED"},
		{"SELECT id FROM orders WHERE status = 0 ORDER BY id LIMIT 10 FOR UPDATE", loop, target.Server{Engine: target.MySQL57}, "has no SKIP LOCKED"},
		{"SELECT id FROM orders WHERE status = 0 ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED", loop, target.Server{}, ""},
		{"SELECT id FROM orders WHERE status = 0 ORDER BY id LIMIT 10 FOR UPDATE", nil, target.Server{}, ""}, // not polled
		{"SELECT id FROM orders WHERE id = ? ORDER BY id LIMIT 1 FOR UPDATE", loop, target.Server{}, ""},     // one row by key
	} {
		st := stmt(tc.sql, extract.HandleTx)
		st.Site.Loop = tc.loop
		got := check(t, &Context{Schema: ordersSchema(), Server: tc.server}, SkipLockedCandidate, st)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: want silence, got %q", tc.sql, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: want one finding with %q, got %q", tc.sql, tc.want, got)
		}
	}
}
