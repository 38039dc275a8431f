package extract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// FuncFact summarizes what a function does with the database through its
// parameters, so that callers in other functions and packages see the SQL
// their helpers, repositories and transaction wrappers run. It is an
// analysis.Fact: small, gob-encodable, deterministic (no maps, no
// token.Pos).
type FuncFact struct {
	// Stmts are the statements the function runs through a handle it was
	// given: a parameter, or a field of its receiver or of a parameter.
	Stmts []FactStmt
	// Callbacks are the function-typed parameters it calls with a
	// transaction it began.
	Callbacks []FactCallback
	// Blocks says what the function (or a function it calls) waits on:
	// "time.Sleep", "an HTTP request", ...; empty when it does not block.
	Blocks string
	// Closes lists the parameters (-1: the receiver) whose transaction the
	// function commits or rolls back.
	Closes []int
	// EndsBeforeBlocking lists those of Closes whose transaction the
	// function ends before each of its waits, on every path to it
	// (`s.Rollback(); notifyFailure(u)`): its callers hold none of that
	// transaction's locks during the wait.
	EndsBeforeBlocking []int
	// Fields are the fields of the struct the function returns that hold
	// one of its parameters: New(db DBTX) *Queries { return &Queries{db: db} }.
	Fields []FactField
	// Returns is the SQL text the function returns as its first result,
	// with sqltext.Hole for what is chosen at run time:
	// func (s *Store) lockSQL() string { return "SELECT ... FOR UPDATE" }.
	// Empty when no text is known or its return statements disagree.
	Returns string
	// ReturnFields are the string fields of the query object the function
	// returns whose text is known: Query{SQL: "...", Args: args}.
	ReturnFields []FactText
	// ReturnHandles lists every value the function's first result can be,
	// when each is a parameter or a field below one: func (s *store) conn()
	// execer { if s.tx != nil { return s.tx }; return s.db } returns
	// {-1 .tx} or {-1 .db}. Empty when some return is anything else.
	ReturnHandles []FactRef
	// ReturnAlts are, for a call through an interface whose MySQL
	// implementations return different query objects, what each returns
	// (set only on facts merged from implementations): the statement a
	// caller runs is one of them, whichever implementation it is given.
	ReturnAlts []FactAlt
	// ReturnsZero says every return gives the zero query object or an
	// empty text (Query{}, nil): the function has no statement for its
	// caller to run. An implementation of an interface that does so (a
	// cursor adapter for a topic without cursors) leaves the statement to
	// the implementations that have one.
	ReturnsZero bool
	// NilWhenMissing says the function tests its read for a missing row
	// and then returns nil (`if errors.Is(err, sql.ErrNoRows) { return
	// nil, nil }`): a caller that compares the result with nil is testing
	// for the missing row.
	NilWhenMissing bool
	// ReturnsTx says the function's first result is a transaction it
	// began and left open, or a value built around one: a DAL's
	// Begin() Tx. Its callers begin a transaction where they call it.
	ReturnsTx bool
	// TxResults are the results (Param: the result's index) that are, or
	// hold at Path, a transaction the function began and left open, or
	// ent's client of it, when it returns it in more than one value
	// (txresults.go): its callers begin one transaction where they call
	// it, which every variable assigned from these results holds.
	TxResults []FactRef
	// JoinsCarried says the function with TxResults joins the
	// transaction that a context it is given carries (one it returned
	// to an earlier caller) instead of beginning one.
	JoinsCarried bool
	// Applies is set for a function that applies the clause values of a
	// slice parameter to a GORM builder (clauses.go).
	Applies *FactApplies
	// Through are the function's calls through methods of project
	// interfaces that no implementation visible to its package answers
	// (through.go): a caller that sees an implementation completes the
	// fact with what it does.
	Through []FactThrough
	// RowsIn says the function's first result holds the rows of one of
	// its reads whose WHERE has a top-level `col IN (?)` bound whole to a
	// parameter it never assigns: each returned row's col is an element of
	// what the caller passed there (GetByIDs(ids) returning the rows WHERE
	// id IN ids). Read by callers in the package only: alone it makes no
	// fact worth exporting (Empty), since a fact changes how other
	// packages treat a call (Call.Known).
	RowsIn []FactRowsIn
}

// FactRowsIn is one `col IN (?)` of RowsIn: the parameter and the column.
type FactRowsIn struct {
	Param  int
	Column string
}

// FactAlt is what one implementation of an interface method returns.
type FactAlt struct {
	Impl   string // "MySQLQueue.PollQuery"
	Fields []FactText
}

// FactText is the text a field of a returned struct holds.
type FactText struct {
	Path string // ".SQL"
	Text string
}

// FactRef is a parameter (-1: the receiver) and a field path below it, or
// (Param ProducedHandle) a handle the function obtains itself, of a known
// kind: the pool a reconnecting handle keeps in an atomic pointer.
type FactRef struct {
	Param int
	Path  string
	Kind  HandleKind // for ProducedHandle
	Type  string     // for ProducedHandle, as written in messages
}

// ProducedHandle is FactRef.Param for a handle that comes from no
// parameter: the function loads or opens it, and only its kind is known.
const ProducedHandle = -3

