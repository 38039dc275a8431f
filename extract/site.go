package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/locklint/locklint/sqltext"
)

// HandleKind says what kind of database handle runs a statement, which
// decides whether it can be part of a transaction.
type HandleKind uint8

const (
	HandleUnknown HandleKind = iota // an interface or anything else we cannot tell
	HandlePool                      // *sql.DB, *sqlx.DB, *gorm.DB outside a transaction: autocommit
	HandleTx                        // *sql.Tx, *sqlx.Tx, *gorm.DB from Begin or a Transaction callback
	HandleConn                      // *sql.Conn, *sqlx.Conn: one session, autocommit unless it ran BEGIN
)

func (k HandleKind) String() string {
	return [...]string{"unknown handle", "pool", "transaction", "connection"}[k]
}

// Handle identifies the Go value a statement runs through.
type Handle struct {
	Kind HandleKind
	// Type is the handle's type as written in messages, e.g. "*sql.DB".
	Type string
	// Ref names the variable (and field path) holding the handle, so two
	// statements can be told to run through the same handle.
	Ref Ref
	// Expr is the handle expression at the call.
	Expr ast.Expr
	// Origins are set when the handle is the result of a method that
	// returns one of several values (s.conn() returning s.tx or s.db):
	// the variables and fields it may be, seen from this function. Kind
	// is then the join of theirs: the same kind, or unknown.
	Origins []Ref
	// Pinned is set for a pool limited to one open connection
	// (SetMaxOpenConns(1)): every statement on it runs on the same
	// session, so session state (LOCK TABLES, GET_LOCK, SET SESSION)
	// stays with the code's next statement, as on a *sql.Conn.
	Pinned bool

	// zero is set for a field the value was built without: nil, so no
	// statement can run through it.
	zero bool
}

// Ref is a variable, optionally followed by a path of field selections:
// tx, r.tx, s.repo.db.
type Ref struct {
	Root types.Object
	Path string // ".f.g", empty for the variable itself
	// Kind and Type describe, in Handle.Origins, an alternative that is
	// no variable of this function but a handle of a known kind obtained
	// elsewhere (Root is nil then): a pool another package loads.
	Kind HandleKind
	Type string
}

// Valid reports whether the ref names something.
func (r Ref) Valid() bool { return r.Root != nil }

// Framework is the library a call belongs to.
type Framework uint8

const (
	DatabaseSQL Framework = iota
	SQLX
	GORM
	GORMv1
	Squirrel
	XORM
	Ent
	Bun
	Goqu
)

func (f Framework) String() string {
	return [...]string{"database/sql", "sqlx", "gorm", "gorm v1", "squirrel", "xorm", "ent", "bun", "goqu"}[f]
}

// SiteAlt is one implementation's statement for a site (Site.Alts).
type SiteAlt struct {
	Impl  string // the implementing method, "MySQLQueue.PollQuery"
	Text  string
	Holes []string
	SQL   *sqltext.Summary
}

