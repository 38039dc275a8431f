package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// These tests feed the transaction-flow rules hand-built functions
// (fnModel): statements on handles, Begin/Commit, slow calls and the
// values the code reads, on a control-flow graph given by hand. No Go
// source is involved, so each rule's logic is tested apart from
// extraction.

// bankSchema has orders (ordersSchema) and accounts(id PK, owner_id
// indexed, balance, version, status).
func bankSchema() *schema.Schema {
	s := ordersSchema()
	s.Put(&schema.Table{Name: "accounts", Columns: []string{"id", "owner_id", "balance", "version", "status"}, Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "idx_owner", Columns: []string{"owner_id"}},
	}})
	return s
}

// txRule runs a transaction rule on every transaction of fn.
func txRule(c *Context, rule *Rule, fn *txflow.Func) []Finding {
	var out []Finding
	for _, tx := range fn.Txs {
		out = append(out, rule.Tx(c, tx)...)
	}
	return out
}

func TestCheckThenInsertOnModels(t *testing.T) {
	maria := target.Server{Engine: target.MariaDB}
	rc := target.Server{Isolation: sqltext.ReadCommitted}
	for _, tc := range []struct {
		name     string
		server   target.Server
		check    string // the lookup, in the transaction
		insert   string
		before   bool // the INSERT runs before the lookup
		notFound bool // the code tests for a missing row
		dupKey   bool // the code handles error 1062
		zero     bool // the code compares the lookup's COUNT with zero
		want     string
	}{
		{name: "non-unique key: always a gap", check: "SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')", want: "the lookup takes a gap lock that concurrent transactions share"},
		{name: "primary key, found row only", check: "SELECT id FROM orders WHERE id = ? FOR UPDATE", insert: "INSERT INTO orders (id, status) VALUES (?, 'new')"},
		{name: "primary key, missing row tested", check: "SELECT id FROM orders WHERE id = ? FOR UPDATE", insert: "INSERT INTO orders (id, status) VALUES (?, 'new')", notFound: true, want: "error 1213"},
		{name: "COUNT in share mode tested against zero", check: "SELECT COUNT(*) FROM orders WHERE id = ? LOCK IN SHARE MODE", insert: "INSERT INTO orders (id, status) VALUES (?, 'new')", zero: true, want: "after SELECT ... LOCK IN SHARE MODE"},
		{name: "COUNT not tested", check: "SELECT COUNT(*) FROM orders WHERE id = ? LOCK IN SHARE MODE", insert: "INSERT INTO orders (id, status) VALUES (?, 'new')"},
		{name: "replace by hand", check: "DELETE FROM orders WHERE id = 7", insert: "INSERT INTO orders (id, status) VALUES (7, 'new')", want: "a replace done by hand"},
		{name: "replace by hand on MariaDB", server: maria, check: "DELETE FROM orders WHERE id = 7", insert: "INSERT INTO orders (id, status) VALUES (7, 'new')", want: "MariaDB makes the second transaction wait at its DELETE"},
		{name: "delete one key, insert another", check: "DELETE FROM orders WHERE id = 7", insert: "INSERT INTO orders (id, status) VALUES (8, 'new')"},
		{name: "insert first", check: "SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')", before: true},
		{name: "another table", check: "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')"},
		{name: "plain read", check: "SELECT id FROM orders WHERE customer_id = ?", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')"},
		{name: "no index: callers queue", check: "SELECT id FROM orders WHERE status = ? FOR UPDATE", insert: "INSERT INTO orders (status) VALUES (?)"},
		{name: "TiDB takes no gap locks", server: target.Server{Engine: target.TiDB}, check: "SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')"},
		{name: "READ COMMITTED, 1062 unhandled", server: rc, check: "SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')", want: "fails with a duplicate-key error (1062) that this code does not handle"},
		{name: "READ COMMITTED, 1062 handled", server: rc, check: "SELECT id FROM orders WHERE customer_id = ? FOR UPDATE", insert: "INSERT INTO orders (customer_id, status) VALUES (?, 'new')", dupKey: true},
	} {
		m := newFn()
		m.ext.ChecksNotFound, m.ext.HandlesDuplicateKey = tc.notFound, tc.dupKey
		m.begin(txVar, poolH, serverDefault)
		if tc.before {
			m.exec(txH, tc.insert)
		}
		chk := m.exec(txH, tc.check)
		m.vals.zeroTested[chk] = tc.zero
		if !tc.before {
			m.exec(txH, tc.insert)
		}
		m.commit(txVar)
		c := m.ctx(&Context{Schema: ordersSchema(), Server: tc.server})
		expect(t, tc.name, txRule(c, CheckThenInsert, m.build()), tc.want)
	}
}

func TestCheckThenInsertUpdateFindingNoRow(t *testing.T) {
	// "Update, and insert when no row changed": the RowsAffected test is
	// the missing-row check, for the key the UPDATE looked up.
	for _, checked := range []bool{true, false} {
		m := newFn()
		m.begin(txVar, poolH, serverDefault)
		upd := m.exec(txH, "UPDATE orders SET status = 'paid' WHERE id = 7")
		m.vals.rowsChecked[upd] = checked
		m.exec(txH, "INSERT INTO orders (id, status) VALUES (7, 'paid')")
		m.commit(txVar)
		want := ""
		if checked {
			want = "after UPDATE"
		}
		expect(t, "RowsAffected checked: "+map[bool]string{true: "yes", false: "no"}[checked], txRule(m.ctx(&Context{Schema: ordersSchema()}), CheckThenInsert, m.build()), want)
	}
}

func TestLockHeldBlockingOnModels(t *testing.T) {
	lock := "SELECT id FROM orders WHERE id = ? FOR UPDATE"
	for _, tc := range []struct {
		name  string
		build func(m *fnModel)
		want  string
	}{
		{"sleep while the row is locked", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, lock)
			m.slow("time.Sleep")
			m.commit(txVar)
		}, "time.Sleep runs while the transaction holds row locks on orders (SELECT ... FOR UPDATE earlier)"},
		{"write locks too", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "UPDATE orders SET status = 'x' WHERE id = ?")
			m.slow("an HTTP request")
			m.commit(txVar)
		}, "an HTTP request runs while the transaction holds row locks"},
		{"slow call before the lock", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.slow("time.Sleep")
			m.exec(txH, lock)
			m.commit(txVar)
		}, ""},
		{"slow call before the lock, in a loop", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			sl := m.slow("a channel receive")
			m.exec(txH, lock)
			m.loopTo(sl.Node.Pos())
			m.commit(txVar)
		}, "a channel receive runs while the transaction holds row locks"},
		{"slow call after Commit", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, lock)
			m.commit(txVar)
			m.slow("time.Sleep")
		}, ""},
		{"plain reads hold no row lock", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "SELECT id FROM orders WHERE id = ?")
			m.slow("time.Sleep")
			m.commit(txVar)
		}, ""},
		{"LOCK TABLES held", func(m *fnModel) {
			m.exec(poolH, "LOCK TABLES orders WRITE")
			m.slow("time.Sleep")
			m.exec(poolH, "UNLOCK TABLES")
		}, "time.Sleep runs while LOCK TABLES"},
		{"LOCK TABLES released first", func(m *fnModel) {
			m.exec(poolH, "LOCK TABLES orders WRITE")
			m.exec(poolH, "UNLOCK TABLES")
			m.slow("time.Sleep")
		}, ""},
		{"a try-lock makes others fail fast", func(m *fnModel) {
			m.exec(poolH, "SELECT GET_LOCK('sweep', 0)")
			m.slow("time.Sleep")
			m.exec(poolH, "SELECT RELEASE_LOCK('sweep')")
		}, ""},
	} {
		m := newFn()
		tc.build(m)
		expect(t, tc.name, LockHeldBlocking.Func(m.ctx(&Context{Schema: ordersSchema()}), m.build()), tc.want)
	}
}