// FactStmt is one statement run through a parameter.
type FactStmt struct {
	// Param is the parameter the handle comes from: -1 for the receiver,
	// OwnHandle for a transaction the function begins itself.
	Param int
	Path  string // field path below the parameter: "" or ".db"
	// Alt are the other values the handle may be, when the callee runs
	// the statement through a method result that is one of several
	// (s.conn().ExecContext): the caller joins their kinds with Param's.
	Alt  []FactRef
	Text string // the SQL text, as recovered in the callee
	// Holes says what fills each sqltext.Hole of Text, as the callee
	// names it (Site.Holes).
	Holes []string
	// Kind is the handle kind as the callee sees it; HandleUnknown means
	// the callee could not tell (an interface), so per-statement rules
	// were silent there and apply at the caller.
	Kind HandleKind
	// Args maps each argument bound to the statement to the callee's
	// parameter it comes from, or -2 when it is something else.
	Args []int
	// ArgPaths are, argument by argument, the field path below the
	// parameter (arg.ID of sqlc's generated params structs), when one is
	// bound; empty when no argument is a field.
	ArgPaths []string
	// ByPlaceholder says Args and ArgPaths are one per placeholder: the
	// callee binds named placeholders from one map or struct value
	// (:id from map[string]any{"id": m.ID}).
	ByPlaceholder bool
	// SQLFromParam says the callee sends the SQL its caller passes as
	// parameter SQLParam (Text is empty then): the function is a SQL sink,
	// a wrapper such as (*Store).Exec(ctx, query, args...).
	SQLFromParam bool
	SQLParam     int
	// HoleParams are, for each run-time hole of Text, the parameter that
	// fills it, or -1: DropTable(name) runs "DROP TABLE " + name, which its
	// callers complete and judge (callers.go). Empty when no parameter
	// fills one.
	HoleParams []int
	// Migrate is set for a GORM schema change whose models the caller
	// passes as parameter ModelParam (a wrapper's AutoMigrate(values...)):
	// the method that makes it and the DDL it stands for. Text is empty.
	Migrate    string
	MigrateOp  sqltext.DDLOp
	ModelParam int
	// SyncDrops is an xorm Sync's Site.SyncDrops.
	SyncDrops SyncDrops
	// Guards are the values of boolean parameters the statement needs
	// to run (guards.go).
	Guards []FactGuard
	// BeanEach is set for an xorm finisher (Method) given each element of
	// the variadic parameter BeanParam as its bean (xorm_beans.go); Text
	// is empty and each caller writes the statement of each bean.
	BeanEach bool
	Method   string
	// OwnRow is set for a statement whose key is that of a row the
	// function (or a callee) inserted before it: its callers hold that
	// row already, no one else can (Site.OwnRow).
	OwnRow bool
	// FillsParam is set for an INSERT that fills the struct its caller
	// passes as parameter BeanParam with the generated key (xorm's
	// Insert(bean), GORM's Create(&x)): the caller holds the new row by
	// that struct's key field (InsertedRows).
	FillsParam bool
	BeanParam  int
	// IntoResult is set for a plain read whose rows the function returns
	// as its first result (a getter): a caller's variable that takes that
	// result holds what the statement read (resultrows.go).
	IntoResult bool
	// WritesRow is set for an UPDATE that writes, whole, the struct its
	// caller passes as parameter RowParam (-1: the receiver), through
	// RowFramework (xorm's Update(bean), GORM's Save(&x)): the caller's
	// argument is the value written (Site.RowValue).
	WritesRow    bool
	RowParam     int
	RowFramework Framework
	// RowBumped are, for WritesRow, the columns the function changes
	// from their own value before it writes them (t.NumRepos++).
	RowBumped []string
	// Clauses is set when the statement's table and conditions come from
	// clause values the caller passes (clauses.go).
	Clauses *FactClauses
	// UnseenLocks says the statement may lock rows its text does not
	// show (Site.MayLockUnseen).
	UnseenLocks bool
	// OverMap says the function runs the statement once per entry of a
	// Go map, keyed by the entry: in an order that changes from run to
	// run, whoever calls it.
	OverMap bool
	// InLoop says the function runs the statement once per element of a
	// slice it built itself, each turn with that element's values (a
	// builder or predicate made by a literal given to lo.Map, run in a
	// loop; lo.go): in the order of the slice, which the caller's
	// arguments give.
	InLoop bool
	// LoopParams are, for InLoop, the parameters the slice is made from
	// (its order comes from them); a caller that passes constants there
	// fixes the order in its code.
	LoopParams []int
	// Before lists the statements of the same fact, earlier in the
	// function, that may run before this one in one call of it: a
	// caller that sees both at one call knows their order.
	Before []int
	// NotFoundChecked says the function that runs this read tests it
	// for a missing row (sql.ErrNoRows, GORM's RecordNotFound): a
	// caller judging a later INSERT knows the read was such a check.
	NotFoundChecked bool
	// HandleLock says the statement is a SELECT with no row lock of its
	// own that takes the lock its handle carries (GORM v1's query option,
	// a v2 handle with a locking clause): Text is without it, and each
	// caller adds the lock of the handle it passes.
	HandleLock bool
	// Spawned says the statement runs in a goroutine the function
	// starts: beside its callers too, not inside what they hold open.
	Spawned bool
	// At is "file.go:line" of the statement in the callee, for messages.
	At string
	// Func is the name of the function that runs it, for messages.
	Func string
	// Global names the package-level variable, for GlobalHandle: its
	// package's path and its name.
	Global *GlobalVar
}

// GlobalVar names a package-level variable across packages.
type GlobalVar struct {
	Pkg, Name string
}

// OwnHandle is FactStmt.Param for a statement the function runs on a
// transaction of its own.
const OwnHandle = -2

// GlobalHandle is FactStmt.Param for a statement the function runs on a
// package-level variable (FactStmt.Global), the pool most services keep
// in one: its callers use the same variable.
const GlobalHandle = -4

// FactCallback says the function calls its parameter Param, a function,
// passing the transaction it began as that function's argument TxArg.
type FactCallback struct {
	Param, TxArg int
	// TxPath is the field of the argument that holds the transaction when
	// the argument wraps it (db.New(tx) holds it in .db), else "".
	TxPath    string
	Isolation uint8
	// Lock is the row lock the handle passed carries ("FOR UPDATE"):
	// every read the callback runs through it locks.
	Lock string
}

// FactField says the returned struct's field Path holds parameter Param.
type FactField struct {
	Path  string
	Param int
}