// Site is one call that sends SQL to the server.
type Site struct {
	Call      *ast.CallExpr
	Pos       token.Pos // the call's position (its Lparen's selector), where findings go
	Framework Framework
	Method    string // method or function name, e.g. "QueryRowContext"

	// Text is the recovered SQL, with sqltext.Hole where fmt.Sprintf
	// inserts run-time text; empty when it could not be recovered.
	Text string
	// SQL is the summary of Text, nil when the text is unknown or does not
	// parse (unknown is never a finding).
	SQL *sqltext.Summary
	// TextExpr is the argument that carries the SQL text. A wrapper that
	// passes its own string parameter here is a SQL sink: its callers
	// supply the text (FactStmt.SQLParam).
	TextExpr ast.Expr
	// Holes says, for each sqltext.Hole in Text in order, which Go value
	// fills it at run time ("field s.table", "parameter name"), so that
	// messages can name what they cannot resolve.
	Holes []string

	Handle Handle
	// Args are the Go arguments bound to the statement's placeholders.
	Args []ast.Expr
	// Dest are the Go expressions the statement's results are scanned
	// into: sqlx Get/Select and GORM First(&x) destinations, and the
	// arguments of Scan on the returned row or rows.
	Dest []ast.Expr
	// Loop is the innermost loop around the call, nil outside loops.
	Loop *Loop

	// Via is set for a statement that a called function runs through a
	// handle this function passes it: the site is the call, and the
	// statement is in the callee (ViaFunc, at ViaAt), which saw its
	// handle as ViaKind.
	Via     *Call
	ViaFunc string
	ViaAt   string
	ViaKind HandleKind
	// TextFromCaller is set for a Via statement whose SQL this function
	// passes to a SQL sink: the callee could not judge it, so it is
	// judged here whatever ViaKind says.
	TextFromCaller bool

	// Alts are, when the text comes from an interface method whose MySQL
	// implementations return different statements, the statement of
	// each; Text is empty then. The analyzer judges each as its own case.
	Alts []SiteAlt

	// Migrate is set for a schema change GORM derives from models at run
	// time (AutoMigrate, Migrator().AddColumn, ...): Text is empty and SQL
	// is a DDL summary standing for the statements it will send.
	Migrate bool
	// Step is set for such a schema change made by a step of a versioned
	// migration, on a table that an earlier step of the same runner
	// already created or changed (migration_steps.go).
	Step *MigrationStep
	// SyncDrops says which indexes of an existing table that its bean
	// does not declare an xorm Sync drops (SyncWithOptions' options).
	SyncDrops SyncDrops

	// IgnoredLock is set when the code asks for a row lock that the
	// library silently drops, so the statement runs without it.
	IgnoredLock *IgnoredLock

	info *types.Info
	// pkg reads the getters in the statement's arguments (keyRef).
	pkg *Package
	// lockFromParam is set for a SELECT whose row lock is whatever the
	// handle parameter it runs through carries (gorm_handlelock.go):
	// unlockedText is its text without that lock, for the function's
	// fact, whose callers add the lock of the handle they pass.
	lockFromParam bool
	unlockedText  string
	// lockMixed is set when some callers pass that handle with a lock
	// and others without: the statement is unknown here (SQL is nil).
	lockMixed bool
	// lockByCallers is set when the lock is what every caller passes
	// (JudgedAtCallers).
	lockByCallers bool
	// viaIndex is the statement's index in its callee's fact, and
	// viaBefore that fact's Before for it: which statements of the same
	// call may run before it. notFoundChecked is the fact's
	// NotFoundChecked.
	viaIndex  int
	viaBefore []int
	// bean is, for a per-bean helper's statement (xorm_beans.go), the
	// place of its bean among the call's, from 1.
	bean            int
	notFoundChecked bool
	// RunnersTable is set for a statement on a migration runner's own
	// record of the steps it applied (the table of xormigrate's
	// Migration): only runners read and write it, one step at a time.
	RunnersTable bool
	// onGlobal is set for a callee's statement on a package-level
	// variable (GlobalHandle): never on a transaction the caller holds.
	onGlobal bool
	// spawned is set for a callee's statement that runs in a goroutine
	// (its fact's Spawned, or a go statement's call).
	spawned bool
	// rowBean is the bean of an xorm Update whose content is not known
	// here: xorm writes its non-zero fields, the whole row when it was
	// loaded (RowValue).
	rowBean ast.Expr
	// viaRow is, for a callee's UPDATE that writes a struct its caller
	// passes whole (FactStmt.WritesRow), the argument passed; viaRows,
	// for a callee's read whose rows it returns (FactStmt.IntoResult),
	// the variable the call's first result goes to (resultrows.go).
	viaRow, viaRows ast.Expr
	// viaBumped are, for viaRow, the columns the helper changes from
	// their own value before it writes (FactStmt.RowBumped).
	viaBumped []string
	// paramHoles are, hole by hole of Text, the parameters of the
	// function that fill them (-1: something else); holesFilled is set
	// for a callee's statement whose holes this function's arguments
	// filled. See callers.go.
	paramHoles []int
	// migrateTableParam is set for a GORM Migrator call whose table is
	// the function's parameter (a DAL's DropTables(dst...)).
	migrateTableParam bool
	// beanEach is set for an xorm finisher whose bean is each element
	// of the function's variadic parameter beanParam (xorm_beans.go).
	beanEach  bool
	beanParam int
	// ownRow is set for a callee's statement on a row the callee
	// inserted itself (FactStmt.OwnRow).
	ownRow bool
	// insertedBean is, for a callee's INSERT that fills a struct this
	// function passes with the generated key, that argument.
	insertedBean ast.Expr
	// guards are, for a callee's statement, the values of this
	// function's boolean parameters it needs to run (guards.go).
	guards []FactGuard
	// migrateModels are the arguments that name what a Migrate site
	// changes: AutoMigrate's models, a Migrator method's model or table.
	migrateModels []ast.Expr
	holesFilled   bool
	// fieldArgs are placeholders bound to a field of a Go value that no
	// expression of the call names: the key fields of the model bun's
	// WherePK reads (b and ".ID" for Model(&b).WherePK()).
	fieldArgs map[int]fieldArg
	// clauseRoot is set for a GORM statement whose builder starts at a
	// call given a slice parameter of the function (a DAL applying its
	// caller's clause values, clauses.go), and clauseModel is the
	// finisher's model argument then; clauses is what the callee's fact
	// said about them, for a statement of a callee.
	clauseRoot  *ast.CallExpr
	clauseModel ast.Expr
	clauses     *FactClauses
	// mayLockUnseen is set for such a statement given a clause whose
	// effect is unknown (a locking clause, a join): it may lock rows of
	// tables its text does not name.
	mayLockUnseen bool
	// calleeLoop lists, for a Loop a callee's per-element loop set
	// (FactStmt.InLoop), the arguments of the call its slice is made
	// from: the loop is the calling function's too, for its callers.
	calleeLoop []int
	// elemStandIn is the range variable that stands for the run-time
	// values of a statement built from a slice's element (lo.go).
	elemStandIn *ast.Ident
	// argsBound is set when Args are the values a query builder binds,
	// one per placeholder, though the call spreads a slice of them.
	argsBound bool
	// spreadTail are, for a call that spreads a slice of values it built
	// up, the values known to be bound to some placeholders: those
	// appended last bind the last ones (bindSpreadTail).
	spreadTail map[int]ast.Expr
}

