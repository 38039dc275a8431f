package groundtruth

import (
	"testing"
)

// fkTables creates a parent {p} and a link table {c} whose second key
// column references it:
//
//	p(id INT PK): 1, 2, 3
//	c(item INT, pid INT, PRIMARY KEY (item, pid), KEY (item), KEY (pid),
//	  FOREIGN KEY (pid) REFERENCES p (id)): (10,1) (20,1) (10,2)
//
// Parent 3 has no children.
func fkTables(f *fixture) {
	f.t.Helper()
	f.table("c") // dropped first: it references {p}
	f.table("p")
	f.setup(
		"CREATE TABLE {p} (id INT NOT NULL PRIMARY KEY, v INT NOT NULL DEFAULT 0) ENGINE=InnoDB",
		`CREATE TABLE {c} (
			item INT NOT NULL, pid INT NOT NULL,
			PRIMARY KEY (item, pid), KEY c_item (item), KEY c_pid (pid),
			CONSTRAINT {c}_pid_fk FOREIGN KEY (pid) REFERENCES {p} (id)
		) ENGINE=InnoDB`,
		"INSERT INTO {p} (id) VALUES (1), (2), (3)",
		"INSERT INTO {c} (item, pid) VALUES (10, 1), (20, 1), (10, 2)",
	)
}

// lock-order through a foreign key, ground-truth.md 14h.
// A deletes (or locks) a parent's children by the foreign-key column, then
// deletes or updates the parent row; B inserts a new child of that parent
// in between (INSERT or INSERT IGNORE). B's insert share-locks the parent
// row (the foreign-key check) and then waits for the next-key (or, with no
// children, gap) lock A's statement holds on the foreign key's index; A's
// write of the parent waits for B's shared lock: one of them gets 1213 at
// REPEATABLE READ.
func TestLockOrder_ChildInsertAgainstChildrenThenParentDelete(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, children, child, parent string
	}{
		{"InsertWithChildren", "DELETE FROM {c} WHERE pid = 1", "INSERT INTO {c} (item, pid) VALUES (30, 1)", "DELETE FROM {p} WHERE id = 1"},
		{"InsertNoChildren", "DELETE FROM {c} WHERE pid = 3", "INSERT INTO {c} (item, pid) VALUES (30, 3)", "DELETE FROM {p} WHERE id = 3"},
		{"InsertIgnore", "DELETE FROM {c} WHERE pid = 1", "INSERT IGNORE INTO {c} (item, pid) VALUES (30, 1)", "DELETE FROM {p} WHERE id = 1"},
		{"UpdateParentRow", "DELETE FROM {c} WHERE pid = 1", "INSERT INTO {c} (item, pid) VALUES (30, 1)", "UPDATE {p} SET v = v + 1 WHERE id = 1"},
		{"LockingReadOfChildren", "SELECT item FROM {c} WHERE pid = 1 FOR UPDATE", "INSERT INTO {c} (item, pid) VALUES (30, 1)", "UPDATE {p} SET v = v + 1 WHERE id = 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := fkSessions(t, rr)
			a.must(tc.children)
			ob, oa := both(b, tc.child, a, tc.parent)
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", []string{"A", "B"}[v])
			}
		})
	}
}

// The same transactions at READ COMMITTED: A's DELETE of the children
// takes no gap lock, so B's insert proceeds, holding its shared lock on
// the parent row; A's DELETE of the parent waits for it. No deadlock: once
// B commits, A's DELETE fails on the new child (1451), or, with an UPDATE
// of the parent row, proceeds.
func TestLockOrder_ChildInsertAgainstChildrenThenParentDeleteRC(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, parent string
		code         uint16
	}{
		{"DeleteParent", "DELETE FROM {p} WHERE id = 1", 1451},
		{"UpdateParent", "UPDATE {p} SET v = v + 1 WHERE id = 1", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := fkSessions(t, rc)
			a.must("DELETE FROM {c} WHERE pid = 1")
			wantAffected(t, b.run("INSERT INTO {c} (item, pid) VALUES (30, 1)"), 1)
			pa := a.start(tc.parent)
			pa.waitUntilWaiting()
			b.commit()
			if tc.code != 0 {
				wantErr(t, pa.result(), tc.code)
			} else {
				wantAffected(t, pa.result(), 1)
			}
		})
	}
}

