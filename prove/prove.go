package prove

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// scenarioTimeout bounds one finding's scenario, setup and cleanup
// included.
const scenarioTimeout = 30 * time.Second

// scenario replays one rule's claim.
type scenario func(ctx context.Context, p *Prover, m *model, r roles) Verdict

// roles are the statements a scenario needs, picked from the case.
type roles struct {
	rule  string
	level sqltext.Isolation
	main  Stmt   // the statement the finding is at
	other []Stmt // the statements at its related positions, in order
}

var scenarios = map[string]struct {
	pick func(Case) (roles, string)
	run  scenario
}{
	"unindexed-lock":      {pickLocking, lockBlocksInsert},
	"range-lock":          {pickLocking, lockBlocksInsert},
	"check-then-insert":   {pickCheckThenInsert, checkThenInsert},
	"nested-lock":         {pickNested, opposite},
	"lock-order":          {pickLockOrder, opposite},
	"lost-update":         {pickLostUpdate, lostUpdate},
	"stale-snapshot-read": {pickStale, staleSnapshot},
	"lock-outside-tx":     {pickOutsideTx, lockOutsideTx},
	"lock-held-blocking":  {pickHeldBlocking, lockHeldBlocking},
	"outer-handle-in-tx":  {pickOuterHandle, outerHandle},
}

// Prove replays the finding c describes and returns the verdict. It
// never returns an error: what went wrong is the verdict's detail.
func (p *Prover) Prove(ctx context.Context, c Case) Verdict {
	sc, ok := scenarios[c.Rule]
	if !ok {
		return notProvable("locklint has no scenario for %s findings", c.Rule)
	}
	r, why := sc.pick(c)
	if why != "" {
		return notProvable("%s", why)
	}
	r.rule = c.Rule
	known := map[string]*schema.Table{}
	for _, t := range c.Tables {
		known[t.Name] = t
	}
	for _, st := range append([]*Stmt{&r.main}, ptrs(r.other)...) {
		if why := check(st, known); why != "" {
			return notProvable("%s", why)
		}
	}
	stmts := append([]Stmt{r.main}, r.other...)
	r.level = r.main.Isolation
	ctx, cancel := context.WithTimeout(ctx, scenarioTimeout)
	defer cancel()
	m := newModel(c, stmts)
	defer p.drop(m)
	if err := p.create(ctx, m); err != nil {
		return notProvable("the scratch tables could not be created: %v", err)
	}
	v := sc.run(ctx, p, m, r)
	if v.Outcome != NotProvable {
		v.Server, v.Isolation = p.server.String(), r.level.SQL()
	}
	return v
}

func ptrs(s []Stmt) []*Stmt {
	out := make([]*Stmt, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// create creates the model's tables and their seed rows.
func (p *Prover) create(ctx context.Context, m *model) error {
	for _, name := range m.order {
		t := m.tables[name]
		if len(t.columns) == 0 {
			return fmt.Errorf("no column of %s is known", name)
		}
		// Marked before it runs: a CREATE the context cancels may still
		// complete on the server, and drop's DROP TABLE IF EXISTS then
		// removes it (it waits for the CREATE's metadata lock).
		t.created = true
		if _, err := p.db.ExecContext(ctx, t.createSQL()); err != nil {
			return err
		}
		for _, n := range seeds {
			q, args := t.insertRow(n, true)
			if _, err := p.db.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("seed row of %s: %v", name, err)
			}
		}
	}
	return nil
}

// drop drops the tables create made, even when the scenario's context
// has expired.
func (p *Prover) drop(m *model) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, name := range m.order {
		if m.tables[name].created {
			p.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+quote(name))
		}
	}
}

// at returns the statements of c at related position i (-1: the
// finding's own) that satisfy ok.
func at(c Case, i int, ok func(*sqltext.Summary) bool) (Stmt, bool) {
	for _, st := range c.Stmts {
		if st.Related == i && st.SQL != nil && ok(st.SQL) {
			return st, true
		}
	}
	return Stmt{}, false
}

func locking(s *sqltext.Summary) bool {
	return s.Kind == sqltext.KindSelect && s.Lock != sqltext.LockNone || s.Kind == sqltext.KindUpdate || s.Kind == sqltext.KindDelete || s.Kind == sqltext.KindInsert
}

