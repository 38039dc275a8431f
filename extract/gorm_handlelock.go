package extract

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// A GORM handle can carry a row lock of its own: GORM v1's
// tx.Set("gorm:query_option", "FOR UPDATE") returns a handle that appends
// the option to every SELECT run through it, and GORM v2's
// tx.Clauses(clause.Locking{...}) stored in a variable does the same for
// the statements built on it. The lock is a property of the handle value,
// not of one chain: it travels with the value into a variable, into the
// callback a transaction wrapper calls with it, and into the helpers that
// take it as a parameter. Every read through such a handle is a locking
// read.
//
// The lock is followed as values flow:
//
//   - within a function, through the assignments to the handle variable
//     before the read, in source order, the last one that sets or clears
//     the option winning. An option set under a condition (`if mysql { tx
//     = tx.Set(...) }`) counts: locklint judges the code as it runs on
//     MySQL, and a dialect switch is the usual reason for the condition;
//   - into a callback: a wrapper that calls its callback with a locking
//     handle says so in its fact (FactCallback.Lock), and the callback's
//     parameter carries the lock;
//   - into a helper: a read the helper runs through its handle parameter,
//     with no lock of its own, is exported without a lock and flagged
//     (FactStmt.HandleLock); each caller adds the lock of the handle it
//     passes;
//   - from the callers: a parameter that every call in the package passes
//     a handle with the same lock carries that lock (CallerLocks), so that
//     the helper's own read-modify-write is seen to lock. When some
//     callers pass a locking handle and others do not, whether the
//     helper's reads lock depends on the caller: they are unknown in the
//     helper (mixedLock), and judged at each caller.

// SetParamLock records that the function's parameter obj, a GORM handle,
// carries the row lock lock ("FOR UPDATE") from its callers or from the
// wrapper that calls it; "" records that it carries none. It reports
// whether this changed what was known.
func (f *Func) SetParamLock(obj types.Object, lock string) bool {
	if obj == nil {
		return false
	}
	if old, ok := f.paramLocks[obj]; ok && old == lock || !ok && lock == "" {
		return false
	}
	f.setParamLock(obj, lock)
	return true
}

// setCallerLock is SetParamLock for a lock every caller passes: the
// statements that take it are judged at the callers, which see them
// with that lock, not in the function too.
func (f *Func) setCallerLock(obj types.Object, lock string) bool {
	if !f.SetParamLock(obj, lock) {
		return false
	}
	if f.callerLocked == nil {
		f.callerLocked = map[types.Object]bool{}
	}
	f.callerLocked[obj] = lock != ""
	return true
}

func (f *Func) setParamLock(obj types.Object, lock string) {
	if f.paramLocks == nil {
		f.paramLocks = map[types.Object]string{}
	}
	if lock == "" {
		delete(f.paramLocks, obj)
	} else {
		f.paramLocks[obj] = lock
	}
	f.relock = true
}

// mixedLock is the lock of a handle parameter that some callers pass
// with a lock and others without one.
const mixedLock = "\x00mixed"

// handleLock is the row lock a GORM handle value carries at its use.
type handleLock struct {
	lock string
	// fromParam is set when the value is a parameter of the function on
	// which the function itself sets no lock option: its lock, if any, is
	// what the callers pass.
	fromParam bool
	// byCallers is set when lock is what every caller passes
	// (CallerLocks), rather than what a wrapper gave a callback.
	byCallers bool
}

// rootLock is the lock the root of ch carries: what the parameter it
// names inherited, changed by the assignments to it that run before the
// chain in source order.
func rootLock(c *call, scope *gormScope, ch *gormChain, v1 bool, depth int) handleLock {
	id, ok := ast.Unparen(ch.root).(*ast.Ident)
	if !ok || depth > maxHelperDepth {
		return handleLock{}
	}
	v, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok {
		return handleLock{}
	}
	var hl handleLock
	if isParamOf(c, v) {
		hl = handleLock{lock: c.out.paramLocks[v], fromParam: true, byCallers: c.out.callerLocked[v]}
	}
	for _, a := range scope.assignments(c.info, v) {
		if a.escapes || a.end > id.Pos() {
			continue
		}
		if a.value == nil {
			return handleLock{} // x, err := f(): unknown
		}
		if gormRootedAt(c, a.value, v) {
			// tx = tx.Set("gorm:query_option", "FOR UPDATE"), perhaps
			// under an if: from here on the handle locks.
			if lock, set := chainLock(c, scope, a.value, v1); set {
				hl = handleLock{lock: lock}
			}
			continue
		}
		hl = valueLock(c, scope, a.value, v1, depth+1)
		hl.fromParam = false
	}
	return hl
}

// chainLock reads the lock options the builder chain e sets on its way
// from its root: the last one wins. set is false when it sets none.
func chainLock(c *call, scope *gormScope, e ast.Expr, v1 bool) (lock string, set bool) {
	ch := gormChainOf(c, scope, e)
	q := newGORMQuery(c, scope, v1)
	for _, l := range ch.links {
		q.applyLock(l)
	}
	if q.lockUnknown {
		return "", true
	}
	return q.lock, q.lockSet
}

