package prove

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// The scenarios of the rules whose claim is about how long a lock lasts
// and which session holds it: lock-outside-tx (the lock of an autocommit
// statement ends with it), lock-held-blocking (the lock a transaction
// took is still held while the code waits on something else) and
// outer-handle-in-tx (a statement on the pool is another session than
// the open transaction). A second session's write of the locked row is
// what shows the lock: a DELETE of the row by its primary key, in a
// transaction that is rolled back (see touch).

func pickOutsideTx(c Case) (roles, string) {
	// Any SELECT: run as a plain read, the scenario shows that it holds
	// nothing in a transaction either.
	s, ok := at(c, -1, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindSelect })
	if !ok {
		return roles{}, "no SELECT is known at the finding"
	}
	return roles{main: s}, ""
}

// pickHeldBlocking: the finding is at the slow call, where no statement
// runs; its first related position is the statement that took the locks.
func pickHeldBlocking(c Case) (roles, string) {
	if _, ok := at(c, 0, func(s *sqltext.Summary) bool { return s.GetLock || s.Kind == sqltext.KindLockTables }); ok {
		return roles{}, "the lock held at the slow call is a table or named lock (LOCK TABLES, GET_LOCK): only row locks are replayed"
	}
	s, ok := at(c, 0, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindSelect || locking(s) })
	if !ok {
		return roles{}, "the statement that takes the lock held at the slow call is not one locklint can replay"
	}
	return roles{main: s}, ""
}

// pickOuterHandle: the pool statement at the finding, and the
// transaction's statement that holds locks when it runs, when the finding
// names one.
func pickOuterHandle(c Case) (roles, string) {
	s, ok := at(c, -1, func(*sqltext.Summary) bool { return true })
	if !ok {
		return roles{}, "no statement is known at the finding"
	}
	r := roles{main: s}
	for i := 0; i < relatedCount(c); i++ {
		if _, ok := at(c, i, func(*sqltext.Summary) bool { return true }); !ok {
			continue // the Begin
		}
		h, ok := at(c, i, locking)
		if !ok {
			return roles{}, "the transaction's statement that holds the lock is not one locklint can replay"
		}
		r.other = append(r.other, h)
		break
	}
	return r, ""
}

// rowOf is the row a statement bound for the scenario works on: an
// INSERT adds the absent key, any other statement finds row 100.
func rowOf(s *sqltext.Summary) int {
	if s.Kind == sqltext.KindInsert {
		return absentKey
	}
	return rowX
}