func relatedCount(c Case) int {
	n := 0
	for _, st := range c.Stmts {
		n = max(n, st.Related+1)
	}
	return n
}

func pickLocking(c Case) (roles, string) {
	s, ok := at(c, -1, locking)
	if !ok {
		return roles{}, "no locking statement is known at the finding"
	}
	return roles{main: s}, ""
}

func pickCheckThenInsert(c Case) (roles, string) {
	ins, ok := at(c, -1, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindInsert })
	if !ok {
		return roles{}, "no INSERT is known at the finding"
	}
	chk, ok := at(c, 0, locking)
	if !ok {
		return roles{}, "the locking check is not a statement locklint can replay"
	}
	return roles{main: ins, other: []Stmt{chk}}, ""
}

func pickNested(c Case) (roles, string) {
	second, ok := at(c, -1, locking)
	if !ok {
		return roles{}, "no locking statement is known at the finding"
	}
	first, ok := at(c, 0, locking)
	if !ok {
		// One statement in a loop: each transaction runs it twice.
		first = second
	}
	return roles{main: second, other: []Stmt{first}}, ""
}

func pickLockOrder(c Case) (roles, string) {
	second, ok := at(c, -1, locking)
	if !ok {
		return roles{}, "no locking statement is known at the finding"
	}
	if relatedCount(c) < 3 {
		return roles{}, "the other code path is in another package: its statements are not known here"
	}
	var other []Stmt
	for i := range 3 {
		st, ok := at(c, i, locking)
		if !ok {
			return roles{}, "a statement of the cycle is not one locklint can replay"
		}
		other = append(other, st)
	}
	// This path locks other[0]'s table, then main's; the other path
	// must lock main's table, then other[0]'s.
	if !sameTables(other[1], second) || !sameTables(other[2], other[0]) {
		return roles{}, "the cycle runs through more than two code paths; only two-path cycles are replayed"
	}
	return roles{main: second, other: other}, ""
}

func sameTables(a, b Stmt) bool {
	return len(a.SQL.Tables) > 0 && len(b.SQL.Tables) > 0 && a.SQL.Tables[0].Name == b.SQL.Tables[0].Name
}

func pickLostUpdate(c Case) (roles, string) {
	w, ok := at(c, -1, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindUpdate })
	if !ok {
		return roles{}, "the write is not an UPDATE (only UPDATEs are replayed)"
	}
	r, ok := at(c, 0, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindSelect })
	if !ok {
		return roles{}, "the read is not a statement locklint can replay"
	}
	return roles{main: w, other: []Stmt{r}}, ""
}

// sessions opens sessions A and B at the scenario's level, each in a
// transaction.
func (p *Prover) sessions(ctx context.Context, level sqltext.Isolation) (a, b *session, err error) {
	if a, err = p.open(ctx, "A", level); err != nil {
		return nil, nil, err
	}
	if b, err = p.open(ctx, "B", level); err != nil {
		a.close()
		return nil, nil, err
	}
	for _, s := range []*session{a, b} {
		if err = s.exec(ctx, "BEGIN"); err != nil {
			a.close()
			b.close()
			return nil, nil, err
		}
	}
	return a, b, nil
}

func gapLocking(l sqltext.Isolation) bool {
	return l == sqltext.RepeatableRead || l == sqltext.Serializable || l == sqltext.IsolationUnknown
}

func verb(s *sqltext.Summary) string {
	switch s.Kind {
	case sqltext.KindSelect:
		switch s.Lock {
		case sqltext.LockExclusive:
			return "SELECT ... FOR UPDATE"
		case sqltext.LockShared:
			return "SELECT ... LOCK IN SHARE MODE"
		}
		return "SELECT"
	case sqltext.KindInsert:
		return "INSERT"
	case sqltext.KindUpdate:
		return "UPDATE"
	case sqltext.KindDelete:
		return "DELETE"
	}
	return "statement"
}

func failed(who string, st Stmt, r result) Verdict {
	return notProvable("session %s's %s (%s) %s", who, verb(st.SQL), st.Posn, describe(r))
}