// AFact marks FuncFact as an analysis.Fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	return fmt.Sprintf("stmts=%d callbacks=%v blocks=%q closes=%v fields=%v returns=%q handles=%v", len(f.Stmts), f.Callbacks, f.Blocks, f.Closes, f.Fields, f.Returns, f.ReturnHandles)
}

// Empty reports whether the fact says nothing worth exporting.
func (f *FuncFact) Empty() bool {
	return len(f.Stmts) == 0 && len(f.Callbacks) == 0 && f.Blocks == "" && len(f.Closes) == 0 && len(f.Fields) == 0 &&
		f.Returns == "" && len(f.ReturnFields) == 0 && len(f.ReturnHandles) == 0 && !f.NilWhenMissing && !f.ReturnsTx && len(f.TxResults) == 0 && f.Applies == nil && !f.ReturnsZero && len(f.ReturnAlts) == 0 &&
		len(f.Through) == 0
}

// maxFactStmts bounds the statements a fact carries: a helper that calls
// helpers that call helpers must not grow facts without end.
const maxFactStmts = 32

// FactOf summarizes the declared function f (the first Func Decl returns
// for a declaration). fset positions statements for messages.
//
// precedes tells whether the code at one position of f may run before
// the code at another; nil means source order.
func FactOf(f *Func, pos func(ast.Node) (file string, line int), precedes func(a, b token.Pos) bool) *FuncFact {
	decl, ok := f.Node.(*ast.FuncDecl)
	if !ok {
		return nil
	}
	params := paramIndex(f.info, decl)
	fact := &FuncFact{}
	var exported []*Site
	defer func() {
		exported = fact.trim(exported)
		fact.order(exported, precedes)
	}()
	memo := memoGetter(f.info, decl)
	inserts := f.insertedRowsOf()
	for _, s := range append(append([]*Site(nil), f.Sites...), f.quietMigrate...) {
		if s.Migrate {
			if fs, ok := migrateFact(f, params, s, decl, pos); ok && !memo {
				exported = append(exported, s)
				fact.Stmts = append(fact.Stmts, fs)
			}
			continue
		}
		if memo {
			// It sends them only while it fills its cache: on its
			// first call, not on the calls its callers make later.
			continue
		}
		sqlParam, fromParam := -1, false
		if s.Text == "" && !s.beanEach {
			// A wrapper whose SQL is its own string parameter sends what
			// its callers choose.
			if sqlParam, fromParam = stringParam(f.info, params, s.TextExpr); !fromParam {
				continue
			}
		}
		p, ok := params[s.Handle.Ref.Root]
		path := s.Handle.Ref.Path
		var alt []FactRef
		if !ok && len(s.Handle.Origins) > 0 {
			// A handle that is one of several fields or parameters
			// (s.conn()): the caller resolves each.
			refs, all := factRefs(params, s.Handle.Origins)
			if ok = all; ok {
				p, path, alt = refs[0].Param, refs[0].Path, refs[1:]
			}
		}
		if !ok && fromParam {
			continue
		}
		var global *GlobalVar
		if !ok {
			if g, isGlobal := packageVar(s.Handle.Ref.Root); isGlobal && poolVar(g, s.Handle) {
				// A statement on the package's pool variable: the
				// callers hold the same variable, and may hold a
				// transaction begun from it when they call.
				p, global = GlobalHandle, &GlobalVar{Pkg: g.Pkg().Path(), Name: g.Name()}
			} else if s.Handle.Kind != HandleTx || s.SQL == nil || s.SQL.Lock == sqltext.LockNone {
				// A locking read in a transaction of the function's own is
				// exported too, so that a caller that runs the function in
				// a loop is seen to poll.
				continue
			} else {
				p = OwnHandle
			}
		}
		fs := FactStmt{Param: p, Path: path, Alt: alt, Text: s.Text, Holes: s.Holes, Kind: s.Handle.Kind, Func: funcName(decl), SQLFromParam: fromParam, SQLParam: sqlParam, HoleParams: s.paramHoles, Global: global}
		fs.Guards = append(paramGuards(f.info, decl, params, s.Pos), s.guards...)
		fs.BeanParam, fs.FillsParam = f.insertedParam(s, params)
		fs.IntoResult = f.intoResult(s, decl)
		fs.RowParam, fs.RowFramework, fs.WritesRow = f.rowParam(s, params)
		if fs.WritesRow {
			fs.RowBumped = f.bumpedColumns(s, decl.Body.Pos())
		}
		fs.OwnRow = s.ownRow || f.keyOfOwnInsert(s, inserts)
		if s.beanEach {
			fs.BeanEach, fs.BeanParam, fs.Method = true, s.beanParam, s.Method
		}
		if s.Via == nil {
			fs.Clauses = s.clausesFact(f, params)
		}
		fs.UnseenLocks = s.mayLockUnseen
		fs.Spawned = f.RunsBeside(s)
		fs.OverMap = s.keyedByMapEntry(f.info)
		fs.InLoop = !fs.OverMap && s.perElement()
		if fs.InLoop {
			fs.LoopParams = s.loopParams(f.info, decl, params)
		} else if !fs.OverMap && s.calleeLoop != nil {
			// A callee's per-element loop, over a slice this function
			// passes: a loop at this function's callers as well, whose
			// order comes from the parameters the arguments use.
			fs.InLoop = true
			fs.LoopParams = argParams(f.info, s.Via.Expr, s.calleeLoop, params)
		}
		if s.lockFromParam && p >= 0 && path == "" && len(alt) == 0 {
			fs.Text, fs.HandleLock = s.unlockedText, true
		}
		if s.Via != nil {
			fs.At, fs.Func, fs.Kind = s.ViaAt, s.ViaFunc, s.ViaKind
			if fs.Kind == HandleUnknown && !fromParam && !s.TextFromCaller {
				// The callee could not tell its handle (sqlc's DBTX), this
				// function can, and judged the statement: its callers
				// must not judge it again.
				fs.Kind = s.Handle.Kind
			}
		} else {
			file, line := pos(s.Call)
			fs.At = fmt.Sprintf("%s:%d", filepath.Base(file), line)
		}
		bound := s.Args
		var subpaths []string
		if s.namedFromOne() {
			// Named placeholders bound from one map or struct: record
			// the value of each, in placeholder order.
			bound, subpaths = make([]ast.Expr, len(s.SQL.ParamNames)), make([]string, len(s.SQL.ParamNames))
			for i := range bound {
				bound[i], subpaths[i] = s.ParamArg(f.info, i)
			}
			fs.ByPlaceholder = true
		} else if len(s.spreadTail) > 0 && s.SQL != nil {
			// A slice built up and spread: the values known, one per
			// placeholder, the others unknown to the callers too.
			bound = make([]ast.Expr, s.SQL.Params)
			for i := range bound {
				bound[i] = s.spreadTail[i]
			}
			fs.ByPlaceholder = true
		}
		paths := make([]string, len(bound))
		fielded := false
		for i, a := range bound {
			ap := -2
			below := ""
			if fa, ok := s.fieldArgs[i]; ok && a == nil && subpaths == nil {
				// A field of a value this function passed a callee
				// (repo.ID of createRepository(e, repo)): the same field
				// of what its own caller passes, when that value is a
				// parameter.
				a, below = fa.value, fa.path
			}
			if r := f.defs.pkg.keyRef(f.info, a); a != nil && r.Valid() {
				if p, ok := params[r.Root]; ok {
					ap, paths[i] = p, r.Path+below
					if subpaths != nil {
						paths[i] += subpaths[i]
					}
					fielded = fielded || paths[i] != ""
				}
			}
			fs.Args = append(fs.Args, ap)
		}
		if fielded {
			fs.ArgPaths = paths
		}
		if s.Via != nil {
			fs.NotFoundChecked = s.notFoundChecked
		} else if s.SQL != nil && s.SQL.Kind == sqltext.KindSelect {
			fs.NotFoundChecked = f.ChecksNotFound
		}
		fact.Stmts = append(fact.Stmts, fs)
		exported = append(exported, s)
	}
	for _, e := range f.Events {
		if e.Kind == TxBegin {
			continue
		}
		// A transaction in a field of the receiver or of a parameter
		// (a DAL's Tx wrapping *sql.Tx: t.tx.Commit()) ends with the
		// value that wraps it.
		if p, ok := params[e.Tx.Root]; ok && (e.Tx.Path == "" || !e.Deferred) {
			fact.Closes = appendUnique(fact.Closes, p)
		}
	}
	if len(f.Blocking) > 0 {
		fact.Blocks = f.Blocking[0].What
		fact.EndsBeforeBlocking = f.endsBeforeBlocking(params)
	}
	fact.Callbacks = callbacks(f, params)
	fact.Fields = returnedFields(f, decl, params)
	fact.Returns, fact.ReturnFields = returnedText(f, decl)
	fact.ReturnsZero = fact.Returns == "" && len(fact.ReturnFields) == 0 && returnsZero(f, decl)
	fact.ReturnHandles = returnedRefs(f, decl, params)
	fact.NilWhenMissing = f.ChecksNotFound && len(f.Sites) > 0 && returnsNil(decl)
	fact.ReturnsTx = returnsBegun(f, decl)
	if !fact.ReturnsTx {
		fact.TxResults = txResults(f, decl)
		fact.JoinsCarried = len(fact.TxResults) > 0 && f.joinsCarried(decl, fact.TxResults)
	}
	fact.Applies = appliesOf(f.info, decl, params)
	fact.Through = throughCalls(f, decl, params)
	fact.RowsIn = rowsIn(f, decl, params)
	sort.Ints(fact.Closes)
	return fact
}