func TestOuterHandleInTxOnModels(t *testing.T) {
	pinned := poolH
	pinned.Pinned = true
	for _, tc := range []struct {
		name  string
		build func(m *fnModel)
		want  string
	}{
		{"pool read after the transaction wrote", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "UPDATE accounts SET balance = 0 WHERE id = ?")
			m.exec(poolH, "SELECT balance FROM accounts WHERE id = ?")
			m.commit(txVar)
		}, "SELECT runs through the pool handle db (*sql.DB) while tx is open: the pool gives it another connection, outside the transaction, so it reads committed rows only"},
		{"pool write waits on the transaction's lock", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")
			m.exec(poolH, "UPDATE accounts SET status = 'x' WHERE id = ?")
			m.commit(txVar)
		}, "InnoDB sees no deadlock, so it fails only after innodb_lock_wait_timeout"},
		{"pool statement before the first lock", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(poolH, "INSERT INTO orders (status) VALUES ('new')")
			m.exec(txH, "UPDATE accounts SET balance = 0 WHERE id = ?")
			m.commit(txVar)
		}, "has taken no row lock yet here"},
		{"inside a transaction callback", func(m *fnModel) {
			m.callback(txVar, poolH)
			m.exec(txH, "UPDATE accounts SET balance = 0 WHERE id = ?")
			m.exec(poolH, "SELECT balance FROM accounts WHERE id = ?")
		}, "while tx is open"},
		{"after Commit", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "UPDATE accounts SET balance = 0 WHERE id = ?")
			m.commit(txVar)
			m.exec(poolH, "SELECT balance FROM accounts WHERE id = ?")
		}, ""},
		{"a transaction that only reads", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "SELECT balance FROM accounts WHERE id = ?")
			m.exec(poolH, "SELECT status FROM orders WHERE id = ?")
			m.commit(txVar)
		}, ""},
		{"a pool of one connection waits anyway", func(m *fnModel) {
			m.begin(txVar, pinned, serverDefault)
			m.exec(txH, "SELECT balance FROM accounts WHERE id = ?")
			m.exec(pinned, "SELECT status FROM orders WHERE id = ?")
			m.commit(txVar)
		}, "while tx is open"},
		{"every statement through the transaction", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, "UPDATE accounts SET balance = 0 WHERE id = ?")
			m.exec(txH, "SELECT balance FROM accounts WHERE id = ?")
			m.commit(txVar)
		}, ""},
	} {
		m := newFn()
		tc.build(m)
		expect(t, tc.name, OuterHandleInTx.Func(m.ctx(&Context{Schema: bankSchema()}), m.build()), tc.want)
	}
}

