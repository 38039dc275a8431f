package groundtruth

import "testing"

// check-then-insert, "replace a set of rows": each transaction deletes the
// rows of its own owners by the leading column of a two-column primary key
// (DELETE ... WHERE owner_id IN (...)), then inserts the new set in one
// multi-row INSERT IGNORE. The owners are new, so both DELETEs find
// nothing and both take the gap above the largest key (the supremum); the
// gap locks are compatible, each INSERT's insert-intention lock waits for
// the other's gap lock, and at REPEATABLE READ one transaction gets 1213
// though the two touch different owners. At READ COMMITTED there is no
// gap lock and both proceed.
func TestCheckThenInsert_PrefixDeleteThenMultiRowInsertIgnore(t *testing.T) {
	parallel(t)
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.table("link")
			f.setup(`CREATE TABLE {link} (
				owner_id INT NOT NULL, tag_id INT NOT NULL,
				PRIMARY KEY (owner_id, tag_id), KEY idx_owner (owner_id), KEY idx_tag (tag_id)
			) ENGINE=InnoDB`,
				`INSERT INTO {link} VALUES (1,1),(1,2),(2,1)`)
			a, b := f.session("A", level), f.session("B", level)
			a.begin()
			b.begin()
			wantAffected(t, a.run("DELETE FROM {link} WHERE owner_id IN (5)"), 0)
			wantAffected(t, b.run("DELETE FROM {link} WHERE owner_id IN (6)"), 0)
			insA := "INSERT IGNORE INTO {link} (owner_id, tag_id) VALUES (5, 1), (5, 2)"
			insB := "INSERT IGNORE INTO {link} (owner_id, tag_id) VALUES (6, 1), (6, 2)"
			if level == rr {
				oa, ob := both(a, insA, b, insB)
				oneDeadlock(t, oa, ob)
				return
			}
			wantAffected(t, a.run(insA), 2)
			wantAffected(t, b.run(insB), 2)
			a.commit()
			b.commit()
		})
	}
}