// valueLock is the lock the GORM handle value e carries.
func valueLock(c *call, scope *gormScope, e ast.Expr, v1 bool, depth int) handleLock {
	if depth > maxHelperDepth {
		return handleLock{}
	}
	ch := gormChainOf(c, scope, e)
	if ch.mixed {
		return handleLock{}
	}
	hl := rootLock(c, scope, ch, v1, depth)
	q := newGORMQuery(c, scope, v1)
	q.lock = hl.lock
	for _, l := range ch.links {
		q.applyLock(l)
	}
	if q.lockUnknown {
		return handleLock{} // a lock locklint cannot read: none assumed
	}
	if q.lockSet {
		return handleLock{lock: q.lock}
	}
	return hl
}

// applyLock applies link when it sets a lock option.
func (q *gormQuery) applyLock(link *ast.CallExpr) {
	fn, _ := calleeFunc(q.c.info, link).(*types.Func)
	if fn == nil {
		return
	}
	switch fn.Name() {
	case "Set", "InstanceSet", "InstantSet", "Clauses":
		q.apply(link)
	}
}

// argLock is the lock the GORM handle f passes as argument e of a call,
// zero when e is no GORM handle.
func (f *Func) argLock(e ast.Expr) handleLock {
	v1, ok := isGORMHandle(f.info.TypeOf(e))
	if !ok {
		return handleLock{}
	}
	c := &call{info: f.info, defs: f.defs, out: f}
	return valueLock(c, f.gormScope(f.Body()), e, v1, 0)
}

// isGORMHandle reports whether t is *gorm.DB, and of which version.
func isGORMHandle(t types.Type) (v1, ok bool) {
	if t == nil {
		return false, false
	}
	pkg, name := named(t)
	if name != "DB" || pkg != gormPath && pkg != pkgGORMv1 {
		return false, false
	}
	return pkg == pkgGORMv1, true
}

// withLock is text with the handle's lock appended, where GORM writes it:
// after the whole SELECT.
func withLock(text, lock string) string {
	if text == "" || lock == "" || lock == mixedLock {
		return text
	}
	return text + " " + lock
}

// relockGORMSites rebuilds the GORM statements whose lock comes from a
// parameter, once what the parameters carry is known.
func (f *Func) relockGORMSites() {
	if !f.relock || f.gormState == nil {
		return
	}
	f.relock = false
	for _, p := range f.gormState.fromParam {
		s, _ := gormBuildSite(p.c, p.v1, p.generic)
		p.site.lockMixed, p.site.lockByCallers = s.lockMixed, s.lockByCallers
		p.site.Text, p.site.SQL, p.site.Args = s.Text, s.SQL, s.Args
		p.site.lockFromParam, p.site.unlockedText = s.lockFromParam, s.unlockedText
	}
}

// trimLock removes the lock withLock appended.
func trimLock(text, lock string) string {
	if lock == "" {
		return text
	}
	return strings.TrimSuffix(text, " "+lock)
}

// maxCallerRounds bounds how many calls deep CallerLocks follows a lock
// from the callers into their helpers.
const maxCallerRounds = 4

// CallerLocks gives the GORM handle parameters of the package's functions
// the lock that every call of the function in the package passes: a
// helper that a locking wrapper's callbacks alone call reads with the
// wrapper's lock. A function used otherwise than by static calls (a
// method value, a function value, a call from another package) may get
// any handle, and its parameters carry no lock. decls are the package's
// declarations, each with its functions as Decl returns them. It returns
// the functions whose parameters changed, to be expanded again.
func CallerLocks(info *types.Info, decls map[*types.Func][]*Func) []*Func {
	uses := map[*types.Func]int{}
	for _, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok {
			if _, ok := decls[fn]; ok {
				uses[fn]++
			}
		}
	}
	calls := map[*types.Func][]*Call{}
	for _, funcs := range decls {
		for _, f := range funcs {
			for _, c := range f.Calls {
				if _, ok := decls[c.Fn]; ok && !c.Defer {
					calls[c.Fn] = append(calls[c.Fn], c)
				}
			}
		}
	}
	order := make([]*types.Func, 0, len(decls))
	for fn := range decls {
		order = append(order, fn)
	}
	sort.Slice(order, func(i, j int) bool { return order[i].Pos() < order[j].Pos() })
	changed := map[*Func]bool{}
	var out []*Func
	for range maxCallerRounds {
		again := false
		for _, fn := range order {
			funcs := decls[fn]
			decl, ok := funcs[0].Node.(*ast.FuncDecl)
			cs := calls[fn]
			if !ok || len(cs) == 0 {
				continue
			}
			for obj, i := range paramIndex(info, decl) {
				if _, ok := isGORMHandle(obj.Type()); !ok || i < 0 {
					continue
				}
				var locks []string
				for _, c := range cs {
					l := ""
					if a := argExpr(c.Expr, i); a != nil {
						l = c.InFunc.argLock(a).lock
					}
					locks = append(locks, l)
				}
				if len(cs) != uses[fn] {
					locks = append(locks, "") // callers unseen: any handle
				}
				lock := joinLocks(locks)
				if funcs[0].setCallerLock(obj, lock) {
					again = true
					if !changed[funcs[0]] {
						changed[funcs[0]] = true
						out = append(out, funcs[0])
					}
				}
			}
		}
		if !again {
			break
		}
	}
	return out
}

// joinLocks is the lock of a parameter its callers pass these locks in:
// the one they agree on, none when none locks, and mixedLock otherwise.
func joinLocks(locks []string) string {
	out := ""
	for i, l := range locks {
		switch {
		case i == 0:
			out = l
		case l != out:
			return mixedLock
		}
	}
	if out == "" || out == mixedLock {
		for _, l := range locks {
			if l != "" {
				return mixedLock
			}
		}
	}
	return out
}