func TestTxNotClosedOnModels(t *testing.T) {
	upd := "UPDATE accounts SET balance = 0 WHERE id = ?"
	for _, tc := range []struct {
		name  string
		build func(m *fnModel)
		want  string
	}{
		{"never ended", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, upd)
		}, "the transaction begun here is neither committed nor rolled back when the function falls off its end"},
		{"an early return skips Commit", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, upd)
			m.ret()
			m.commit(txVar)
		}, "neither committed nor rolled back on the path through the return"},
		{"committed", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, upd)
			m.commit(txVar)
		}, ""},
		{"deferred Rollback closes every path", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.end(extract.TxRollback, txVar, true)
			m.exec(txH, upd)
			m.ret()
			m.commit(txVar)
		}, ""},
		{"rolled back on the early return too", func(m *fnModel) {
			m.begin(txVar, poolH, serverDefault)
			m.exec(txH, upd)
			m.ret(func() { m.end(extract.TxRollback, txVar, false) })
			m.commit(txVar)
		}, ""},
		{"a callback's transaction is its caller's to end", func(m *fnModel) {
			m.callback(txVar, poolH)
			m.exec(txH, upd)
		}, ""},
	} {
		m := newFn()
		tc.build(m)
		expect(t, tc.name, TxNotClosed.Func(m.ctx(&Context{Schema: bankSchema()}), m.build()), tc.want)
	}
}

// readWrite is a model of read-modify-write: what the function runs, and
// which of the write's placeholders carry what the read returned.
type readWrite struct {
	name  string
	iso   sqltext.Isolation
	build func(m *fnModel) (read, write *extract.Site)
	fed   []int // the write's placeholders derived from the read
	key   []int // the write's key placeholders that come from the read
	rows  bool  // the code checks the write's RowsAffected
	want  string
}

func (rw readWrite) run(t *testing.T, rule *Rule) {
	t.Helper()
	m := newFn()
	r, w := rw.build(m)
	fl := m.vals.flow(r)
	fl.params[w] = rw.fed
	fl.keys[w] = rw.key
	m.vals.rowsChecked[w] = rw.rows
	expect(t, rw.name, rule.Func(m.ctx(&Context{Schema: bankSchema()}), m.build()), rw.want)
}