// trim keeps at most maxFactStmts statements, in their order: first
// every one that may take a lock (a write, a locking read, DDL, a schema
// change from models, a text the caller chooses), then plain reads while
// there is room. A start-up function that probes information_schema
// before each change must not push its changes out of its fact. sites
// are the statements' sites, in the order of fact.Stmts; trim returns
// those kept.
func (fact *FuncFact) trim(sites []*Site) []*Site {
	if len(fact.Stmts) <= maxFactStmts {
		return sites
	}
	plainRead := func(i int) bool {
		s, fs := sites[i], fact.Stmts[i]
		return !s.Migrate && s.SQL != nil && s.SQL.Kind == sqltext.KindSelect && s.SQL.Lock == sqltext.LockNone &&
			!fs.HandleLock && !fs.UnseenLocks
	}
	room := maxFactStmts
	for i := range sites {
		if !plainRead(i) {
			room--
		}
	}
	var stmts []FactStmt
	var kept []*Site
	for i, s := range sites {
		if plainRead(i) {
			if room <= 0 {
				continue
			}
			room--
		}
		if len(stmts) == maxFactStmts {
			break
		}
		stmts = append(stmts, fact.Stmts[i])
		kept = append(kept, s)
	}
	fact.Stmts = stmts
	return kept
}

// order fills each statement's Before from the sites they came from.
func (fact *FuncFact) order(sites []*Site, precedes func(a, b token.Pos) bool) {
	for j, b := range sites {
		for i, a := range sites[:j] {
			var before bool
			switch {
			case a.Via != nil && a.Via == b.Via:
				before = b.viaAfter(a) // one call: the callee knows
			case precedes != nil:
				before = precedes(a.Pos, b.Pos)
			default:
				before = a.Pos < b.Pos
			}
			if before {
				fact.Stmts[j].Before = append(fact.Stmts[j].Before, i)
			}
		}
	}
}