// lockBlocksInsert: session A runs the locking statement in a
// transaction on row 100; session B inserts rows that the message says
// block. At REPEATABLE READ an unindexed lock blocks an insert far from
// every row A matched; a range lock blocks inserts next to the rows it
// found. At READ COMMITTED, where no gap is locked, the message says an
// unindexed statement waits for any row another transaction holds: A
// locks row 96, which the statement bound to row 100 does not match, by
// its primary key, and B runs the statement.
func lockBlocksInsert(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	s := r.main
	if r.rule == "unindexed-lock" && !gapLocking(r.level) {
		return scanWaits(ctx, p, m, a, b, s)
	}
	ra := p.run(ctx, a, s.Text, m.bind(s.SQL, rowX, nil))
	if ra.err != nil || ra.blocked {
		return failed("A", s, ra)
	}
	t := m.tables[s.SQL.Tables[0].Name]
	type try struct {
		what, text string
		args       []any
	}
	var tries []try
	switch {
	case r.rule == "unindexed-lock":
		q, args := t.insertRow(200, false)
		tries = append(tries, try{"INSERT of a row far from the rows A matched", q, args})
	default:
		for _, n := range []int{rowX + 1, rowX - 1} {
			q, args := t.insertRow(n, false)
			tries = append(tries, try{fmt.Sprintf("INSERT of the neighbouring row %d", n), q, args})
		}
	}
	var done []string
	for _, tr := range tries {
		if err := b.exec(ctx, "SAVEPOINT p"); err != nil {
			return notProvable("session B: %v", err)
		}
		rb := p.run(ctx, b, tr.text, tr.args)
		if rb.blocked {
			return Verdict{
				Outcome: Reproduced,
				Detail:  fmt.Sprintf("with session A's %s on %s open, session B's %s %s", verb(s.SQL), t.name, tr.what, describe(rb)),
				Lock:    rb.lock,
			}
		}
		if rb.err != nil && rb.code() == 0 {
			return failed("B", s, rb)
		}
		done = append(done, tr.what+" "+describe(rb))
		b.exec(ctx, "ROLLBACK TO SAVEPOINT p")
	}
	return Verdict{
		Outcome: NotReproduced,
		Detail:  fmt.Sprintf("with session A's %s on %s open, session B's %s", verb(s.SQL), t.name, strings.Join(done, "; its ")),
	}
}

// scanWaits is the READ COMMITTED form of lockBlocksInsert.
func scanWaits(ctx context.Context, p *Prover, m *model, a, b *session, s Stmt) Verdict {
	t := m.tables[s.SQL.Tables[0].Name]
	pk := t.primaryKey()
	if len(pk) == 0 {
		return notProvable("table %s has no primary key to lock another row by", t.name)
	}
	var where []string
	var args []any
	for _, c := range pk {
		where = append(where, quote(c)+" = ?")
		args = append(args, t.seedValue(c, seeds[0]))
	}
	q := fmt.Sprintf("SELECT * FROM %s WHERE %s FOR UPDATE", quote(t.name), strings.Join(where, " AND "))
	if ra := p.run(ctx, a, q, args); ra.err != nil || ra.blocked {
		return notProvable("session A could not lock row %d of %s: %s", seeds[0], t.name, describe(ra))
	}
	rb := p.run(ctx, b, s.Text, m.bind(s.SQL, rowX, nil))
	detail := fmt.Sprintf("with session A holding row %d of %s by its primary key, session B's %s of row %d %s", seeds[0], t.name, verb(s.SQL), rowX, describe(rb))
	if rb.blocked {
		return Verdict{Outcome: Reproduced, Detail: detail, Lock: rb.lock}
	}
	if rb.err != nil && rb.code() == 0 {
		return failed("B", s, rb)
	}
	return Verdict{Outcome: NotReproduced, Detail: detail}
}

