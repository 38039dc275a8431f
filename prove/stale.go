package prove

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// pickStale: the write at the finding; then, at its related positions,
// the plain read whose value it writes, the lock, and (the second form)
// the plain read that takes the transaction's snapshot before the lock.
func pickStale(c Case) (roles, string) {
	w, ok := at(c, -1, func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindUpdate })
	if !ok {
		return roles{}, "the write is not an UPDATE (only UPDATEs are replayed)"
	}
	plainRead := func(s *sqltext.Summary) bool { return s.Kind == sqltext.KindSelect && s.Lock == sqltext.LockNone }
	rd, ok := at(c, 0, plainRead)
	if !ok {
		return roles{}, "the plain read is not a statement locklint can replay"
	}
	l, ok := at(c, 1, locking)
	if !ok {
		return roles{}, "the lock is not a statement locklint can replay"
	}
	r := roles{main: w, other: []Stmt{rd, l}}
	if relatedCount(c) > 2 {
		snap, ok := at(c, 2, plainRead)
		if !ok {
			return roles{}, "the read that takes the snapshot is not a statement locklint can replay"
		}
		r.other = append(r.other, snap)
	}
	return r, ""
}

// theirs is the value session B commits into the row between A's reads:
// a value no seed row holds.
const theirs = 120