// Near misses at REPEATABLE READ: no cycle, B only waits (or A does).
//   - ParentFirst: A locks the parent row before the children. B's
//     foreign-key check waits for A's exclusive lock and holds nothing A
//     wants; when A commits, B's insert fails: the parent is gone (1452).
//   - ChildByPrimaryKey: A deletes one child by the child's primary key (a
//     record lock), then updates the parent. B's insert of another child
//     falls in no gap A holds: it proceeds, and A's UPDATE of the parent
//     waits for B's shared lock until B commits.
//   - UpdateMovesChild: B moves a child to the parent by an UPDATE of
//     the foreign-key column, which here is part of the child's primary
//     key: the row is re-inserted in the clustered index, where it meets
//     the delete-marked child A holds, before the foreign-key check. B
//     waits holding nothing on the parent: A proceeds. (Whether an UPDATE
//     of the column share-locks the parent before it waits depends on the
//     child's indexes.)
//   - SharedParent: A reads the parent LOCK IN SHARE MODE after deleting
//     the children; B's insert waits for A's gap lock, but A's shared lock
//     does not wait for B's: A commits, then B proceeds.
func TestLockOrder_ChildInsertNoCycle(t *testing.T) {
	parallel(t)
	t.Run("ParentFirst", func(t *testing.T) {
		a, b := fkSessions(t, rr)
		a.must("SELECT id FROM {p} WHERE id = 1 FOR UPDATE")
		pb := b.start("INSERT INTO {c} (item, pid) VALUES (30, 1)")
		pb.waitUntilWaiting()
		a.must("DELETE FROM {c} WHERE pid = 1")
		a.must("DELETE FROM {p} WHERE id = 1")
		a.commit()
		wantErr(t, pb.result(), 1452)
	})
	t.Run("ChildByPrimaryKey", func(t *testing.T) {
		a, b := fkSessions(t, rr)
		a.must("DELETE FROM {c} WHERE item = 10 AND pid = 1")
		wantAffected(t, b.run("INSERT INTO {c} (item, pid) VALUES (30, 1)"), 1)
		pa := a.start("UPDATE {p} SET v = v + 1 WHERE id = 1")
		pa.waitUntilWaiting()
		b.commit()
		wantAffected(t, pa.result(), 1)
	})
	t.Run("UpdateMovesChild", func(t *testing.T) {
		a, b := fkSessions(t, rr)
		a.must("DELETE FROM {c} WHERE pid = 1")
		pb := b.start("UPDATE {c} SET pid = 1 WHERE item = 10 AND pid = 2")
		pb.waitUntilWaiting()
		wantAffected(t, a.run("DELETE FROM {p} WHERE id = 1"), 1)
		a.commit()
		wantErr(t, pb.result(), 1452)
	})
	t.Run("SharedParent", func(t *testing.T) {
		a, b := fkSessions(t, rr)
		a.must("DELETE FROM {c} WHERE pid = 1")
		pb := b.start("INSERT INTO {c} (item, pid) VALUES (30, 1)")
		pb.waitUntilWaiting()
		wantRows(t, a.run("SELECT id FROM {p} WHERE id = 1 LOCK IN SHARE MODE"), "1")
		a.commit()
		wantAffected(t, pb.result(), 1)
	})
}

// fkSessions runs t in parallel with the other tests and opens two
// transactions, A and B, at level on a fresh parent and child table.
func fkSessions(t *testing.T, level iso) (a, b *session) {
	parallel(t)
	f := newFixture(t)
	fkTables(f)
	a, b = f.session("A", level), f.session("B", level)
	a.begin()
	b.begin()
	return a, b
}