// checkThenInsert: both sessions run the locking check of the same absent
// key, then both INSERT it. At REPEATABLE READ the message expects a
// deadlock (1213); at READ COMMITTED the second INSERT waits for the
// first and fails with a duplicate key (1062).
func checkThenInsert(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	ins, chk := r.main, r.other[0]
	want := uint16(1213)
	if !gapLocking(r.level) {
		want = 1062
	}
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	chkArgs, insArgs := m.bind(chk.SQL, absentKey, nil), m.bind(ins.SQL, absentKey, nil)
	if ra := p.run(ctx, a, chk.Text, chkArgs); ra.err != nil || ra.blocked {
		return failed("A", chk, ra)
	}
	rb := p.run(ctx, b, chk.Text, chkArgs)
	if rb.blocked {
		return Verdict{Outcome: NotReproduced, Detail: "session B's check of the same absent key " + describe(rb) + ": the two transactions queue at the check", Lock: rb.lock}
	}
	if rb.err != nil {
		return failed("B", chk, rb)
	}
	chA := a.start(ctx, ins.Text, insArgs)
	ra, done, lockA := p.waiting(ctx, a, chA)
	if !done {
		// A's INSERT waits for B's gap lock; B's INSERT closes the cycle.
		rb = p.run(ctx, b, ins.Text, insArgs)
		ra = p.finish(ctx, a, chA)
		ra.blocked = ra.blocked || lockA != ""
		return pairVerdict(ctx, p, want, "INSERT of the absent key", ra, rb, lockA)
	}
	if ra.err != nil {
		return failed("A", ins, ra)
	}
	chB := b.start(ctx, ins.Text, insArgs)
	rb, done, lockB := p.waiting(ctx, b, chB)
	if !done {
		// B's INSERT waits for A's row; A commits.
		commit := a.exec(ctx, "COMMIT")
		rb = p.finish(ctx, b, chB)
		rb.blocked = rb.blocked || lockB != ""
		if commit != nil {
			return notProvable("session A's COMMIT failed: %v", commit)
		}
	}
	return pairVerdict(ctx, p, want, "INSERT of the absent key", ra, rb, lockB)
}

// pairVerdict judges two sessions' last statements against the error the
// message names.
func pairVerdict(ctx context.Context, p *Prover, want uint16, what string, ra, rb result, lock string) Verdict {
	detail := fmt.Sprintf("session A's %s %s; session B's %s", what, describe(ra), describe(rb))
	if want == 1213 && (ra.code() == 1213 || rb.code() == 1213) {
		if dl := p.deadlockLocks(ctx); dl != "" {
			lock = dl
		}
	}
	outcome := NotReproduced
	if ra.code() == want || rb.code() == want {
		outcome = Reproduced
	}
	return Verdict{Outcome: outcome, Detail: detail, Lock: lock}
}

// opposite: two transactions take the same two locks in opposite order.
// nested-lock: each runs the first statement on one row and the second on
// the other, A with rows 100 then 104, B with 104 then 100. lock-order:
// A runs this path and B the other path, every statement on row 100, so
// each first lock is the row the other path's second statement wants.
// The message expects a deadlock (1213).
func opposite(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	type step struct {
		st  Stmt
		row int
	}
	var a1, a2, b1, b2 step
	if r.rule == "nested-lock" {
		first, second := r.other[0], r.main
		a1, a2, b1, b2 = step{first, rowX}, step{second, rowY}, step{first, rowY}, step{second, rowX}
	} else {
		a1, a2 = step{r.other[0], rowX}, step{r.main, rowX}
		b1, b2 = step{r.other[1], rowX}, step{r.other[2], rowX}
	}
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	bind := func(s step) []any { return m.bind(s.st.SQL, s.row, nil) }
	if ra := p.run(ctx, a, a1.st.Text, bind(a1)); ra.err != nil || ra.blocked {
		return failed("A", a1.st, ra)
	}
	if rb := p.run(ctx, b, b1.st.Text, bind(b1)); rb.blocked {
		return Verdict{Outcome: NotReproduced, Detail: "session B's first " + verb(b1.st.SQL) + " " + describe(rb) + ": the transactions queue instead of crossing", Lock: rb.lock}
	} else if rb.err != nil {
		return failed("B", b1.st, rb)
	}
	chA := a.start(ctx, a2.st.Text, bind(a2))
	ra, done, lock := p.waiting(ctx, a, chA)
	var rb result
	if done {
		// A's second lock did not wait for B: no cycle can form.
		rb = p.run(ctx, b, b2.st.Text, bind(b2))
	} else {
		rb = p.run(ctx, b, b2.st.Text, bind(b2))
		ra = p.finish(ctx, a, chA)
		ra.blocked = ra.blocked || lock != ""
	}
	what := "second " + verb(a2.st.SQL)
	return pairVerdict(ctx, p, 1213, what, ra, rb, lock)
}

