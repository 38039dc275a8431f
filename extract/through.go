package extract

import (
	"go/ast"
	"go/build"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A helper package often sees only a data-access layer's interfaces: the
// implementation is chosen by the program's main package, so that
// `h.tx = h.res.DB().Begin()` or `h.tx.UnlockTables()` has no
// implementation where the helper is analyzed. The helper's fact records
// such calls (FuncFact.Through), and a caller that sees an implementation
// completes the fact with what the implementation does.

// FactThrough is a call through a method of an interface that no
// implementation visible to the function's package answers.
type FactThrough struct {
	// Pkg, Type and Method name the interface method: the interface's
	// package path, its type name and the method name.
	Pkg, Type, Method string
	// Param and Path are the value the method is called on: a parameter
	// (-1: the receiver) and a field path below it. Param is
	// UnknownValue when the value is no parameter's (the result of
	// another call).
	Param int
	Path  string
	// Returned says the call's result is what the function returns as
	// its first result (directly, or through the variable or field it
	// assigns it to).
	Returned bool
	// Deferred is set for a deferred call.
	Deferred bool
}

// UnknownValue is FactThrough.Param for a value that is no parameter.
const UnknownValue = -4

// maxThrough bounds the calls a fact records.
const maxThrough = 16

// throughCalls are the calls of f, a declared function, through methods
// of named interfaces that have no fact: lookup found no implementation.
// Calls of a go statement and of the standard library's interfaces are
// left out.
func throughCalls(f *Func, decl *ast.FuncDecl, params map[types.Object]int) []FactThrough {
	var out []FactThrough
	for _, c := range f.Calls {
		if c.Known || c.Go || c.Fn == nil || c.Fn.Pkg() == nil || len(out) >= maxThrough {
			continue
		}
		sig, _ := c.Fn.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			continue
		}
		named, ok := sig.Recv().Type().(*types.Named)
		if !ok || !types.IsInterface(named) || named.Obj().Pkg() == nil || stdlibPath(named.Obj().Pkg().Path()) {
			continue
		}
		sel, ok := ast.Unparen(c.Expr.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		t := FactThrough{Pkg: named.Obj().Pkg().Path(), Type: named.Obj().Name(), Method: c.Fn.Name(), Param: UnknownValue, Deferred: c.Defer}
		if r := refOf(f.info, sel.X); r.Valid() {
			if p, ok := params[r.Root]; ok {
				t.Param, t.Path = p, r.Path
			}
		}
		t.Returned = !c.Defer && returnsResultOf(f, decl, c.Expr)
		if t.Param == UnknownValue && !t.Returned {
			continue
		}
		out = append(out, t)
	}
	return out
}

// stdlibPath reports whether path is a standard library package's: its
// interfaces (io.Writer, driver.Conn) are no project's data-access layer.
func stdlibPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	if v, ok := stdlibPaths.Load(path); ok {
		return v.(bool)
	}
	st, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", filepath.FromSlash(path)))
	std := err == nil && st.IsDir()
	stdlibPaths.Store(path, std)
	return std
}

var stdlibPaths sync.Map

// returnsResultOf reports whether every return of decl that gives a
// non-nil first result gives call's result: the call itself, or the
// variable or field (of a parameter) that it is assigned to in decl.
func returnsResultOf(f *Func, decl *ast.FuncDecl, call *ast.CallExpr) bool {
	if decl.Body == nil || decl.Type.Results == nil || len(decl.Type.Results.List) == 0 {
		return false
	}
	// The refs call's result is assigned to, and the other values
	// assigned to them: a ref assigned anything else does not count.
	holds := map[Ref]bool{}
	other := map[Ref]bool{}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			r := refOf(f.info, l)
			if !r.Valid() {
				continue
			}
			if ast.Unparen(as.Rhs[i]) == call {
				holds[r] = true
			} else if id, ok := ast.Unparen(as.Rhs[i]).(*ast.Ident); !ok || id.Name != "nil" {
				other[r] = true
			}
		}
		return true
	})
	any := false
	all := everyFirstResult(decl, func(_ *ast.ReturnStmt, e ast.Expr) bool {
		e = ast.Unparen(e)
		if r := refOf(f.info, e); e == call || r.Valid() && holds[r] && !other[r] {
			any = true
			return true
		}
		return false
	})
	return any && all
}
