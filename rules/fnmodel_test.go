package rules

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// fnModel is a hand-built function for the rules that look at whole
// functions and transactions: its statements, transaction events and slow
// calls, one node each on a control-flow graph of its own, and what its
// code does with the values it reads. No Go source is involved: nodes are
// placeholders that only carry a position, and txflow.Build places the
// statements in their transactions on that graph.
//
// Steps run in the order they are added; ret adds a branch that returns
// from the current point, loopTo a branch back to an earlier step.
type fnModel struct {
	ext    *extract.Func
	blocks []*cfg.Block
	tail   *cfg.Block
	next   token.Pos
	vals   *modelValues
}

// model positions live in one file, so messages can name lines.
const modelBase = 1

func newFn() *fnModel {
	m := &fnModel{ext: &extract.Func{}, next: modelBase + 10, vals: &modelValues{
		flows: map[*extract.Site]*modelFlow{}, rowsChecked: map[*extract.Site]bool{}, zeroTested: map[*extract.Site]bool{},
	}}
	m.tail = m.block() // the entry
	return m
}

// named names the function, for messages and for telling two
// functions apart: a declaration with no body.
func (m *fnModel) named(name string) *fnModel {
	m.ext.Node = &ast.FuncDecl{Name: ast.NewIdent(name), Type: &ast.FuncType{}}
	return m
}

func (m *fnModel) block(nodes ...ast.Node) *cfg.Block {
	b := &cfg.Block{Nodes: nodes, Index: int32(len(m.blocks)), Live: true}
	m.blocks = append(m.blocks, b)
	return b
}

// step appends a node that runs after the current one.
func (m *fnModel) step(n ast.Node) *cfg.Block {
	b := m.block(n)
	m.tail.Succs = append(m.tail.Succs, b)
	m.tail = b
	return b
}

// call is a placeholder call expression at the next position.
func (m *fnModel) call(name string) *ast.CallExpr {
	p := m.next
	m.next += 10
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: name}, Lparen: p + 1, Rparen: p + 2}
}

// exec adds a statement sent through handle h.
func (m *fnModel) exec(h extract.Handle, sql string) *extract.Site {
	c := m.call("Exec")
	s := &extract.Site{Call: c, Pos: c.Pos(), Method: "Exec", Text: sql, SQL: sqltext.Summarize(sql), Handle: h}
	m.ext.Sites = append(m.ext.Sites, s)
	m.step(&ast.ExprStmt{X: c})
	return s
}

// begin adds a Begin on handle from, into the variable tx.
func (m *fnModel) begin(tx extract.Ref, from extract.Handle, iso sqltext.Isolation) *extract.TxEvent {
	c := m.call("Begin")
	e := &extract.TxEvent{Kind: extract.TxBegin, Call: c, Tx: tx, From: from, Isolation: iso}
	m.ext.Events = append(m.ext.Events, e)
	m.step(&ast.ExprStmt{X: c})
	return e
}

// callback makes tx a transaction callback's parameter, begun and ended
// by the function the callback is passed to.
func (m *fnModel) callback(tx extract.Ref, from extract.Handle) *extract.TxEvent {
	e := m.begin(tx, from, sqltext.IsolationUnknown)
	e.Callback = true
	return e
}

// end adds a Commit or Rollback of tx, deferred or not.
func (m *fnModel) end(kind extract.TxEventKind, tx extract.Ref, deferred bool) *extract.TxEvent {
	c := m.call("Commit")
	e := &extract.TxEvent{Kind: kind, Call: c, Tx: tx, Deferred: deferred}
	m.ext.Events = append(m.ext.Events, e)
	if deferred {
		m.step(&ast.DeferStmt{Defer: c.Pos(), Call: c})
	} else {
		m.step(&ast.ExprStmt{X: c})
	}
	return e
}

func (m *fnModel) commit(tx extract.Ref) *extract.TxEvent { return m.end(extract.TxCommit, tx, false) }

// slow adds a call that can wait indefinitely.
func (m *fnModel) slow(what string) *extract.Blocking {
	c := m.call("slow")
	b := &extract.Blocking{Node: c, What: what}
	m.ext.Blocking = append(m.ext.Blocking, b)
	m.step(&ast.ExprStmt{X: c})
	return b
}

// ret adds a branch from the current point that returns (an error
// check); body adds the steps the branch runs before it returns.
func (m *fnModel) ret(body ...func()) *ast.ReturnStmt {
	from := m.tail
	m.tail = m.block()
	from.Succs = append(from.Succs, m.tail)
	for _, b := range body {
		b()
	}
	r := &ast.ReturnStmt{Return: m.call("return").Pos()}
	m.step(r)
	m.tail = from
	return r
}

