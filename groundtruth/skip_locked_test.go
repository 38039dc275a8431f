package groundtruth

import (
	"fmt"
	"testing"
)

// pollCases are the four setups of ground-truth.md experiments 6a and 6b:
// queue filter without index (status) or with one (istatus), at RR and RC.
var pollCases = []struct {
	name  string
	col   string
	level iso
}{
	{"UnindexedRR", "status", rr},
	{"UnindexedRC", "status", rc},
	{"IndexedRR", "istatus", rr},
	{"IndexedRC", "istatus", rc},
}

func poll(col, modifier string) string {
	return fmt.Sprintf("SELECT id FROM {q} WHERE %s = 0 ORDER BY id LIMIT 2 FOR UPDATE%s", col, modifier)
}

// pollHeld sets up the queue with jobs 3, 4, 5 pending and lets worker A
// poll two jobs (3 and 4) in an open transaction.
func pollHeld(t *testing.T, col string, level iso) (a, b *session) {
	f := newFixture(t)
	f.tableQ(true)
	a, b = f.session("A", level), f.session("B", level)
	a.explain(poll(col, ""))
	a.begin()
	wantRows(t, a.run(poll(col, "")), "3", "4")
	return a, b
}

// skip-locked-candidate, ground-truth.md experiments 6a and 6b.
// Two queue workers polling with ... ORDER BY id LIMIT 2 FOR UPDATE
// serialize at every isolation level, indexed filter or not: the second
// waits for the first's rows (1205 here).
func TestSkipLockedCandidate_PollersSerialize(t *testing.T) {
	parallel(t)
	for _, tc := range pollCases {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			_, b := pollHeld(t, tc.col, tc.level)
			want(t, b.probe(poll(tc.col, "")), blocked)
		})
	}
}

// skip-locked-candidate (the fix), ground-truth.md experiments 6a and 6b.
// With SKIP LOCKED the second worker gets the remaining job (5) at once.
func TestSkipLockedCandidate_SkipLockedReturnsOtherRows(t *testing.T) {
	parallel(t)
	for _, tc := range pollCases {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			_, b := pollHeld(t, tc.col, tc.level)
			o := b.probe(poll(tc.col, " SKIP LOCKED"))
			wantRows(t, o, "5")
			if o.elapsed > nowaitBelow {
				t.Errorf("SKIP LOCKED should not wait: %v", o)
			}
		})
	}
}

// skip-locked-candidate, ground-truth.md experiments 6a and 6b (engine
// fact). On MariaDB, FOR UPDATE NOWAIT on a locked row fails at once with
// error 1205, not MySQL's 3572.
func TestSkipLockedCandidate_NowaitFailsImmediatelyWith1205(t *testing.T) {
	parallel(t)
	requireMariaDB(t)
	for _, tc := range pollCases {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			_, b := pollHeld(t, tc.col, tc.level)
			o := b.probe(poll(tc.col, " NOWAIT"))
			want(t, o, nowait)
			if o.code != 1205 {
				t.Errorf("NOWAIT error code = %d, want 1205", o.code)
			}
		})
	}
}

// skip-locked-candidate, ground-truth.md experiments 6c and 6d.
// At RR a poll that finds no pending job gap-locks where new jobs go (the
// whole table without an index, the gap after the done entries with one),
// so a producer's INSERT of a pending job waits until the poller's
// transaction ends. At RC it proceeds.
func TestSkipLockedCandidate_EmptyPollBlocksProducerAtRR(t *testing.T) {
	parallel(t)
	for _, tc := range pollCases {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableQ(false)
			a, b := f.session("A", tc.level), f.session("B", tc.level)
			a.begin()
			wantRows(t, a.run(poll(tc.col, "")))

			const produce = "INSERT INTO {q} VALUES (6, 0, 0, 'new')"
			if tc.level == rr {
				want(t, b.probe(produce), blocked)
			} else {
				wantAffected(t, b.probe(produce), 1)
			}
		})
	}
}
