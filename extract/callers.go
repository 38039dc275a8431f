package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// Generic helpers such as DropTable(ctx, name) or RenameTable(from, to)
// build their statement from what their caller passes: the helper alone
// cannot tell which table it changes, nor whether it runs at startup or
// while serving requests. Such a statement records which parameter fills
// each run-time hole of its text; its fact carries that to the callers,
// which fill in their constant arguments and judge the statement where
// its table and its path are known.

// EntryKind says how a function is reached, as far as its declaration
// tells.
type EntryKind uint8

const (
	EntryUnknown EntryKind = iota
	// EntryStartup is main, init, a constructor, a migration, setup or
	// seeding code, a test: run once, before or apart from traffic.
	EntryStartup
	// EntryRequest is a request handler: ServeHTTP, a function taking an
	// http.ResponseWriter or *http.Request or a web framework's request
	// context, a method of a gRPC service implementation.
	EntryRequest
)

// Entry tells how f is reached. A function literal is judged by its own
// parameters only: a handler registered in main runs on requests.
func (f *Func) Entry() EntryKind {
	var ft *ast.FuncType
	switch n := f.Node.(type) {
	case *ast.FuncDecl:
		if startupCode(f.declName) || f.startupHelper {
			return EntryStartup
		}
		if n.Name.Name == "ServeHTTP" || grpcMethod(f.info, n) {
			return EntryRequest
		}
		ft = n.Type
	case *ast.FuncLit:
		ft = n.Type
	}
	if ft != nil && ft.Params != nil {
		for _, field := range ft.Params.List {
			if requestType(f.info.TypeOf(field.Type)) {
				return EntryRequest
			}
		}
	}
	return EntryUnknown
}

// requestContexts are the parameter types that make a function a request
// handler.
var requestContexts = map[[2]string]bool{
	{"net/http", "ResponseWriter"}:                true,
	{"net/http", "Request"}:                       true,
	{"github.com/gin-gonic/gin", "Context"}:       true,
	{"github.com/labstack/echo/v4", "Context"}:    true,
	{"github.com/labstack/echo", "Context"}:       true,
	{"github.com/gofiber/fiber/v2", "Ctx"}:        true,
	{"github.com/gofiber/fiber/v3", "Ctx"}:        true,
	{"github.com/go-chi/render", "Renderer"}:      true,
	{"github.com/valyala/fasthttp", "RequestCtx"}: true,
}

func requestType(t types.Type) bool {
	pkg, name := named(t)
	return requestContexts[[2]string{pkg, name}]
}

// grpcMethod reports whether decl is an exported method of a type that
// embeds a generated Unimplemented...Server: a gRPC service
// implementation, whose methods serve requests.
func grpcMethod(info *types.Info, decl *ast.FuncDecl) bool {
	if decl.Recv == nil || len(decl.Recv.List) != 1 || !decl.Name.IsExported() {
		return false
	}
	t := info.TypeOf(decl.Recv.List[0].Type)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if _, name := named(f.Type()); f.Anonymous() && strings.HasPrefix(name, "Unimplemented") && strings.HasSuffix(name, "Server") {
			return true
		}
	}
	return false
}

// MarkParamHoles records, for each statement of the declaration's
// function whose text has run-time holes and whose handle comes from a
// parameter or the receiver, which string parameter fills each hole.
// funcs is what Decl returned for decl.
func MarkParamHoles(info *types.Info, decl *ast.FuncDecl, funcs []*Func) {
	if len(funcs) == 0 || decl.Body == nil {
		return
	}
	params := paramIndex(info, decl)
	f := funcs[0]
	for _, s := range f.Sites {
		if s.Via != nil || !strings.Contains(s.Text, sqltext.Hole) || s.TextExpr == nil {
			continue
		}
		if _, ok := params[s.Handle.Ref.Root]; !ok {
			continue // its fact will not carry it: judged here
		}
		holes := holeParams(info, f.defs, params, s.TextExpr, 0)
		for _, p := range holes {
			if p >= 0 {
				s.paramHoles = holes
				break
			}
		}
	}
}

// TableFromCaller reports whether the statement's text has a hole its
// caller fills, through the fact of this function.
func (s *Site) TableFromCaller() bool { return len(s.paramHoles) > 0 || s.migrateTableParam }

// HolesFilledByCaller reports whether the statement, run by a callee, has
// holes that this function's arguments fill: its text here names what
// the callee could not.
func (s *Site) HolesFilledByCaller() bool { return s.holesFilled }

// holeParams walks e as textOf does and returns, hole by hole, the string
// parameter that fills it, or -1.
func holeParams(info *types.Info, d defs, params map[types.Object]int, e ast.Expr, depth int) []int {
	if depth > maxTextDepth || e == nil {
		return nil
	}
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return nil
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil
		}
		var out []int
		for _, side := range []ast.Expr{e.X, e.Y} {
			if _, ok := textOfDepth(info, d, side, depth+1); ok {
				out = append(out, holeParams(info, d, params, side, depth+1)...)
			} else {
				out = append(out, holeParam(info, params, side))
			}
		}
		return out
	case *ast.Ident:
		if v := d.value(info, e); v != nil {
			return holeParams(info, d, params, v, depth+1)
		}
	case *ast.CallExpr:
		if isFunc(info, e, "fmt", "Sprintf") && len(e.Args) > 0 {
			format, ok := textOfDepth(info, d, e.Args[0], depth+1)
			if !ok {
				return nil
			}
			// The holes are the verbs whose argument text recovery left
			// unknown, as text.go fills them.
			args := formatArgs(info, e.Args[1:], func(a ast.Expr) (string, bool) {
				t, ok := textOfDepth(info, d, a, depth+1)
				return t, ok && !strings.Contains(t, sqltext.Hole)
			})
			var out []int
			fillFormat(format, args, func(arg int) {
				p := -1
				if arg >= 0 && arg+1 < len(e.Args) && !e.Ellipsis.IsValid() {
					p = holeParam(info, params, e.Args[arg+1])
				}
				out = append(out, p)
			})
			return out
		}
	}
	return nil
}

func holeParam(info *types.Info, params map[types.Object]int, e ast.Expr) int {
	if p, ok := stringParam(info, params, e); ok {
		return p
	}
	return -1
}

// fillParamHoles writes the caller's constant arguments into the holes of
// a callee's statement that parameters fill, and returns the text with the
// descriptions of the holes left open.
func (f *Func) fillParamHoles(c *Call, fs FactStmt) (string, []string) {
	parts := strings.Split(fs.Text, sqltext.Hole)
	if len(parts) != len(fs.HoleParams)+1 {
		return fs.Text, fs.Holes
	}
	var b strings.Builder
	var open []string
	b.WriteString(parts[0])
	for i, p := range fs.HoleParams {
		fill := sqltext.Hole
		if p >= 0 {
			if a := argExpr(c.Expr, p); a != nil {
				if t, ok := textOf(f.info, f.defs, a); ok && !strings.Contains(t, sqltext.Hole) {
					fill = t
				}
			}
		}
		if fill == sqltext.Hole && i < len(fs.Holes) {
			open = append(open, fs.Holes[i])
		}
		b.WriteString(fill)
		b.WriteString(parts[i+1])
	}
	return b.String(), open
}