// loopTo adds a branch from the current point back to the node at pos.
func (m *fnModel) loopTo(pos token.Pos) {
	for _, b := range m.blocks {
		for _, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() {
				m.tail.Succs = append(m.tail.Succs, b)
				return
			}
		}
	}
	panic("no node at the loop's start")
}

// build is the function's transaction flow.
func (m *fnModel) build() *txflow.Func {
	return txflow.Build(m.ext, &cfg.CFG{Blocks: m.blocks})
}

// ctx is c answering questions about values from the model.
func (m *fnModel) ctx(c *Context) *Context {
	c.valuesOf = func(*txflow.Func) values { return m.vals }
	if c.Fset == nil {
		c.Fset = token.NewFileSet()
		c.Fset.AddFile("model.go", modelBase, int(m.next)+10)
	}
	return c
}

// modelValues is what a hand-built function's code does with values.
type modelValues struct {
	flows       map[*extract.Site]*modelFlow
	rowsChecked map[*extract.Site]bool
	zeroTested  map[*extract.Site]bool
	same        [][4]any // a, pa, b, pb bound to the same variable
}

// modelFlow is where one read's values go.
type modelFlow struct {
	params map[*extract.Site][]int    // placeholders bound to values derived from the read
	keys   map[*extract.Site][]int    // key placeholders bound to a key the read returned
	rows   map[*extract.Site][]string // whole values saved, with the columns carrying the read
}

func (v *modelValues) flow(read *extract.Site) *modelFlow {
	fl := v.flows[read]
	if fl == nil {
		fl = &modelFlow{params: map[*extract.Site][]int{}, keys: map[*extract.Site][]int{}, rows: map[*extract.Site][]string{}}
		v.flows[read] = fl
	}
	return fl
}

func (v *modelValues) Flow(src *extract.Site) flow {
	if fl, ok := v.flows[src]; ok {
		return fl
	}
	return nil
}
func (v *modelValues) ChecksRowsAffected(s *extract.Site) bool { return v.rowsChecked[s] }
func (v *modelValues) TestsZero(s *extract.Site) bool          { return v.zeroTested[s] }
func (v *modelValues) SameBinding(a *extract.Site, pa int, b *extract.Site, pb int) bool {
	for _, s := range v.same {
		if s[0] == a && s[1] == pa && s[2] == b && s[3] == pb {
			return true
		}
	}
	return false
}

func has(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (fl *modelFlow) Reaches(dst *extract.Site, param int) bool { return has(fl.params[dst], param) }
func (fl *modelFlow) ReachesRow(dst *extract.Site) bool {
	_, ok := fl.rows[dst]
	return ok
}
func (fl *modelFlow) RowColumns(dst *extract.Site) ([]string, bool) {
	cols, ok := fl.rows[dst]
	return cols, ok
}
func (fl *modelFlow) KeyFromRead(dst *extract.Site, param int) bool { return has(fl.keys[dst], param) }

// Bumped: the model's writes change no field from its own value.
func (fl *modelFlow) Bumped(*extract.Site) []string { return nil }

// Column: the model's reads fill no model struct, so which value holds
// which column is not known.
func (fl *modelFlow) Column(*extract.Site, string) (flow, bool) { return nil, false }

// Handles and variables of the models.
func handleVar(name string) extract.Ref {
	return extract.Ref{Root: types.NewVar(token.NoPos, nil, name, types.Typ[types.UnsafePointer])}
}

var (
	dbVar         = handleVar("db")
	txVar         = handleVar("tx")
	poolH         = extract.Handle{Kind: extract.HandlePool, Type: "*sql.DB", Ref: dbVar}
	txH           = extract.Handle{Kind: extract.HandleTx, Type: "*sql.Tx", Ref: txVar}
	serverDefault = sqltext.IsolationUnknown // Begin asks for no level: the server's default
)

// expect checks findings against a want: "" for none, else one finding
// whose message contains want.
func expect(t *testing.T, name string, got []Finding, want string) {
	t.Helper()
	var msgs []string
	for _, f := range got {
		msgs = append(msgs, f.Message)
	}
	switch {
	case want == "" && len(got) > 0:
		t.Errorf("%s: want no finding, got %q", name, msgs)
	case want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, want)):
		t.Errorf("%s: want one finding with %q, got %q", name, want, msgs)
	}
}