// stringParam tells whether e is one of the function's string
// parameters (or query-builder parameters, whose SQL the caller builds),
// and which.
func stringParam(info *types.Info, params map[types.Object]int, e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1, false
	}
	obj := info.Uses[id]
	p, ok := params[obj]
	if !ok || p < 0 {
		return -1, false
	}
	if sqBuilderType(obj.Type()) {
		return p, true // a query builder its callers build
	}
	if b, ok := obj.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return -1, false
	}
	return p, true
}

func appendUnique(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// Name names the function for messages: "Repo.Lock", "transfer", or "a
// function literal".
func (f *Func) Name() string {
	if d, ok := f.Node.(*ast.FuncDecl); ok {
		return funcName(d)
	}
	return "the function literal in " + f.declName
}

func funcName(decl *ast.FuncDecl) string {
	if decl.Recv != nil && len(decl.Recv.List) == 1 {
		t := decl.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if ix, ok := t.(*ast.IndexExpr); ok {
			t = ix.X
		}
		if id, ok := t.(*ast.Ident); ok {
			return id.Name + "." + decl.Name.Name
		}
	}
	return decl.Name.Name
}

// paramIndex numbers a declaration's receiver (-1) and parameters.
func paramIndex(info *types.Info, decl *ast.FuncDecl) map[types.Object]int {
	out := map[types.Object]int{}
	if decl.Recv != nil {
		for _, f := range decl.Recv.List {
			for _, n := range f.Names {
				if obj := info.ObjectOf(n); obj != nil {
					out[obj] = -1
				}
			}
		}
	}
	i := 0
	for _, f := range decl.Type.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, n := range f.Names {
			if obj := info.ObjectOf(n); obj != nil {
				out[obj] = i
			}
			i++
		}
	}
	return out
}

// callbacks finds calls of function-typed parameters that pass a
// transaction the function began: func WithTx(ctx, db, fn func(*sql.Tx) error).
func callbacks(f *Func, params map[types.Object]int) []FactCallback {
	began := map[types.Object]*TxEvent{}
	for _, e := range f.Events {
		if e.Kind == TxBegin && e.Tx.Valid() && e.Tx.Path == "" {
			began[e.Tx.Root] = e
		}
	}
	for obj, e := range libraryTxParams(f) {
		if _, ok := began[obj]; !ok {
			began[obj] = e
		}
	}
	for _, lit := range f.lits {
		// A literal passed to another wrapper receives the transaction
		// and hands it on: func (s *Store) locked(fn func(*gorm.DB) error)
		// error { return s.inTx(func(tx *gorm.DB) error { return fn(tx) }) }.
		for _, e := range lit.Events {
			if e.Kind == TxBegin && e.Callback && e.Tx.Valid() && e.Tx.Path == "" {
				if _, ok := began[e.Tx.Root]; !ok {
					began[e.Tx.Root] = e
				}
			}
		}
	}
	out := forwardedCallbacks(f, params)
	if len(began) == 0 {
		return out
	}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return true
		}
		p, ok := params[f.info.ObjectOf(id)]
		if !ok {
			return true
		}
		for i, a := range call.Args {
			if e, path := wrappedTx(f, began, a); e != nil {
				cb := FactCallback{Param: p, TxArg: i, TxPath: path, Isolation: uint8(e.Isolation)}
				cb.Lock = f.enclosing(call).argLock(a).lock
				out = append(out, cb)
			}
		}
		return true
	})
	return out
}

// enclosing is the function, the declaration f or one of its literals,
// whose body holds n directly.
func (f *Func) enclosing(n ast.Node) *Func {
	best := f
	for _, lit := range f.lits {
		if lit.Node.Pos() <= n.Pos() && n.End() <= lit.Node.End() && lit.Node.Pos() >= best.Node.Pos() {
			best = lit
		}
	}
	return best
}

// libraryTxParams finds the function literals the function passes to a
// library's transaction runner (GORM's db.Transaction, xorm's
// engine.Transaction, goqu's WithTx, bun's RunInTx, whose callback is its
// third argument and takes the transaction second), whose parameter is
// the transaction the library began: `return fn(tx)` inside one hands that transaction on.
func libraryTxParams(f *Func) map[types.Object]*TxEvent {
	out := map[types.Object]*TxEvent{}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		fn, _ := calleeFunc(f.info, call).(*types.Func)
		arg, param := 0, 0
		if isBunRunInTx(fn) {
			arg, param = bunRunInTxArg, bunTxParam // RunInTx(ctx, opts, func(ctx, tx))
		}
		if arg >= len(call.Args) {
			return true
		}
		lit, ok := ast.Unparen(call.Args[arg]).(*ast.FuncLit)
		if !ok {
			return true
		}
		gop, _, _, isGORM := gormMethod(fn)
		xop, isXORM := xormMethod(fn)
		if !(isGORM && gop == gormTxFunc || isXORM && xop == xormTxFunc || isBunRunInTx(fn) || isGoquWithTx(fn)) {
			return true
		}
		if obj := paramObject(f.info, lit.Type, param); obj != nil {
			out[obj] = &TxEvent{Kind: TxBegin, Call: call, Tx: Ref{Root: obj}, Callback: true}
		}
		return true
	})
	return out
}