// lostUpdate: both sessions read row 100 with the plain SELECT, then each
// writes what the application computes from it (every column the UPDATE
// sets from a placeholder gets the read value plus one), A committing
// first. The message's claim holds when B's UPDATE matches the row without
// waiting or failing and the row ends up holding what B computed from the
// stale read: A's write is gone.
func lostUpdate(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	w, rd := r.main, r.other[0]
	t := m.tables[w.SQL.Tables[0].Name]
	pk := t.primaryKey()
	if len(pk) == 0 {
		return notProvable("table %s has no primary key to read the row back by", t.name)
	}
	var set []string
	for _, a := range w.SQL.Set {
		if !a.Relative && a.Value.Kind == sqltext.ValueParam {
			set = append(set, a.Column)
		}
	}
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	readArgs := m.bind(rd.SQL, rowX, nil)
	writeArgs := m.bind(w.SQL, rowX, func(n int) int { return n + 1 })
	for _, s := range []*session{a, b} {
		if rr := p.run(ctx, s, rd.Text, readArgs); rr.err != nil || rr.blocked {
			return failed(s.name, rd, rr)
		}
	}
	wa := p.run(ctx, a, w.Text, writeArgs)
	if wa.err != nil || wa.blocked {
		return failed("A", w, wa)
	}
	if err := a.exec(ctx, "COMMIT"); err != nil {
		return notProvable("session A's COMMIT failed: %v", err)
	}
	wb := p.run(ctx, b, w.Text, writeArgs)
	if wb.err != nil {
		return Verdict{Outcome: NotReproduced, Detail: "session B's UPDATE after A committed " + describe(wb)}
	}
	if err := b.exec(ctx, "COMMIT"); err != nil {
		return notProvable("session B's COMMIT failed: %v", err)
	}
	var where []string
	var args []any
	for _, c := range pk {
		where = append(where, quote(c)+" = ?")
		args = append(args, t.seedValue(c, rowX))
	}
	if len(set) == 0 {
		// Only relative writes (col = col + ?): read them back.
		for _, a := range w.SQL.Set {
			set = append(set, a.Column)
		}
	}
	cols := make([]string, len(set))
	for i, c := range set {
		cols[i] = quote(c)
	}
	got := make([]any, len(set))
	ptrs := make([]any, len(set))
	for i := range got {
		ptrs[i] = &got[i]
	}
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s", strings.Join(cols, ", "), quote(t.name), strings.Join(where, " AND "))
	if err := p.db.QueryRowContext(ctx, q, args...).Scan(ptrs...); err != nil {
		return notProvable("reading the row back failed: %v", err)
	}
	var final []string
	overwritten := wb.affected > 0 && !relativeOnly(w.SQL)
	for i, c := range set {
		v := fmt.Sprint(asString(got[i]))
		final = append(final, c+" = "+v)
		overwritten = overwritten && v == fmt.Sprint(t.value(c, rowX+1))
	}
	detail := fmt.Sprintf("sessions A and B both read row %d, A updated it and committed, then B's UPDATE, computed from the same read, %s; the row now holds %s",
		rowX, describe(wb), strings.Join(final, ", "))
	switch {
	case wb.affected == 0:
		return Verdict{Outcome: Reproduced, Detail: detail + ": B's update matched no row and was dropped without an error"}
	case overwritten:
		return Verdict{Outcome: Reproduced, Detail: detail + ", what each session wrote alone: one of the two updates is lost, and neither session got an error"}
	}
	return Verdict{Outcome: NotReproduced, Detail: detail}
}

// relativeOnly reports whether every column the UPDATE sets is computed
// from its own current value on the locked row.
func relativeOnly(s *sqltext.Summary) bool {
	for _, a := range s.Set {
		if !a.Relative {
			return false
		}
	}
	return true
}

func asString(v any) any {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v
}