// fieldArg is a field of a Go value, bound to a placeholder.
type fieldArg struct {
	value ast.Expr
	path  string
}

// IgnoredLock is a lock request a library ignores: GORM v1's
// Set("gorm:query_option", "FOR UPDATE") on a GORM v2 builder, which v2
// stores and never reads.
type IgnoredLock struct {
	Call   *ast.CallExpr // the call that asks for the lock
	Option string        // what it asks for, e.g. "FOR UPDATE"
}

// TxEventKind is what a transaction-control call does.
type TxEventKind uint8

const (
	TxBegin TxEventKind = iota
	TxCommit
	TxRollback
)

// TxEvent is a call that begins or ends a transaction.
type TxEvent struct {
	Kind TxEventKind
	Call *ast.CallExpr
	// Tx is the transaction handle: for TxBegin, the variable the call's
	// result is assigned to (invalid when not assigned to a variable); for
	// Commit and Rollback, the receiver.
	Tx Ref
	// From is the handle Begin was called on (TxBegin only).
	From Handle
	// Isolation is the isolation level requested at Begin, when constant.
	Isolation sqltext.Isolation
	// Deferred is true for `defer tx.Rollback()` and similar.
	Deferred bool
	// Helper names, for a TxBegin, the helper that began the transaction
	// and handed it out in several values (FuncFact.TxResults): the
	// functions its package gives end it, not a Rollback method.
	Helper string
	// Joins is set for a TxBegin through such a helper that joins the
	// transaction an earlier one began (handed on in a context): it
	// begins nothing, and its error branch is never taken.
	Joins bool
	// IfBegun is set for an xorm session's Close on a session this
	// function did not begin: it ends the transaction a helper began
	// and handed out (its fact says so), and is dropped otherwise.
	IfBegun bool
	// Callback is true for a transaction that a callee begins and hands
	// to a function literal as a parameter (db.Transaction(func(tx) ...)):
	// the callee, not this function, ends it.
	Callback  bool
	Framework Framework
}

// JudgedInCallee reports whether the statement was already checked in the
// called function that runs it, where that function saw its handle's
// kind: per-statement rules report it there, not at every caller.
func (s *Site) JudgedInCallee() bool {
	return s.Via != nil && s.ViaKind != HandleUnknown && !s.TextFromCaller && s.clauses == nil
}

// RepeatsCallee reports whether this function knows nothing of the
// statement that the callee running it did not: the callee could not tell
// its handle, and this function hands it on unresolved (a parameter, a
// field of its own), with the callee's text, holes and clauses.
// Per-statement rules that judge a statement by itself find here what
// they found in the callee, where the statement is; reporting it again at
// every caller up a chain of such helpers would be one problem many times
// over. (A loop around the call is the caller's own knowledge, for the
// rules that judge statements at every call.)
func (s *Site) RepeatsCallee() bool {
	return s.Handle.Kind == HandleUnknown && s.callerAddsNoText()
}

// OnCalleesGlobal reports whether the statement is a callee's, run on a
// package-level variable: whatever this function holds open, it runs
// where the callee saw it run.
func (s *Site) OnCalleesGlobal() bool { return s.onGlobal }

// RepeatsCalleeOnPool is RepeatsCallee for a caller that knows one thing
// more than the callee: the handle is the pool, so the statement
// autocommits. A rule whose finding in the callee already says what
// happens then finds the same problem here.
func (s *Site) RepeatsCalleeOnPool() bool {
	return s.Handle.Kind == HandlePool && !s.Handle.Pinned && s.callerAddsNoText()
}