// wrappedTx returns the Begin of the transaction a passes: the
// transaction itself, or a wrapper built around it (&txImpl{tx: tx},
// newTx(tx), sqlc's db.New(tx)) that a project's own Tx interface hides it
// in; and the field path of the transaction in the wrapper ("" for the
// transaction itself).
func wrappedTx(f *Func, began map[types.Object]*TxEvent, a ast.Expr) (*TxEvent, string) {
	if r := refOf(f.info, a); r.Valid() && r.Path == "" {
		if e, ok := began[r.Root]; ok {
			return e, ""
		}
	}
	e := ast.Unparen(a)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	var parts []ast.Expr
	var paths []string
	switch v := e.(type) {
	case *ast.CompositeLit:
		st, _ := types.Unalias(f.info.TypeOf(v)).Underlying().(*types.Struct)
		for i, elt := range v.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				parts = append(parts, kv.Value)
				key, _ := kv.Key.(*ast.Ident)
				if key != nil {
					paths = append(paths, "."+key.Name)
				} else {
					paths = append(paths, "")
				}
			} else {
				parts = append(parts, elt)
				if st != nil && i < st.NumFields() {
					paths = append(paths, "."+st.Field(i).Name())
				} else {
					paths = append(paths, "")
				}
			}
		}
	case *ast.CallExpr:
		fn, ok := calleeFunc(f.info, v).(*types.Func)
		if !ok || f.lookup == nil {
			return nil, ""
		}
		fact := f.lookup(fn)
		if fact == nil {
			return nil, ""
		}
		for _, ff := range fact.Fields {
			if a := argExpr(v, ff.Param); a != nil && ff.Param != ZeroField {
				parts = append(parts, a)
				paths = append(paths, ff.Path)
			}
		}
	}
	for i, p := range parts {
		if r := refOf(f.info, p); r.Valid() && r.Path == "" {
			if e, ok := began[r.Root]; ok {
				return e, paths[i]
			}
		}
	}
	return nil, ""
}

// forwardedCallbacks finds the function's own func parameters that it
// passes on to a callee whose fact says it calls them with a
// transaction: func (d *DB) WithTx(ctx, fn func(*sql.Tx) error) error {
// return withTx(ctx, d.db, fn) }.
func forwardedCallbacks(f *Func, params map[types.Object]int) []FactCallback {
	if f.lookup == nil {
		return nil
	}
	var out []FactCallback
	for _, c := range f.Calls {
		if c.Defer {
			continue
		}
		fact := f.lookup(c.Fn)
		if fact == nil {
			continue
		}
		for _, cb := range fact.Callbacks {
			a := argExpr(c.Expr, cb.Param)
			id, ok := ast.Unparen(a).(*ast.Ident)
			if a == nil || !ok {
				continue
			}
			if p, ok := params[f.info.Uses[id]]; ok && p >= 0 {
				out = append(out, FactCallback{Param: p, TxArg: cb.TxArg, TxPath: cb.TxPath, Isolation: cb.Isolation, Lock: cb.Lock})
			}
		}
	}
	return out
}

// ZeroField is FactField.Param for a handle field that the struct the
// function returns leaves unset: it is nil, and runs no SQL.
const ZeroField = -3

// returnedFields finds which fields of the struct the function returns
// hold which parameters: `return &T{f: param}` (or T{...}), and a copy
// with fields set, `c := *r; c.tx = tx; return &c`. When the function has
// a single return of a keyed literal, its handle fields left out are
// recorded as ZeroField: NewStore(db) leaves the store's tx nil.
func returnedFields(f *Func, decl *ast.FuncDecl, params map[types.Object]int) []FactField {
	var out []FactField
	var only *ast.CompositeLit
	returns := 0
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return true
		}
		e := ast.Unparen(ret.Results[0])
		if id, ok := e.(*ast.Ident); ok && id.Name == "nil" {
			return true
		}
		returns++
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = ast.Unparen(u.X)
		}
		if id, ok := e.(*ast.Ident); ok {
			// mdb := &db{tx: tx}; mdb.x = ...; return mdb
			if obj, ok := f.info.Uses[id].(*types.Var); ok {
				out = append(out, assignedFields(f, decl.Body, obj, params)...)
			}
			if def := f.defs.value(f.info, id); def != nil {
				e = ast.Unparen(def)
				if u, ok := e.(*ast.UnaryExpr); ok {
					e = ast.Unparen(u.X)
				}
			}
		}
		if v, ok := e.(*ast.CompositeLit); ok {
			only = v
			out = append(out, litFields(f, "", v, params)...)
		}
		return true
	})
	if returns == 1 && only != nil {
		out = append(out, zeroFields(f.info, only, f.assigned)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// maxReturnText bounds the text a fact carries.
const maxReturnText = 4096

// returnedText recovers the SQL text the function returns: its first
// result when that is a string, or the string fields of the struct it
// returns. Every return statement must agree, except those that return
// the zero value next to an error (`return "", err`, `return Query{}, err`),
// which callers do not run.
func returnedText(f *Func, decl *ast.FuncDecl) (string, []FactText) {
	sig, ok := f.info.Defs[decl.Name].Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || sig.Results().At(0).Name() != "" && hasBareReturn(decl) {
		return "", nil
	}
	res := sig.Results().At(0).Type()
	isString := false
	if b, ok := res.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		isString = true
	}
	var st *types.Struct
	if p, ok := res.Underlying().(*types.Pointer); ok {
		st, _ = p.Elem().Underlying().(*types.Struct)
	} else {
		st, _ = res.Underlying().(*types.Struct)
	}
	if !isString && st == nil {
		return "", nil
	}
	var rets []ast.Expr
	// What a branch for another server's driver returns is that
	// server's text (dialectbranch.go).
	foreign := foreignBranches(f.info, decl.Body)
	eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		switch {
		case inForeignBranch(foreign, n.Pos()):
		case len(n.Results) == sig.Results().Len():
			rets = append(rets, n.Results[0])
		default:
			rets = append(rets, nil)
		}
		return true
	})
	if isString {
		text, seen, hooks := "", false, false
		for _, r := range rets {
			if zeroWithError(f.info, r, sig) {
				continue
			}
			if hookCall(f.info, r) {
				// A name an optional hook overrides: the default's
				// text is kept, its run-time part a hole that only
				// schema matching fills (the hook names a table of the
				// same definition, created by the same code).
				hooks = true
				continue
			}
			t, ok := textOf(f.info, f.defs, r)
			if !ok || seen && t != text || len(t) > maxReturnText {
				return "", nil
			}
			text, seen = t, true
		}
		if hooks && !strings.Contains(text, sqltext.Hole) {
			return "", nil // the default is a whole name: no placeholder
		}
		return text, nil
	}
	// A query object: the fields every return statement sets to the same
	// text.
	var fields []FactText
	for i := 0; i < st.NumFields(); i++ {
		fld := st.Field(i)
		if b, ok := fld.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			continue
		}
		text, seen := "", false
		for _, r := range rets {
			if zeroWithError(f.info, r, sig) {
				continue
			}
			t, ok := returnedField(f, r, fld)
			if !ok || seen && t != text || len(t) > maxReturnText {
				seen, text = false, ""
				break
			}
			text, seen = t, true
		}
		if seen {
			fields = append(fields, FactText{Path: "." + fld.Name(), Text: text})
		}
	}
	return "", fields
}