func TestLostUpdateOnModels(t *testing.T) {
	read := "SELECT balance, version FROM accounts WHERE id = ?"
	write := "UPDATE accounts SET balance = ? WHERE id = ?"
	inTx := func(first string, w string) func(m *fnModel) (*extract.Site, *extract.Site) {
		return func(m *fnModel) (*extract.Site, *extract.Site) {
			m.begin(txVar, poolH, serverDefault)
			r := m.exec(txH, read)
			if first != "" {
				m.exec(txH, first)
			}
			wr := m.exec(txH, w)
			m.commit(txVar)
			return r, wr
		}
	}
	onPool := func(m *fnModel) (*extract.Site, *extract.Site) {
		return m.exec(poolH, read), m.exec(poolH, write)
	}
	serializable := func(m *fnModel) (*extract.Site, *extract.Site) {
		m.begin(txVar, poolH, sqltext.Serializable)
		r, w := m.exec(txH, read), m.exec(txH, write)
		m.commit(txVar)
		return r, w
	}
	k1 := []int{1} // WHERE id = ? of write
	for _, tc := range []readWrite{
		{name: "balance read, changed, written back", build: inTx("", write), fed: []int{0}, key: k1, want: "UPDATE of accounts sets balance from a value read by a plain SELECT that took no lock"},
		{name: "on the pool", build: onPool, fed: []int{0}, key: k1, want: "begin a transaction, read with SELECT ... FOR UPDATE"},
		{name: "written from the caller's value", build: inTx("", write), key: k1},
		{name: "computed by the server", build: inTx("", "UPDATE accounts SET balance = balance + ? WHERE id = ?"), fed: []int{0}, key: k1},
		{name: "locked before the write", build: inTx("SELECT id FROM accounts WHERE id = ? FOR UPDATE", write), fed: []int{0}, key: k1},
		{name: "another row: a parent read for a child", build: inTx("", write), fed: []int{0}},
		{name: "optimistic, RowsAffected checked", build: inTx("", "UPDATE accounts SET balance = ?, version = ? WHERE id = ? AND version = ?"), fed: []int{0, 1, 3}, key: []int{2}, rows: true},
		{name: "optimistic, RowsAffected ignored", build: inTx("", "UPDATE accounts SET balance = ?, version = ? WHERE id = ? AND version = ?"), fed: []int{0, 1, 3}, key: []int{2}, want: "sets balance, version from a value"},
		{name: "SERIALIZABLE reads lock", build: serializable, fed: []int{0}, key: k1},
	} {
		tc.run(t, LostUpdate)
	}
}

func TestStaleSnapshotReadOnModels(t *testing.T) {
	read := "SELECT balance FROM accounts WHERE id = ?"
	lock := "SELECT id FROM accounts WHERE id = ? FOR UPDATE"
	write := "UPDATE accounts SET balance = ? WHERE id = ?"
	seq := func(iso sqltext.Isolation, stmts ...string) func(m *fnModel) (*extract.Site, *extract.Site) {
		// The read is the first plain read of the balance, the write
		// the last statement.
		return func(m *fnModel) (*extract.Site, *extract.Site) {
			m.begin(txVar, poolH, iso)
			var r, w *extract.Site
			for _, s := range stmts {
				w = m.exec(txH, s)
				if r == nil && strings.HasPrefix(s, "SELECT balance") {
					r = w
				}
			}
			m.commit(txVar)
			return r, w
		}
	}
	rr, rc := sqltext.RepeatableRead, sqltext.ReadCommitted
	for _, tc := range []readWrite{
		{name: "read, lock, write the read value", build: seq(rr, read, lock, write), fed: []int{0}, want: "writes a value from a plain SELECT of accounts that ran before the SELECT ... FOR UPDATE of accounts"},
		{name: "read, lock, write, at READ COMMITTED too", build: seq(rc, read, lock, write), fed: []int{0}, want: "as of the moment it ran"},
		{name: "an UPDATE of the row is the lock", build: seq(rr, "SELECT balance FROM accounts WHERE id = 7", "UPDATE accounts SET status = 'held' WHERE id = 7", "UPDATE accounts SET balance = ? WHERE id = 7"), fed: []int{0}, want: "the UPDATE locked and changed the latest committed row"},
		{name: "an UPDATE of another row locks nothing read", build: seq(rr, "SELECT balance FROM accounts WHERE id = 7", "UPDATE accounts SET status = 'held' WHERE id = 8", "UPDATE accounts SET balance = ? WHERE id = 7"), fed: []int{0}},
		{name: "snapshot taken, lock, read, write", build: seq(rr, "SELECT id FROM orders WHERE id = ?", lock, read, write), fed: []int{0}, want: "in a REPEATABLE READ transaction whose snapshot an earlier plain read may already have taken"},
		{name: "snapshot taken, lock, read, write at READ COMMITTED", build: seq(rc, "SELECT id FROM orders WHERE id = ?", lock, read, write), fed: []int{0}},
		{name: "lock first: the snapshot comes after it", build: seq(rr, lock, read, write), fed: []int{0}},
		{name: "the write does not use the read", build: seq(rr, read, lock, write)},
		{name: "SERIALIZABLE", build: seq(sqltext.Serializable, read, lock, write), fed: []int{0}},
		{name: "read on the pool, outside the open transaction", build: func(m *fnModel) (*extract.Site, *extract.Site) {
			m.begin(txVar, poolH, rr)
			r := m.exec(poolH, read)
			m.exec(txH, lock)
			w := m.exec(txH, write)
			m.commit(txVar)
			return r, w
		}, fed: []int{0}},
	} {
		tc.run(t, StaleSnapshotRead)
	}
}

