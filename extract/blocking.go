package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// blockingFuncs are package-level functions that wait on something
// outside the program's control.
var blockingFuncs = map[string]string{
	"time.Sleep":        "time.Sleep",
	"net/http.Get":      "an HTTP request",
	"net/http.Post":     "an HTTP request",
	"net/http.PostForm": "an HTTP request",
	"net/http.Head":     "an HTTP request",
	"net.Dial":          "a network dial",
	"net.DialTimeout":   "a network dial",
}

// blockingMethods are methods (by package, receiver type and name) that do.
var blockingMethods = map[string]string{
	"net/http.Client.Do":              "an HTTP request",
	"net/http.Client.Get":             "an HTTP request",
	"net/http.Client.Post":            "an HTTP request",
	"net/http.Client.PostForm":        "an HTTP request",
	"net/http.Client.Head":            "an HTTP request",
	"net/http.RoundTripper.RoundTrip": "an HTTP request",
	"sync.WaitGroup.Wait":             "sync.WaitGroup.Wait",
	"sync.Cond.Wait":                  "sync.Cond.Wait",
	"os/exec.Cmd.Run":                 "a subprocess",
	"os/exec.Cmd.Output":              "a subprocess",
	"os/exec.Cmd.CombinedOutput":      "a subprocess",
	"os/exec.Cmd.Wait":                "a subprocess",
}

// recognizeBlockingCall records calls that can wait indefinitely: sleeps,
// HTTP and gRPC client calls, subprocesses, WaitGroup waits.
func recognizeBlockingCall(c *call) bool {
	if c.fn == nil || c.spawned {
		return false
	}
	what := blockingWhat(c.fn)
	if what == "" {
		return false
	}
	c.out.Blocking = append(c.out.Blocking, &Blocking{Node: c.expr, What: what})
	return true
}

// blockingWhat says what a call of fn waits on, when fn is one of the
// library's waits (blockingFuncs, blockingMethods, a gRPC client call);
// "" otherwise.
func blockingWhat(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return blockingFuncs[fn.Pkg().Path()+"."+fn.Name()]
	}
	pkg, name := recvNamed(fn)
	if what := blockingMethods[pkg+"."+name+"."+fn.Name()]; what != "" {
		return what
	}
	if isGRPCClientCall(sig) {
		return "a gRPC call"
	}
	return ""
}

// isGRPCClientCall recognizes the methods protoc-gen-go-grpc generates on
// client interfaces: (ctx context.Context, in *Req, opts ...grpc.CallOption)
// (*Resp, error).
func isGRPCClientCall(sig *types.Signature) bool {
	p := sig.Params()
	if !sig.Variadic() || p.Len() < 2 || sig.Results().Len() != 2 {
		return false
	}
	if pkg, name := named(p.At(0).Type()); pkg != "context" || name != "Context" {
		return false
	}
	last, ok := p.At(p.Len() - 1).Type().(*types.Slice)
	if !ok {
		return false
	}
	pkg, name := named(last.Elem())
	return pkg == "google.golang.org/grpc" && name == "CallOption"
}

// isDuplicateKeyCheck recognizes a comparison with MySQL's duplicate-key
// error number: `me.Number == 1062`.
func isDuplicateKeyCheck(info *types.Info, b *ast.BinaryExpr) bool {
	for _, e := range []ast.Expr{b.X, b.Y} {
		if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
			if v, ok := constant.Int64Val(tv.Value); ok && v == 1062 {
				return true
			}
		}
	}
	return false
}

// isDuplicateKeyName recognizes gorm.ErrDuplicatedKey, constants such as
// mysqlerr.ER_DUP_ENTRY, and the "Duplicate entry" message text.
func isDuplicateKeyName(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.Ident:
		name := n.Name
		if name == "ErrDuplicatedKey" || name == "ER_DUP_ENTRY" || name == "ErDupEntry" {
			return true
		}
	case *ast.BasicLit:
		return strings.Contains(n.Value, "Duplicate entry")
	}
	return false
}

// isNotFoundErr recognizes the sentinel errors that mean "no row":
// sql.ErrNoRows, gorm.ErrRecordNotFound, and GORM v1's RecordNotFound()
// and gorm.IsRecordNotFoundError(err).
func isNotFoundErr(obj types.Object) bool {
	if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == pkgGORMv1 && (fn.Name() == "RecordNotFound" || fn.Name() == "IsRecordNotFoundError") {
		return true // GORM v1's db.RecordNotFound(), gorm.IsRecordNotFoundError(err): the same test
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil {
		return false
	}
	switch v.Pkg().Path() + "." + v.Name() {
	case "database/sql.ErrNoRows", "gorm.io/gorm.ErrRecordNotFound", "github.com/jinzhu/gorm.ErrRecordNotFound":
		return true
	}
	return false
}