// callerAddsNoText reports whether the statement is a callee's, on a
// handle the callee could not tell, and this caller adds nothing to its
// text.
func (s *Site) callerAddsNoText() bool {
	return s.Via != nil && s.ViaKind == HandleUnknown &&
		!s.TextFromCaller && !s.holesFilled && s.clauses == nil && len(s.Alts) == 0
}

// MayLockUnseen reports whether the statement may take row locks its
// text does not show: a DAL call given a clause value whose effect is
// unknown, such as a locking clause.
func (s *Site) MayLockUnseen() bool { return s.mayLockUnseen }

// ViaPrecedes reports whether s and t are statements that one call of a
// helper runs, and s may run before t in it.
func (s *Site) ViaPrecedes(t *Site) bool {
	if s != t && s.Via != nil && s.Via == t.Via && s.viaIndex == t.viaIndex && s.bean > 0 && t.bean > 0 {
		return s.bean < t.bean // a per-bean helper takes its beans in order
	}
	return s != t && s.Via != nil && s.Via == t.Via && t.viaAfter(s)
}

func (s *Site) viaAfter(a *Site) bool {
	for _, i := range s.viaBefore {
		if i == a.viaIndex {
			return true
		}
	}
	return false
}

// NotFoundChecked reports whether a helper that runs this read tests it
// for a missing row.
func (s *Site) NotFoundChecked() bool { return s.Via != nil && s.notFoundChecked }

// JudgedAtCallers reports whether the statement's row lock is what
// every caller of the function passes with its handle: the callers see
// the statement with that lock and judge it; the function knows it only
// to tell that its own reads lock (lost-update).
func (s *Site) JudgedAtCallers() bool { return s.lockByCallers }

// ArgRef is the variable bound to placeholder i of the statement, when
// the argument is a variable (or a field of one).
func (s *Site) ArgRef(i int) Ref {
	if f, ok := s.fieldArgs[i]; ok && s.info != nil {
		r := s.pkg.keyRef(s.info, f.value)
		if r.Valid() {
			r.Path += f.path
		}
		return r
	}
	if i < 0 || s.info == nil {
		return Ref{}
	}
	if e, ok := s.spreadTail[i]; ok {
		return s.pkg.keyRef(s.info, e)
	}
	if s.namedFromOne() {
		// :name bound from a map or struct: the value under that name,
		// unknown when only the whole argument stands for it.
		e, path := s.ParamArg(s.info, i)
		if e == nil || e == s.Args[0] && path == "" {
			return Ref{}
		}
		r := s.pkg.keyRef(s.info, e)
		if r.Valid() {
			r.Path += path
		}
		return r
	}
	if i >= len(s.Args) || s.Args[i] == nil || s.Call != nil && s.Call.Ellipsis.IsValid() && !s.argsBound && i >= len(s.Args)-1 {
		return Ref{} // a spread slice binds every placeholder from here on
	}
	return s.pkg.keyRef(s.info, s.Args[i])
}

// ArgConst is the Go constant bound to placeholder i of the statement (a
// literal, a named constant, a constant expression), nil when the
// argument is none. It compares with other constants by value
// (SameConstant).
func (s *Site) ArgConst(i int) constant.Value {
	if s.info == nil || s.Call == nil {
		return nil
	}
	if _, ok := s.fieldArgs[i]; ok {
		return nil
	}
	if e, ok := s.spreadTail[i]; ok {
		return s.info.Types[e].Value
	}
	if s.Call.Ellipsis.IsValid() && !s.argsBound {
		// A spread slice: only a literal's own elements are bound one by
		// one (ParamArg).
		if len(s.Args) == 0 || leadingLiteral(s.info, s.Args[len(s.Args)-1]) == nil {
			return nil
		}
	}
	e, path := s.ParamArg(s.info, i)
	if e == nil || path != "" {
		return nil
	}
	return s.info.Types[e].Value
}

// SyncDrops says which indexes of an existing table that the bean does
// not declare an xorm Sync drops.
type SyncDrops int

const (
	// SyncDropsAll: Sync, Sync2, SyncWithOptions without Ignore options.
	SyncDropsAll SyncDrops = iota
	// SyncDropsUnique: IgnoreDropIndices (or IgnoreIndices) keeps only
	// the plain indexes.
	SyncDropsUnique
	// SyncDropsPlain: IgnoreConstrains keeps only the unique indexes.
	SyncDropsPlain
	// SyncDropsNone: both kinds kept.
	SyncDropsNone
	// SyncDropsUnknown: the options are not known here.
	SyncDropsUnknown
)