// lockTx is a model of one transaction running stmts in order.
func lockTx(stmts ...string) *fnModel {
	m := newFn()
	m.begin(txVar, poolH, serverDefault)
	for _, s := range stmts {
		m.exec(txH, s)
	}
	m.commit(txVar)
	return m
}

func TestNestedLockOnModels(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stmts []string
		want  string
	}{
		{"two rows chosen at run time", []string{"SELECT id FROM accounts WHERE id = ? FOR UPDATE", "UPDATE accounts SET balance = balance + 1 WHERE id = ?"}, "accounts"},
		{"one ordered IN list", []string{"SELECT id FROM accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE"}, ""},
		{"the same constant row twice", []string{"SELECT id FROM accounts WHERE id = 7 FOR UPDATE", "UPDATE accounts SET balance = 0 WHERE id = 7"}, ""},
		{"shared locks only", []string{"SELECT id FROM accounts WHERE id = ? LOCK IN SHARE MODE", "SELECT id FROM accounts WHERE id = ? LOCK IN SHARE MODE"}, ""},
		{"two tables", []string{"SELECT id FROM accounts WHERE id = ? FOR UPDATE", "UPDATE orders SET status = 'x' WHERE id = ?"}, ""},
	} {
		m := lockTx(tc.stmts...)
		expect(t, tc.name, txRule(m.ctx(&Context{Schema: bankSchema()}), NestedLock, m.build()), tc.want)
	}
}

func TestLockOrderOnModels(t *testing.T) {
	acc, ord := "UPDATE accounts SET balance = 0 WHERE id = ?", "UPDATE orders SET status = 'x' WHERE id = ?"
	accS, ordS := "SELECT id FROM accounts WHERE id = ? LOCK IN SHARE MODE", "SELECT id FROM orders WHERE id = ? LOCK IN SHARE MODE"
	for _, tc := range []struct {
		name  string
		paths [][]string // one transaction per function
		same  bool       // all in one function (two calls of it)
		want  string
	}{
		{"opposite order", [][]string{{acc, ord}, {ord, acc}}, false, "when both run at once each holds the rows the other waits for"},
		{"one function both ways", [][]string{{acc, ord}, {ord, acc}}, true, ""},
		{"same order", [][]string{{acc, ord}, {acc, ord}}, false, ""},
		{"shared, then exclusive, both ways", [][]string{{accS, ord}, {ordS, acc}}, false, "when both run at once each holds the rows the other waits for"},
		{"shared only, both ways", [][]string{{accS, ordS}, {ordS, accS}}, false, ""},
	} {
		c := &Context{Schema: bankSchema()}
		var funcs []*txflow.Func
		for i, p := range tc.paths {
			name := fmt.Sprintf("path%d", i)
			if tc.same {
				name = "sync"
			}
			m := lockTx(p...).named(name)
			m.ctx(c)
			funcs = append(funcs, m.build())
		}
		expect(t, tc.name, LockOrder.Package(c, funcs), tc.want)
	}
}
