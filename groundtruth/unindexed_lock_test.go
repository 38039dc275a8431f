package groundtruth

import "testing"

// unindexed-lock, ground-truth.md experiment 1 (RR column).
// An unindexed locking read at REPEATABLE READ locks every row and gap:
// an UPDATE of a row it did not match, inserts inside the table and above
// its maximum all wait; a plain read does not.
func TestUnindexedLock_LocksUnrelatedRowsAtRR(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)

	a.explain("SELECT id FROM {t} WHERE c = 22 FOR UPDATE")
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE c = 22 FOR UPDATE"), "20")

	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), blocked)
	want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
	want(t, b.probe("INSERT INTO {t} (id) VALUES (50)"), blocked)
	wantRows(t, b.probe("SELECT v FROM {t} WHERE id = 30"), "0")
}

// unindexed-lock, ground-truth.md experiment 1 (RC column).
// At READ COMMITTED only the matched row stays locked: an UPDATE of another
// row and inserts proceed. But another unindexed locking read or DELETE has
// to lock every row it scans, so it still waits for the held row.
func TestUnindexedLock_RCKeepsMatchedRowsAndLockingScansStillWait(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rc), f.session("B", rc)

	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE c = 22 FOR UPDATE"), "20")

	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), 1)
	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
	want(t, b.probe("SELECT id FROM {t} WHERE c = 33 FOR UPDATE"), blocked)
	want(t, b.probe("DELETE FROM {t} WHERE c = 44"), blocked)
	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 20"), blocked)
}

// unindexed-lock, ground-truth.md experiment 11 (11a, 11b).
// An unindexed UPDATE or DELETE locks exactly like the unindexed FOR UPDATE:
// at RR every row and gap (an unrelated UPDATE and an insert wait); at RC
// only the matched row, yet an unindexed locking read still waits for it.
func TestUnindexedLock_UpdateAndDeleteLockLikeForUpdate(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, stmt string
		level      iso
	}{
		{"UpdateRR", "UPDATE {t} SET v = v + 1 WHERE c = 22", rr},
		{"DeleteRR", "DELETE FROM {t} WHERE c = 22", rr},
		{"UpdateRC", "UPDATE {t} SET v = v + 1 WHERE c = 22", rc},
		{"DeleteRC", "DELETE FROM {t} WHERE c = 22", rc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", tc.level), f.session("B", tc.level)

			a.begin()
			wantAffected(t, a.run(tc.stmt), 1)

			if tc.level == rr {
				want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), blocked)
				want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
				return
			}
			wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), 1)
			wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
			want(t, b.probe("SELECT id FROM {t} WHERE c = 33 FOR UPDATE"), blocked)
		})
	}
}

// unindexed-lock, schema read from ent's generated migrate package: a
// foreign key's column needs no index of its own in the DDL, because
// InnoDB creates one for a foreign key that no index starts with. A
// locking read by that column therefore locks by an index: a row of
// another parent can still be updated and inserted, where an unindexed
// read at REPEATABLE READ would block both.
func TestUnindexedLock_ForeignKeyColumnIsIndexed(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.table("c") // dropped first: it references {p}
	f.table("p")
	f.setup(
		"CREATE TABLE {p} (id INT PRIMARY KEY) ENGINE=InnoDB",
		"CREATE TABLE {c} (id INT PRIMARY KEY, pid INT, v INT NOT NULL DEFAULT 0, CONSTRAINT {c}_fk FOREIGN KEY (pid) REFERENCES {p} (id)) ENGINE=InnoDB",
		"INSERT INTO {p} VALUES (1), (2), (3)",
		"INSERT INTO {c} (id, pid) VALUES (10, 1), (20, 2), (30, 3)",
	)
	a, b := f.session("A", rr), f.session("B", rr)

	a.begin()
	wantRows(t, a.run("SELECT id FROM {c} WHERE pid = 1 FOR UPDATE"), "10")

	wantAffected(t, b.probe("UPDATE {c} SET v = v + 1 WHERE id = 30"), 1)
	wantAffected(t, b.probe("INSERT INTO {c} (id, pid) VALUES (40, 3)"), 1)
	want(t, b.probe("UPDATE {c} SET v = v + 1 WHERE id = 10"), blocked)
}

// unindexed-lock, a table partitioned by RANGE on a function of the column
// the WHERE compares. No index starts with `at`, yet the server prunes the
// partitions the range cannot reach: a DELETE of rows older than a cutoff
// scans (and at REPEATABLE READ locks, rows and gaps) only the partitions
// below the cutoff and the one holding it. A row, or an insert, in a later
// partition does not wait; one in the cutoff's partition, even above the
// cutoff, does. How much of the table is locked depends on where the
// cutoff falls, which the statement does not say.
func TestUnindexedLock_RangePartitionsBoundTheScan(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.table("libs_hb")
	f.setup(`CREATE TABLE {libs_hb} (
		id BIGINT NOT NULL, at TIMESTAMP NOT NULL, v INT NOT NULL DEFAULT 0,
		PRIMARY KEY (id, at)
	) ENGINE=InnoDB PARTITION BY RANGE (UNIX_TIMESTAMP(at)) (
		PARTITION p01 VALUES LESS THAN (UNIX_TIMESTAMP('2026-02-01 00:00:00')),
		PARTITION p02 VALUES LESS THAN (UNIX_TIMESTAMP('2026-03-01 00:00:00')),
		PARTITION pmax VALUES LESS THAN MAXVALUE)`,
		`INSERT INTO {libs_hb} (id, at) VALUES
		(1, '2026-01-10 00:00:00'), (2, '2026-01-20 00:00:00'),
		(3, '2026-02-10 00:00:00'), (4, '2026-02-20 00:00:00'),
		(5, '2026-03-10 00:00:00')`)
	a, b := f.session("A", rr), f.session("B", rr)

	a.begin()
	wantAffected(t, a.run("DELETE FROM {libs_hb} WHERE at < '2026-02-15 00:00:00'"), 3)

	// Later partition: neither its rows nor inserts into it wait.
	wantAffected(t, b.probe("UPDATE {libs_hb} SET v = v + 1 WHERE id = 5"), 1)
	wantAffected(t, b.probe("INSERT INTO {libs_hb} (id, at) VALUES (6, '2026-03-20 00:00:00')"), 1)
	// The cutoff's partition is scanned whole: a row above the cutoff and
	// an insert there wait, as in an unpartitioned table.
	want(t, b.probe("UPDATE {libs_hb} SET v = v + 1 WHERE id = 4"), blocked)
	want(t, b.probe("INSERT INTO {libs_hb} (id, at) VALUES (7, '2026-02-25 00:00:00')"), blocked)
}