// keyOf is the primary key of the row st, bound to row n, touched in
// session a: nil for a seed row (see byKey); for an INSERT, the key it
// gave the new row, from its values or, for an AUTO_INCREMENT key it
// leaves out, from LAST_INSERT_ID() in a.
func keyOf(ctx context.Context, a *session, t *scratchTable, st Stmt, n int) ([]any, string) {
	s := st.SQL
	if s.Kind != sqltext.KindInsert {
		return nil, ""
	}
	var key []any
	for _, c := range t.primary {
		i := indexOf(s.InsertColumns, c)
		switch {
		case i >= 0 && i < len(s.InsertValues) && s.InsertValues[i].Kind == sqltext.ValueConst:
			key = append(key, constValue(s.InsertValues[i].Text))
		case i >= 0:
			key = append(key, t.seedValue(c, n))
		case len(t.primary) == 1:
			var id int64
			if err := a.conn.QueryRowContext(ctx, "SELECT LAST_INSERT_ID()").Scan(&id); err != nil {
				return nil, "reading the inserted key failed: " + err.Error()
			}
			key = append(key, id)
		default:
			return nil, fmt.Sprintf("the INSERT at %s leaves out key column %s of %s", st.Posn, c, t.name)
		}
	}
	return key, ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func constValue(text string) any {
	if v, err := strconv.ParseInt(text, 10, 64); err == nil {
		return v
	}
	return strings.Trim(text, `'"`)
}

func rowName(n int, key []any) string {
	if key == nil {
		return fmt.Sprintf("row %d", n)
	}
	return fmt.Sprintf("the new row %v", key[0])
}

// touch runs session B's DELETE of a row in a transaction it rolls back.
func (p *Prover) touch(ctx context.Context, b *session, q string, args []any) result {
	if err := b.exec(ctx, "BEGIN"); err != nil {
		return result{err: err}
	}
	r := p.run(ctx, b, q, args)
	if err := b.exec(ctx, "ROLLBACK"); err != nil && r.err == nil {
		r.err = err
	}
	return r
}

// holdsRow starts q in waiter and reports whether it waits for a lock;
// if it does, holder rolls back, which lets q through.
func (p *Prover) holdsRow(ctx context.Context, holder, waiter *session, q string, args []any) (bool, string, error) {
	ch := waiter.start(ctx, q, args)
	r, done, lock := p.waiting(ctx, waiter, ch)
	if !done && lock == "" {
		// Still running, and the server has not said that it waits: a
		// busy server, or one whose lock tables show nothing (MySQL
		// without performance_schema). Only its end tells: a statement
		// that waits for the lock fails with the lock wait timeout.
		r = p.finish(ctx, waiter, ch)
		return r.blocked, r.lock, r.err
	}
	if done {
		return false, "", r.err
	}
	if err := holder.exec(ctx, "ROLLBACK"); err != nil {
		return true, lock, err
	}
	r = p.finish(ctx, waiter, ch)
	return lock != "" || r.blocked, lock, r.err
}

// lockOutsideTx: session A runs the locking read in autocommit, as the
// pool does; right after it returns, session B deletes row 100, which the
// read found. The message's claim holds when B does not wait. To show
// that B's DELETE needs the lock the read takes, A then runs the same read
// in a transaction, and B's DELETE must wait for it.
func lockOutsideTx(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	return lockLifetime(ctx, p, m, r.level, r.main, "")
}

func lockLifetime(ctx context.Context, p *Prover, m *model, level sqltext.Isolation, s Stmt, prefix string) Verdict {
	t := m.tables[s.SQL.Tables[0].Name]
	if len(t.primary) == 0 {
		return notProvable("table %s has no primary key to write the locked row by", t.name)
	}
	a, err := p.open(ctx, "A", level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	b, err := p.open(ctx, "B", level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer b.close()
	args := m.bind(s.SQL, rowX, nil)
	touch, touchArgs := t.touch(rowX, nil)
	ra := p.run(ctx, a, s.Text, args)
	if ra.err != nil || ra.blocked {
		return failed("A", s, ra)
	}
	rb := p.touch(ctx, b, touch, touchArgs)
	if rb.err != nil && rb.code() == 0 {
		return notProvable("session B's DELETE of row %d failed: %v", rowX, rb.err)
	}
	detail := fmt.Sprintf("%ssession A's %s in autocommit %s; right after it, session B's DELETE of row %d of %s (rolled back) %s", prefix, verb(s.SQL), describe(ra), rowX, t.name, describe(rb))
	if rb.blocked {
		return Verdict{Outcome: NotReproduced, Detail: detail + ": the lock outlived the statement", Lock: rb.lock}
	}
	if err := a.exec(ctx, "BEGIN"); err != nil {
		return notProvable("session A: %v", err)
	}
	if rc := p.run(ctx, a, s.Text, args); rc.err != nil || rc.blocked {
		return failed("A", s, rc)
	}
	if err := b.exec(ctx, "BEGIN"); err != nil {
		return notProvable("session B: %v", err)
	}
	held, lock, err := p.holdsRow(ctx, a, b, touch, touchArgs)
	b.exec(ctx, "ROLLBACK")
	if err != nil && !held {
		return notProvable("session B's DELETE of row %d failed: %v", rowX, err)
	}
	if !held {
		return Verdict{Outcome: NotReproduced, Detail: detail + fmt.Sprintf("; but run in a transaction, the same %s did not hold row %d either: it takes no lock on the row", verb(s.SQL), rowX)}
	}
	return Verdict{
		Outcome: Reproduced,
		Detail:  detail + fmt.Sprintf(": the lock ended with the statement. Run in a transaction, the same %s holds row %d, and B's DELETE waits for it", verb(s.SQL), rowX),
		Lock:    lock,
	}
}

// lockHeldBlocking: session A begins a transaction and runs the statement
// that took the locks; the code then waits on its slow call with the
// transaction open, and session B deletes the row A's statement locked.
// The message's claim holds when the server reports B waiting for A's
// lock; A then rolls back rather than keep B waiting for the timeout.
func lockHeldBlocking(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	s := r.main
	t := m.tables[s.SQL.Tables[0].Name]
	if len(t.primary) == 0 {
		return notProvable("table %s has no primary key to write the locked row by", t.name)
	}
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	n := rowOf(s.SQL)
	ra := p.run(ctx, a, s.Text, m.bind(s.SQL, n, nil))
	if ra.err != nil || ra.blocked {
		return failed("A", s, ra)
	}
	key, why := keyOf(ctx, a, t, s, n)
	if why != "" {
		return notProvable("%s", why)
	}
	touch, args := t.touch(n, key)
	held, lock, err := p.holdsRow(ctx, a, b, touch, args)
	if err != nil && !held {
		return notProvable("session B's DELETE failed: %v", err)
	}
	detail := fmt.Sprintf("session A's %s of %s (%s) %s, and A's transaction stays open as it does while the code waits on the slow call; session B's DELETE of %s (rolled back)",
		verb(s.SQL), t.name, s.Posn, describe(ra), rowName(n, key))
	if held {
		return Verdict{Outcome: Reproduced, Detail: detail + " waited for A's lock, and went on only when A's transaction ended: the lock is held for as long as the slow call takes", Lock: lock}
	}
	return Verdict{Outcome: NotReproduced, Detail: detail + " did not wait: A's transaction holds no lock on it"}
}

// outerHandle: session A is the open transaction, which has run the
// statement the finding names as holding locks; session B is the pool
// and runs the finding's statement on the same row, in autocommit. The
// message's claim holds when B's write or locking read waits for A's lock
// (and fails with 1205: A cannot commit while the application waits for
// B), when B's plain read does not see what A wrote, or, for a write that
// waits for nothing, when B's change stays after A rolls back: it
// committed on its own. A locking read on the pool before the transaction
// locks anything is replayed as lock-outside-tx is.
func outerHandle(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	s := r.main
	var held *Stmt
	if len(r.other) > 0 {
		held = &r.other[0]
	}
	plain := s.SQL.Kind == sqltext.KindSelect && s.SQL.Lock == sqltext.LockNone
	switch {
	case held == nil && plain:
		return notProvable("the plain read runs before the transaction has written or locked anything: there is nothing of the transaction it could miss or wait for")
	case held == nil && s.SQL.Kind == sqltext.KindSelect:
		return lockLifetime(ctx, p, m, r.level, s, "with the transaction open and holding no lock yet, the locking read runs on the pool: ")
	}
	t := m.tables[s.SQL.Tables[0].Name]
	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	if err := b.exec(ctx, "COMMIT"); err != nil { // B is the pool: autocommit
		return notProvable("session B: %v", err)
	}
	n := rowX
	what := "with the transaction (session A) open"
	if held != nil {
		n = rowOf(held.SQL)
		rh := p.run(ctx, a, held.Text, m.bind(held.SQL, n, func(k int) int { return k + 1 }))
		if rh.err != nil || rh.blocked {
			return failed("A", *held, rh)
		}
		what = fmt.Sprintf("with the transaction (session A) open after its %s of %s (%s) %s", verb(held.SQL), m.tables[held.SQL.Tables[0].Name].name, held.Posn, describe(rh))
	}
	pn := n
	if s.SQL.Kind == sqltext.KindInsert {
		// A new row: its key, or the one the transaction inserted.
		pn = absentKey
	}
	args := m.bind(s.SQL, pn, func(k int) int { return k + 1 })
	if plain {
		return poolRead(ctx, m, a, b, s, *held, n, args, what)
	}
	before, err := dump(ctx, p, t)
	if err != nil {
		return notProvable("reading %s failed: %v", t.name, err)
	}
	rb := p.run(ctx, b, s.Text, args)
	detail := fmt.Sprintf("%s, the %s on the pool (session B) %s", what, verb(s.SQL), describe(rb))
	if rb.blocked {
		return Verdict{Outcome: Reproduced, Detail: detail + ": it waits for the transaction, which cannot commit while the application waits for this call, and InnoDB sees no deadlock", Lock: rb.lock}
	}
	if rb.err != nil {
		return failed("B", s, rb)
	}
	if s.SQL.Kind == sqltext.KindSelect {
		return Verdict{Outcome: NotReproduced, Detail: detail + ": the transaction holds no lock it needs"}
	}
	if err := a.exec(ctx, "ROLLBACK"); err != nil {
		return notProvable("session A's ROLLBACK failed: %v", err)
	}
	after, err := dump(ctx, p, t)
	if err != nil {
		return notProvable("reading %s failed: %v", t.name, err)
	}
	if diff := firstDiff(before, after); diff != "" {
		return Verdict{Outcome: Reproduced, Detail: detail + fmt.Sprintf(", and after the transaction rolled back its change is still in %s (%s): it committed on its own, outside the transaction", t.name, diff)}
	}
	return Verdict{Outcome: NotReproduced, Detail: detail + fmt.Sprintf(", but changed nothing in %s that the transaction's rollback could show", t.name)}
}

// poolRead: the pool's plain read (B) against the same read in the
// transaction (A), which sees its own uncommitted write. When the read's
// own columns do not differ, the row it found is compared: the columns
// the transaction wrote.
func poolRead(ctx context.Context, m *model, a, b *session, s, held Stmt, n int, args []any, what string) Verdict {
	inB, err := b.read(ctx, s.Text, args, s.SQL)
	if err != nil {
		return notProvable("session B's SELECT (%s) failed: %v", s.Posn, err)
	}
	inA, err := a.read(ctx, s.Text, args, s.SQL)
	if err != nil {
		return notProvable("session A's SELECT (%s) failed: %v", s.Posn, err)
	}
	detail := fmt.Sprintf("%s, the SELECT on the pool (session B) did not wait and returned %s, while in the transaction it returns %s", what, rowsText(inB), rowsText(inA))
	if rowsText(inA) != rowsText(inB) {
		return Verdict{Outcome: Reproduced, Detail: detail + ": the pool reads the committed rows and misses the transaction's uncommitted write"}
	}
	t := m.tables[s.SQL.Tables[0].Name]
	ht := m.tables[held.SQL.Tables[0].Name]
	if len(inB) == 0 || t != ht || len(t.primary) == 0 || held.SQL.Kind != sqltext.KindUpdate {
		return Verdict{Outcome: NotReproduced, Detail: detail + ": the transaction's write does not change what this read returns"}
	}
	var cols []string
	for _, a := range held.SQL.Set {
		cols = append(cols, quote(a.Column))
	}
	where, kargs := t.byKey(n, nil)
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s", strings.Join(cols, ", "), quote(t.name), where)
	rowB, errB := b.read(ctx, q, kargs, nil)
	rowA, errA := a.read(ctx, q, kargs, nil)
	if errA != nil || errB != nil || rowsText(rowA) == rowsText(rowB) {
		return Verdict{Outcome: NotReproduced, Detail: detail + ": the transaction's write does not change what this read returns"}
	}
	return Verdict{Outcome: Reproduced, Detail: detail + fmt.Sprintf(" (its own columns do not change); the row it found is row %d, which the pool reads as %s, and the transaction as %s: the pool reads the committed row and misses the transaction's uncommitted write", n, rowsText(rowB), rowsText(rowA))}
}

// rowsText shows rows as "(a = 1, b = v0100)", sorted by column name.
func rowsText(rows []map[string]string) string {
	if len(rows) == 0 {
		return "no rows"
	}
	var out []string
	for _, r := range rows {
		var cols []string
		for c := range r {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		var kv []string
		for _, c := range cols {
			kv = append(kv, c+" = "+r[c])
		}
		out = append(out, "("+strings.Join(kv, ", ")+")")
	}
	if len(out) > 3 {
		out = append(out[:3], fmt.Sprintf("... %d rows", len(rows)))
	}
	return strings.Join(out, ", ")
}

// dump reads every row of t as the last committed state shows it.
func dump(ctx context.Context, p *Prover, t *scratchTable) (map[string]string, error) {
	var cols []string
	for _, c := range t.columns {
		cols = append(cols, quote(c))
	}
	rows, err := p.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s", strings.Join(cols, ", "), quote(t.name)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var key, all []string
		for i, c := range t.columns {
			v := c + " = " + fmt.Sprint(asString(vals[i]))
			all = append(all, v)
			if indexOf(t.primary, c) >= 0 {
				key = append(key, v)
			}
		}
		if len(key) == 0 {
			key = all
		}
		out[strings.Join(key, ", ")] = strings.Join(all, ", ")
	}
	return out, rows.Err()
}

// firstDiff describes the first row that differs between two dumps.
func firstDiff(before, after map[string]string) string {
	var keys []string
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b, okB := before[k]
		a, okA := after[k]
		switch {
		case !okB:
			return "a new row " + a
		case !okA:
			return "row " + k + " is gone"
		case a != b:
			return "row " + k + " now holds " + a
		}
	}
	return ""
}