// returnedField is the text of field fld of the struct value r, a
// literal or a variable holding one.
func returnedField(f *Func, r ast.Expr, fld *types.Var) (string, bool) {
	x := ast.Unparen(r)
	if v := f.defs.value(f.info, x); v != nil {
		x = ast.Unparen(v)
	}
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	v := literalField(f.info, lit, fld)
	if v == nil {
		return "", false
	}
	return textOf(f.info, f.defs, v)
}

// zeroWithError reports whether the return value r is a zero value ("",
// T{}, nil) returned next to an error, or a missing result.
func zeroWithError(info *types.Info, r ast.Expr, sig *types.Signature) bool {
	if r == nil {
		return true
	}
	if sig.Results().Len() < 2 {
		return false
	}
	switch x := ast.Unparen(r).(type) {
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.Ident:
		if x.Name == "nil" {
			return true
		}
	}
	if tv := info.Types[r]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value) == ""
	}
	return false
}

// hookCall reports whether r calls a function-typed struct field: an
// optional override (TableName func(topic string) string) set by the
// package's users.
func hookCall(info *types.Info, r ast.Expr) bool {
	call, ok := ast.Unparen(r).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return false
	}
	_, isFunc := s.Type().Underlying().(*types.Signature)
	return isFunc
}

// returnsZero reports whether every return of decl gives the zero value
// of its first result, a struct or a string: Query{}, "".
func returnsZero(f *Func, decl *ast.FuncDecl) bool {
	sig, ok := f.info.Defs[decl.Name].Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	switch u := sig.Results().At(0).Type().Underlying().(type) {
	case *types.Struct:
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return false
		}
	default:
		return false
	}
	seen := false
	zero := eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		seen = true
		if len(n.Results) != sig.Results().Len() {
			return false
		}
		if x, ok := ast.Unparen(n.Results[0]).(*ast.CompositeLit); ok {
			return len(x.Elts) == 0
		}
		tv := f.info.Types[n.Results[0]]
		return tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
	})
	return seen && zero
}

// hasBareReturn reports whether decl returns its named results with a
// bare return statement.
func hasBareReturn(decl *ast.FuncDecl) bool {
	return !eachReturn(decl.Body, func(n *ast.ReturnStmt) bool { return len(n.Results) > 0 })
}

// TextFact is the SQL text an exported package-level variable holds for
// the life of the program (`var LockJobSQL = "SELECT ... FOR UPDATE"`,
// never assigned by its package), so that other packages that run it
// see the text. It is an analysis.Fact.
type TextFact struct {
	Text string
}

// AFact marks TextFact as an analysis.Fact.
func (*TextFact) AFact() {}

func (f *TextFact) String() string { return fmt.Sprintf("text=%q", f.Text) }

// assignedFields finds `v.f = param` in body: the fields of v that hold
// parameters when v is returned.
func assignedFields(f *Func, body *ast.BlockStmt, v *types.Var, params map[types.Object]int) []FactField {
	var out []FactField
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			lr := refOf(f.info, l)
			if lr.Root != v || lr.Path == "" || strings.Count(lr.Path, ".") != 1 {
				continue
			}
			if r := refOf(f.info, as.Rhs[i]); r.Valid() && r.Path == "" {
				if p, ok := params[r.Root]; ok {
					out = append(out, FactField{Path: lr.Path, Param: p})
				}
			}
		}
		return true
	})
	return out
}

// zeroFields lists the handle fields a keyed struct literal leaves unset
// and nothing sets later: unexported, and assigned nowhere in the package
// (a method that begins a transaction into s.tx would make it non-nil).
func zeroFields(info *types.Info, lit *ast.CompositeLit, assigned map[*types.Var]bool) []FactField {
	for _, elt := range lit.Elts {
		if _, ok := elt.(*ast.KeyValueExpr); !ok {
			return nil // positional: every field is set
		}
	}
	st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	keyed := map[string]bool{}
	for _, elt := range lit.Elts {
		if k, ok := elt.(*ast.KeyValueExpr).Key.(*ast.Ident); ok {
			keyed[k.Name] = true
		}
	}
	var out []FactField
	for i := 0; i < st.NumFields(); i++ {
		fld := st.Field(i)
		if keyed[fld.Name()] || fld.Embedded() || fld.Exported() || assigned == nil || assigned[fld] || !isHandleType(fld.Type()) {
			continue
		}
		out = append(out, FactField{Path: "." + fld.Name(), Param: ZeroField})
	}
	return out
}

// isHandleType reports whether t is a database handle, or an interface
// that may hold one.
func isHandleType(t types.Type) bool {
	if handleKindOf(t) != HandleUnknown {
		return true
	}
	if pkg, name := named(t); name == "DB" && (pkg == gormPath || pkg == pkgGORMv1) {
		return true
	}
	if isXORMEngine(t) || isXORMSession(t) {
		return true
	}
	iface, ok := t.Underlying().(*types.Interface)
	return ok && iface.NumMethods() > 0
}