// staleSnapshot: session A begins the transaction. In the first form A
// runs the plain read, session B then changes row 100 and commits, and A
// runs the lock and the write; in the second, A runs the read that takes
// the snapshot, B changes row 100 and commits, and A runs the lock, the
// plain read and the write. B changes the columns the plain read returns
// and the write sets (not those any of the statements find the row by).
// A writes what the application computes from its plain read: each
// column the UPDATE sets from a placeholder gets the value read plus one.
// The message's claim holds when A's plain read returned the row as it
// was before B's commit although A then locked the row, so that A's write
// replaces B's committed value with one computed from the older row.
func staleSnapshot(ctx context.Context, p *Prover, m *model, r roles) Verdict {
	w, rd, l := r.main, r.other[0], r.other[1]
	var snap *Stmt
	if len(r.other) > 2 {
		snap = &r.other[2]
	}
	t := m.tables[w.SQL.Tables[0].Name]
	if len(t.primary) == 0 {
		return notProvable("table %s has no primary key to change the row by", t.name)
	}
	if rt := m.tables[rd.SQL.Tables[0].Name]; rt != t {
		return notProvable("the plain read is of another table than the write")
	}
	var set []string
	for _, a := range w.SQL.Set {
		if !a.Relative && a.Value.Kind == sqltext.ValueParam {
			set = append(set, a.Column)
		}
	}
	if len(set) == 0 {
		return notProvable("the UPDATE sets no column from a value the code computed")
	}
	// The columns B changes.
	fixed := map[string]bool{}
	for _, c := range t.primary {
		fixed[c] = true
	}
	for _, st := range []Stmt{w, rd, l} {
		forPreds(st.SQL.Where, func(p *sqltext.Pred) { fixed[p.Column] = true })
	}
	var change []string
	for _, c := range append(append([]string(nil), rd.SQL.Columns...), set...) {
		if c == "*" {
			for _, tc := range t.columns {
				if !fixed[tc] && indexOf(change, tc) < 0 {
					change = append(change, tc)
				}
			}
			continue
		}
		if c != "" && !fixed[c] && indexOf(t.columns, c) >= 0 && indexOf(change, c) < 0 {
			change = append(change, c)
		}
	}
	if len(change) == 0 {
		return notProvable("the plain read returns no column of the row that another session could change")
	}
	var sets []string
	var bargs []any
	for _, c := range change {
		sets = append(sets, quote(c)+" = ?")
		bargs = append(bargs, t.value(c, theirs))
	}
	where, kargs := t.byKey(rowX, nil)
	bq := fmt.Sprintf("UPDATE %s SET %s WHERE %s", quote(t.name), strings.Join(sets, ", "), where)
	bargs = append(bargs, kargs...)

	a, b, err := p.sessions(ctx, r.level)
	if err != nil {
		return notProvable("the scratch sessions could not be opened: %v", err)
	}
	defer a.close()
	defer b.close()
	if err := b.exec(ctx, "COMMIT"); err != nil { // B commits at once
		return notProvable("session B: %v", err)
	}
	var steps []string
	var seen []map[string]string
	readA := func() Verdict {
		rows, err := a.read(ctx, rd.Text, m.bind(rd.SQL, rowX, nil), rd.SQL)
		if err != nil {
			return notProvable("session A's plain SELECT (%s) failed: %v", rd.Posn, err)
		}
		seen = rows
		steps = append(steps, fmt.Sprintf("A's plain SELECT returned %s", rowsText(rows)))
		return Verdict{}
	}
	if snap != nil {
		rs := p.run(ctx, a, snap.Text, m.bind(snap.SQL, rowX, nil))
		if rs.err != nil || rs.blocked {
			return failed("A", *snap, rs)
		}
		steps = append(steps, fmt.Sprintf("session A's first plain read (%s) took the snapshot", snap.Posn))
	} else if v := readA(); v.Outcome != "" {
		return v
	}
	rb := p.run(ctx, b, bq, bargs)
	if rb.blocked {
		return Verdict{Outcome: NotReproduced, Detail: strings.Join(steps, "; ") + fmt.Sprintf("; session B's UPDATE of row %d %s: A's plain read locked the row", rowX, describe(rb)), Lock: rb.lock}
	}
	if rb.err != nil {
		return notProvable("session B's UPDATE of row %d failed: %v", rowX, rb.err)
	}
	steps = append(steps, fmt.Sprintf("session B set %s of row %d and committed", strings.Join(assigned(change, t, theirs), ", "), rowX))
	rl := p.run(ctx, a, l.Text, m.bind(l.SQL, rowX, nil))
	if rl.err != nil || rl.blocked {
		return failed("A", l, rl)
	}
	steps = append(steps, fmt.Sprintf("A's %s (%s) %s", verb(l.SQL), l.Posn, describe(rl)))
	if snap != nil {
		if v := readA(); v.Outcome != "" {
			return v
		}
	}
	// What A computes: one more than the value its read returned.
	base, ok := readValue(seen, change)
	if !ok {
		return notProvable("the plain read returned no value of the columns B changed")
	}
	wargs := m.bind(w.SQL, rowX, nil)
	for _, as := range w.SQL.Set {
		if !as.Relative && as.Value.Kind == sqltext.ValueParam && as.Value.Param < len(wargs) {
			wargs[as.Value.Param] = t.value(as.Column, base+1)
		}
	}
	rw := p.run(ctx, a, w.Text, wargs)
	if rw.err != nil || rw.blocked {
		return failed("A", w, rw)
	}
	if err := a.exec(ctx, "COMMIT"); err != nil {
		return notProvable("session A's COMMIT failed: %v", err)
	}
	steps = append(steps, fmt.Sprintf("A's UPDATE, computed from its plain read, %s, and A committed", describe(rw)))
	final, err := finalRow(ctx, p, t, set)
	if err != nil {
		return notProvable("reading the row back failed: %v", err)
	}
	detail := strings.Join(steps, "; ") + "; the row now holds " + final
	if base == theirs {
		return Verdict{Outcome: NotReproduced, Detail: detail + ": the plain read saw B's committed change, so nothing stale was written"}
	}
	if final != strings.Join(assigned(set, t, base+1), ", ") {
		return Verdict{Outcome: NotReproduced, Detail: detail}
	}
	return Verdict{Outcome: Reproduced, Detail: detail + fmt.Sprintf(": the value A wrote was computed from row %d as it was before B's commit, although A held the row's lock when it wrote, and B's committed change is lost", rowX)}
}

func assigned(cols []string, t *scratchTable, n int) []string {
	var out []string
	for _, c := range cols {
		out = append(out, fmt.Sprintf("%s = %v", c, t.value(c, n)))
	}
	return out
}

// readValue is the row number a read value stands for (100 for 100 or
// v0100): the first of the changed columns the read returned.
func readValue(rows []map[string]string, cols []string) (int, bool) {
	if len(rows) == 0 {
		return 0, false
	}
	for _, c := range cols {
		v, ok := rows[0][c]
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimLeft(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")); err == nil {
			return n, true
		}
	}
	return 0, false
}

// finalRow reads the written columns of row 100 back.
func finalRow(ctx context.Context, p *Prover, t *scratchTable, cols []string) (string, error) {
	where, args := t.byKey(rowX, nil)
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	got := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range got {
		ptrs[i] = &got[i]
	}
	if err := p.db.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s", strings.Join(q, ", "), quote(t.name), where), args...).Scan(ptrs...); err != nil {
		return "", err
	}
	var out []string
	for i, c := range cols {
		out = append(out, fmt.Sprintf("%s = %v", c, asString(got[i])))
	}
	return strings.Join(out, ", "), nil
}
