package extract

import (
	"go/types"
)

// SinkFact is the fact of a function the user names as a SQL sink, one
// whose body locklint cannot follow (an interface method, a wrapper around
// a driver it does not know): it sends the SQL its first string parameter
// carries, with the parameters after it bound to the placeholders, through
// its receiver, or else its first parameter that can hold a handle. It is
// nil when the function has no string parameter.
func SinkFact(fn *types.Func) *FuncFact {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	q := firstStringParam(sig)
	if q < 0 {
		return nil
	}
	handle := OwnHandle
	if sig.Recv() != nil {
		handle = -1
	} else {
		for i := 0; i < q; i++ {
			if mayHoldHandle(sig.Params().At(i).Type()) {
				handle = i
				break
			}
		}
	}
	st := FactStmt{Param: handle, Kind: HandleUnknown, SQLFromParam: true, SQLParam: q, Func: fn.Name()}
	for i := q + 1; i < sig.Params().Len(); i++ {
		st.Args = append(st.Args, i)
	}
	return &FuncFact{Stmts: []FactStmt{st}}
}

// TxHelperFact is the fact of a function the user names as a transaction
// helper: it calls its first function-typed parameter with a transaction,
// the callback's first parameter that is not a context. It is nil when
// the function takes no callback.
func TxHelperFact(fn *types.Func) *FuncFact {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	for i := 0; i < sig.Params().Len(); i++ {
		cb, ok := sig.Params().At(i).Type().Underlying().(*types.Signature)
		if !ok {
			continue
		}
		for j := 0; j < cb.Params().Len(); j++ {
			if isContext(cb.Params().At(j).Type()) {
				continue
			}
			return &FuncFact{Callbacks: []FactCallback{{Param: i, TxArg: j}}}
		}
		return nil
	}
	return nil
}

// mayHoldHandle reports whether a parameter of type t can be the handle a
// sink runs its SQL on: not a context, a string or a function.
func mayHoldHandle(t types.Type) bool {
	if isContext(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic, *types.Signature:
		return false
	case *types.Interface:
		return !u.Empty()
	}
	return true
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	if t == nil {
		return false
	}
	pkg, name := named(t)
	return pkg == "context" && name == "Context"
}

// WithConfigured adds to what a function's own fact says what the
// configuration says of it, where the fact does not say it already.
func WithConfigured(fact *FuncFact, sink, helper bool, fn *types.Func) *FuncFact {
	if !sink && !helper {
		return fact
	}
	out := &FuncFact{}
	if fact != nil {
		c := *fact
		out = &c
	}
	if sink && !out.sendsCallerSQL() {
		if sf := SinkFact(fn); sf != nil {
			out.Stmts = append(append([]FactStmt(nil), out.Stmts...), sf.Stmts...)
		}
	}
	if helper && len(out.Callbacks) == 0 {
		if hf := TxHelperFact(fn); hf != nil {
			out.Callbacks = hf.Callbacks
		}
	}
	return out
}

func (f *FuncFact) sendsCallerSQL() bool {
	for _, s := range f.Stmts {
		if s.SQLFromParam {
			return true
		}
	}
	return false
}