// AssignedFields finds the struct fields the package assigns outside
// composite literals (s.tx = tx, s.tx, err = s.db.Begin()): a field left
// out of a constructor's literal is nil for good only when it is not one.
func AssignedFields(info *types.Info, files []*ast.File) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for _, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if copied(info, sel.X) {
						continue // c.tx = tx on a copy (c := *s): a new value, tracked by Fields
					}
					if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
						if v, ok := s.Obj().(*types.Var); ok {
							out[v] = true
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// SetAssignedFields tells the function which fields its package assigns
// (AssignedFields), for its fact's ZeroField entries.
func (f *Func) SetAssignedFields(assigned map[*types.Var]bool) { f.assigned = assigned }

// copied reports whether e is a variable holding a struct by value: a
// field set on it changes that copy only.
func copied(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	_, isStruct := v.Type().Underlying().(*types.Struct)
	return isStruct
}

// maxFieldDepth bounds the field paths of nested constructors.
const maxFieldDepth = 3

// nestedFields records the fields of a struct built by a constructor call
// in a field of the returned one: &Service{store: NewStore(db)} holds db
// at .store.db, and leaves .store.tx nil when NewStore does.
func nestedFields(f *Func, prefix string, e ast.Expr, params map[types.Object]int) []FactField {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || f.lookup == nil || strings.Count(prefix, ".") >= maxFieldDepth {
		return nil
	}
	fn, ok := calleeFunc(f.info, call).(*types.Func)
	if !ok {
		return nil
	}
	fact := f.lookup(fn)
	if fact == nil {
		return nil
	}
	var out []FactField
	for _, ff := range fact.Fields {
		if ff.Param == ZeroField {
			out = append(out, FactField{Path: prefix + ff.Path, Param: ZeroField})
			continue
		}
		if r := refOf(f.info, argExpr(call, ff.Param)); r.Valid() && r.Path == "" {
			if p, ok := params[r.Root]; ok {
				out = append(out, FactField{Path: prefix + ff.Path, Param: p})
			}
		}
	}
	return out
}

// litFields are the fields of the struct literal lit (below prefix) that
// hold a parameter: keyed or positional (&Dalgorm{db}), and in the
// literals and constructors nested in it (Clause{Data: Expr{q, args}}).
func litFields(f *Func, prefix string, lit *ast.CompositeLit, params map[types.Object]int) []FactField {
	if strings.Count(prefix, ".") >= maxFieldDepth {
		return nil
	}
	st, _ := typeOrNil(f.info.TypeOf(lit)).Underlying().(*types.Struct)
	var out []FactField
	for i, elt := range lit.Elts {
		var fld *types.Var
		value := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			fld, _ = f.info.Uses[key].(*types.Var)
			value = kv.Value
		} else if st != nil && i < st.NumFields() {
			fld = st.Field(i)
		}
		if fld == nil {
			continue
		}
		path := prefix + "." + fld.Name()
		if r := refOf(f.info, value); r.Valid() && r.Path == "" {
			if p, ok := params[r.Root]; ok {
				out = append(out, FactField{Path: path, Param: p})
			}
			continue
		}
		if f.assigned == nil || f.assigned[fld] {
			// Only a field nothing reassigns keeps what its
			// constructor put there.
			continue
		}
		inner := ast.Unparen(value)
		if u, ok := inner.(*ast.UnaryExpr); ok && u.Op == token.AND {
			inner = ast.Unparen(u.X)
		}
		if nested, ok := inner.(*ast.CompositeLit); ok {
			out = append(out, litFields(f, path, nested, params)...)
			continue
		}
		out = append(out, nestedFields(f, path, value, params)...)
	}
	return out
}

// typeOrNil is t, or the empty interface for a missing type.
func typeOrNil(t types.Type) types.Type {
	if t == nil {
		return types.NewInterfaceType(nil, nil)
	}
	return t
}

// returnsNil reports whether some return statement of decl (not of a
// function literal in it) returns nil as its first result and nothing but
// nil after it: `return nil, nil`.
func returnsNil(decl *ast.FuncDecl) bool {
	return !eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		for _, r := range n.Results {
			if id, ok := ast.Unparen(r).(*ast.Ident); !ok || id.Name != "nil" {
				return true
			}
		}
		return len(n.Results) == 0 // all nil: found
	})
}

// argParams lists the parameters (in params) that the arguments of call
// at positions ps (a variadic one: all the arguments it takes) mention.
func argParams(info *types.Info, call *ast.CallExpr, ps []int, params map[types.Object]int) []int {
	sig, _ := info.TypeOf(call.Fun).(*types.Signature)
	var out []int
	for _, p := range ps {
		if p >= len(call.Args) {
			continue
		}
		args := call.Args[p : p+1]
		if sig != nil && sig.Variadic() && p == sig.Params().Len()-1 {
			args = call.Args[p:]
		}
		for _, a := range args {
			ast.Inspect(a, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if i, ok := params[info.Uses[id]]; ok && !slices.Contains(out, i) {
						out = append(out, i)
					}
				}
				return true
			})
		}
	}
	slices.Sort(out)
	return out
}

// poolVar reports whether the package variable g, through which handle
// h runs, holds the service's pool: a pool handle, or a GORM handle or
// xorm engine, which services keep their pool in. A variable of the
// project's own interface may hold anything, a transaction kept open on
// purpose among others.
func poolVar(g *types.Var, h Handle) bool {
	if h.Ref.Path != "" {
		return h.Kind == HandlePool
	}
	_, gormDB := isGORMHandle(g.Type())
	return h.Kind == HandlePool || gormDB || isXORMEngine(g.Type())
}

// packageVar returns v as a package-level variable.
func packageVar(v types.Object) (*types.Var, bool) {
	g, ok := v.(*types.Var)
	if !ok || g.Pkg() == nil || g.Parent() != g.Pkg().Scope() {
		return nil, false
	}
	return g, true
}
