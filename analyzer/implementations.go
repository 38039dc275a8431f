package analyzer

import (
	"fmt"
	"go/build"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
)

// implementations finds the concrete methods behind a call through a
// project's own interface (a DAL's Tx.Exec, DB.Transaction): the methods
// of the named types, in the package and the packages it depends on,
// that implement the interface. A call through the interface does what
// they do when they all agree.
type implementations struct {
	pass     *analysis.Pass
	backends *backends // what the package's files say about their server
	types    []*types.Named
	carried  []extract.ImplType
	methods  map[*types.Func][]implementer
	deps     map[string]*types.Package // the packages the analyzed one depends on, by path
	// satisfying holds, per interface, the candidates that implement it
	// (the named type or its pointer), in candidate order: an interface
	// of many methods is checked against the candidates once.
	satisfying map[*types.Interface][]types.Type
}

// implementer is one concrete method a call through an interface can
// run: one the type checker sees, or one a dependency's ImplFact
// describes.
type implementer struct {
	fn   *types.Func // nil for a described one
	key  string      // "pkgpath.Type", the order implementers are taken in
	name string      // "Type.Method", for messages
	fact *extract.FuncFact
	runs *extract.RunsFact // a described one's
	// runsOnly says a described type has no method with a fact, only
	// ones that run callbacks: for facts, it is not there, as before
	// RunsFacts were described.
	runsOnly bool
}

func newImplementations(pass *analysis.Pass, b *backends) *implementations {
	return &implementations{pass: pass, backends: b, methods: map[*types.Func][]implementer{}}
}

// candidates are the package's named types and those of its imports, as
// far as the type checker sees them; candidateTypes adds the types of
// the module the package's dependencies describe (extract.ImplFact),
// which it does not see, or sees only through export data.
func (im *implementations) candidates() []*types.Named {
	if im.types != nil {
		return im.types
	}
	im.types = []*types.Named{}
	add := func(pkg *types.Package) {
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) && n.TypeParams().Len() == 0 {
				im.types = append(im.types, n)
			}
		}
	}
	add(im.pass.Pkg)
	for _, imp := range im.pass.Pkg.Imports() {
		add(imp)
	}
	// The implementation of a DAL is often wired in by the program's main
	// package, so the services that use the interface import it only
	// indirectly (through a context or a registry) or not at all, or
	// its constructor returns it as the interface. Its methods are
	// described by the facts the packages in between carry, when its
	// package belongs to the same module.
	typed := map[string]bool{}
	for _, n := range im.types {
		typed[typeKey(n)] = true
	}
	seen := map[string]bool{}
	for _, pf := range im.pass.AllPackageFacts() {
		f, ok := pf.Fact.(*extract.ImplFact)
		if !ok || pf.Package == im.pass.Pkg {
			continue
		}
		for _, t := range f.Types {
			pkg, _ := splitTypeKey(t.Type)
			if typed[t.Type] || seen[t.Type] || !sameModulePath(im.pass, pkg) {
				continue
			}
			seen[t.Type] = true
			im.carried = append(im.carried, t)
		}
	}
	slices.SortFunc(im.carried, func(a, b extract.ImplType) int { return strings.Compare(a.Type, b.Type) })
	return im.types
}

// typeKey is "pkgpath.Name" of a named type.
func typeKey(n *types.Named) string {
	if n.Obj().Pkg() == nil {
		return n.Obj().Name()
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// splitTypeKey splits "pkgpath.Name".
func splitTypeKey(key string) (pkg, name string) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return "", key
	}
	return key[:i], key[i+1:]
}

// sameModule reports whether pkg belongs to the module of the package
// analyzed: a dependency's types are no implementation of the project's
// own interfaces.
func (im *implementations) sameModule(pkg *types.Package) bool {
	if pkg == nil || standard(pkg) {
		return false
	}
	return sameModulePath(im.pass, pkg.Path())
}

// sameModulePath reports whether the package at path belongs to the
// module of the package pass analyzes. Without module information (a
// GOPATH layout), a package whose path shares its first element counts.
func sameModulePath(pass *analysis.Pass, path string) bool {
	if m := pass.Module; m != nil && m.Path != "" {
		return path == m.Path || strings.HasPrefix(path, m.Path+"/")
	}
	first, _, _ := strings.Cut(path, "/")
	own, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return first == own
}

// implementers are the concrete methods that a call of the interface
// method fn can run, ordered by their types' package paths and names
// whichever way they were found, so that every driver takes them in the
// same order.
func (im *implementations) implementers(fn *types.Func) []implementer {
	if ms, ok := im.methods[fn]; ok {
		return ms
	}
	var out []implementer
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil && !standard(fn.Pkg()) {
		if iface, ok := sig.Recv().Type().Underlying().(*types.Interface); ok && iface.NumMethods() > 0 {
			for _, t := range im.implementing(iface) {
				n, _ := types.Unalias(t).(*types.Named)
				if p, ok := t.(*types.Pointer); ok {
					n = p.Elem().(*types.Named)
				}
				obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), fn.Name())
				if m, ok := obj.(*types.Func); ok && !abstract(m) {
					out = append(out, implementer{fn: m, key: typeKey(n), name: implName(m)})
				}
			}
			for _, t := range im.carried {
				if m := describedMethod(t, iface, fn); m != nil && !m.Abstract {
					_, name := splitTypeKey(t.Type)
					runsOnly := !slices.ContainsFunc(t.Methods, func(m extract.ImplMethod) bool { return m.Fact != nil })
					out = append(out, implementer{key: t.Type, name: name + "." + fn.Name(), fact: m.Fact, runs: m.Runs, runsOnly: runsOnly})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b implementer) int { return strings.Compare(a.key, b.key) })
	im.methods[fn] = out
	return out
}

// runners is implementers for extract (extract.Implementation): ok is
// false when one of them is promoted from an embedded interface, which
// runs whatever the embedded value is.
func (im *implementations) runners(fn *types.Func) ([]extract.Implementation, bool) {
	var out []extract.Implementation
	for _, m := range im.implementers(fn) {
		out = append(out, extract.Implementation{Fn: m.fn, Runs: m.runs})
	}
	return out, !im.abstractImpl(fn)
}

// abstractImpl reports whether a type that implements fn's interface
// has fn only as the method of an interface it embeds.
func (im *implementations) abstractImpl(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, t := range im.implementing(iface) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), fn.Name())
		if m, ok := obj.(*types.Func); ok && abstract(m) {
			return true
		}
	}
	for _, t := range im.carried {
		if m := describedMethod(t, iface, fn); m != nil && m.Abstract {
			return true
		}
	}
	return false
}

// implementing returns the candidates that implement iface: each named
// type, or else its pointer type, in candidate order.
func (im *implementations) implementing(iface *types.Interface) []types.Type {
	if ts, ok := im.satisfying[iface]; ok {
		return ts
	}
	var out []types.Type
	for _, n := range im.candidates() {
		var t types.Type = n
		if !types.Implements(t, iface) {
			t = types.NewPointer(n)
			if !types.Implements(t, iface) {
				continue
			}
		}
		out = append(out, t)
	}
	if im.satisfying == nil {
		im.satisfying = map[*types.Interface][]types.Type{}
	}
	im.satisfying[iface] = out
	return out
}

// describedMethod returns the method fn of the described type t when t's
// pointer type has every method of iface, with the same signatures;
// nil otherwise.
func describedMethod(t extract.ImplType, iface *types.Interface, fn *types.Func) *extract.ImplMethod {
	var found *extract.ImplMethod
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		j, ok := slices.BinarySearchFunc(t.Methods, m.Name(), func(x extract.ImplMethod, name string) int { return strings.Compare(x.Name, name) })
		if !ok {
			return nil
		}
		got := &t.Methods[j]
		if got.Sig != methodSig(m) || !m.Exported() && (m.Pkg() == nil || got.Pkg != m.Pkg().Path()) {
			return nil
		}
		if m.Name() == fn.Name() {
			found = got
		}
	}
	return found
}

// methodSig is a method's signature without its receiver: the types of
// its parameters and results, qualified by package path, without names
// and aliases, so that two identical signatures read the same however
// they are spelled (interface{} or any, byte or uint8, named parameters
// or not).
func methodSig(m *types.Func) string {
	var b strings.Builder
	writeType(&b, m.Type())
	return b.String()
}

func writeType(b *strings.Builder, t types.Type) {
	switch t := t.(type) {
	case *types.Alias:
		writeType(b, types.Unalias(t))
	case *types.Basic:
		b.WriteString(types.Typ[t.Kind()].Name())
	case *types.Pointer:
		b.WriteString("*")
		writeType(b, t.Elem())
	case *types.Slice:
		b.WriteString("[]")
		writeType(b, t.Elem())
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		writeType(b, t.Elem())
	case *types.Map:
		b.WriteString("map[")
		writeType(b, t.Key())
		b.WriteString("]")
		writeType(b, t.Elem())
	case *types.Chan:
		b.WriteString([...]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[t.Dir()])
		writeType(b, t.Elem())
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil {
			b.WriteString(pkg.Path() + ".")
		}
		b.WriteString(t.Obj().Name())
		if args := t.TypeArgs(); args.Len() > 0 {
			b.WriteString("[")
			for i := range args.Len() {
				if i > 0 {
					b.WriteString(",")
				}
				writeType(b, args.At(i))
			}
			b.WriteString("]")
		}
	case *types.Signature:
		b.WriteString("func(")
		writeTuple(b, t.Params(), t.Variadic())
		b.WriteString(")(")
		writeTuple(b, t.Results(), false)
		b.WriteString(")")
	case *types.Interface:
		b.WriteString("interface{")
		for i := range t.NumMethods() {
			m := t.Method(i)
			b.WriteString(m.Id())
			writeType(b, m.Type())
			b.WriteString(";")
		}
		for i := range t.NumEmbeddeds() {
			if e := t.EmbeddedType(i); !types.IsInterface(e) {
				b.WriteString(types.TypeString(e, nil) + ";") // a constraint's type set
			}
		}
		b.WriteString("}")
	case *types.Struct:
		b.WriteString("struct{")
		for i := range t.NumFields() {
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Id() + " ")
			}
			writeType(b, f.Type())
			fmt.Fprintf(b, " %q;", t.Tag(i))
		}
		b.WriteString("}")
	default:
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return p.Path() }))
	}
}

func writeTuple(b *strings.Builder, t *types.Tuple, variadic bool) {
	for i := range t.Len() {
		if i > 0 {
			b.WriteString(",")
		}
		typ := t.At(i).Type()
		if variadic && i == t.Len()-1 {
			b.WriteString("...")
			typ = typ.(*types.Slice).Elem()
		}
		writeType(b, typ)
	}
}

// describeTypes is the ImplFact the package exports: the types its
// imports' facts describe, and, for a package of the analyzed module,
// its own named types that have a method with a fact.
func describeTypes(pass *analysis.Pass, own func(*types.Func) *extract.FuncFact, ownTypes bool) *extract.ImplFact {
	byKey := map[string]extract.ImplType{}
	for _, pf := range pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*extract.ImplFact); ok && pf.Package != pass.Pkg {
			for _, t := range f.Types {
				if _, dup := byKey[t.Type]; !dup {
					byKey[t.Type] = t
				}
			}
		}
	}
	if ownTypes && !isDependency(pass) && !standard(pass.Pkg) {
		scope := pass.Pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 {
				continue
			}
			if t, ok := describeType(pass, n, own); ok {
				byKey[t.Type] = t
			}
		}
	}
	if len(byKey) == 0 {
		return nil
	}
	f := &extract.ImplFact{}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		f.Types = append(f.Types, byKey[k])
	}
	return f
}

// describeType describes n's methods; ok is false when none has a fact.
func describeType(pass *analysis.Pass, n *types.Named, own func(*types.Func) *extract.FuncFact) (extract.ImplType, bool) {
	t := extract.ImplType{Type: typeKey(n)}
	value := types.NewMethodSet(n)
	ptr := types.NewMethodSet(types.NewPointer(n))
	hasFact := false
	for sel := range ptr.Methods() {
		m, ok := sel.Obj().(*types.Func)
		if !ok {
			continue
		}
		d := extract.ImplMethod{
			Name:     m.Name(),
			Sig:      methodSig(m),
			Value:    value.Lookup(m.Pkg(), m.Name()) != nil,
			Abstract: abstract(m),
		}
		if !m.Exported() && m.Pkg() != nil {
			d.Pkg = m.Pkg().Path()
		}
		if !d.Abstract {
			// What it runs, as this package's Runners found: a walker
			// implemented far from the call of its interface. A method
			// that takes a callback is described even when it runs
			// none, so that a caller sees it does not.
			var rf extract.RunsFact
			if m.Pkg() == pass.Pkg && pass.ImportObjectFact(m.Origin(), &rf) {
				d.Runs = &rf
			}
			if m.Pkg() == pass.Pkg && takesFunc(m) {
				hasFact = true
			}
			var f *extract.FuncFact
			if own != nil {
				f = own(m.Origin())
				if f == nil {
					f = promotedEnd(m)
				}
			}
			if f != nil && !f.Empty() {
				d.Fact = f
				hasFact = true
			}
		}
		t.Methods = append(t.Methods, d)
	}
	slices.SortFunc(t.Methods, func(a, b extract.ImplMethod) int { return strings.Compare(a.Name, b.Name) })
	return t, hasFact
}

// takesFunc reports whether m has a parameter of a function type.
func takesFunc(m *types.Func) bool {
	sig := m.Type().(*types.Signature)
	for i := range sig.Params().Len() {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// abstract reports whether m is an interface's method, promoted from an
// embedded interface (type noTx struct{ dal.Store }): it runs whatever
// the embedded value is, one of the other implementations.
func abstract(m *types.Func) bool {
	sig, _ := m.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// fact is the fact of the interface method fn, taken from its
// implementations when every one has the same (apart from where their
// statements are written); nil otherwise.
func (im *implementations) fact(fn *types.Func, own func(*types.Func) *extract.FuncFact) *extract.FuncFact {
	ms := im.implementers(fn)
	if len(ms) == 0 {
		return nil
	}
	var facts []*extract.FuncFact
	var names []string
	zeros := 0
	for _, m := range ms {
		if m.runsOnly {
			continue
		}
		f := m.fact
		if m.fn != nil {
			f = own(m.fn.Origin())
		}
		if f == nil && m.fn != nil {
			f = promotedEnd(m.fn)
		}
		if f == nil {
			return nil
		}
		if m.fn != nil && im.foreignFile(m.fn) {
			// Declared in a file that uses another server's driver
			// (a pgx transaction beside the database/sql one).
			continue
		}
		if onlyZero(f) {
			// It has nothing to run; the statement is the others'.
			zeros++
			continue
		}
		if foreignDialect(f) {
			// The implementation for another database (a PostgreSQL
			// adapter beside the MySQL one) is not what MySQL runs.
			continue
		}
		facts = append(facts, f)
		names = append(names, m.name)
	}
	if len(facts) == 0 {
		if zeros > 0 {
			return &extract.FuncFact{ReturnsZero: true}
		}
		return nil
	}
	if f := agreed(facts); f != nil {
		return f
	}
	return perImplementation(facts, names)
}

// perImplementation is the fact of implementations that agree on all but
// the query object they return: the caller's statement is each one's in
// turn (FuncFact.ReturnAlts). nil when they differ in more, or when one
// returns no known text.
func perImplementation(facts []*extract.FuncFact, names []string) *extract.FuncFact {
	bare := func(f *extract.FuncFact) *extract.FuncFact {
		c := *withoutPlaces(f)
		c.ReturnFields, c.Returns = nil, ""
		return &c
	}
	out := *facts[0]
	out.ReturnFields, out.Returns = nil, ""
	for i, f := range facts {
		if !reflect.DeepEqual(bare(f), bare(facts[0])) || len(f.ReturnFields) == 0 || f.Returns != "" || len(f.ReturnAlts) > 0 {
			return nil
		}
		out.ReturnAlts = append(out.ReturnAlts, extract.FactAlt{Impl: names[i], Fields: f.ReturnFields})
	}
	return &out
}

// foreignFile reports whether m is declared in a file of this package
// that imports or names another server's driver and nothing of MySQL.
func (im *implementations) foreignFile(m *types.Func) bool {
	if im.backends == nil || m.Pkg() != im.pass.Pkg {
		return false
	}
	ev, ok := im.backends.files[im.pass.Fset.File(m.Pos())]
	return ok && !ev.Has(extract.BackendMySQL) && ev.Foreign() != extract.BackendUnknown
}

// implName names an implementing method for messages: "MySQLQueue.Poll".
func implName(m *types.Func) string {
	if recv := m.Type().(*types.Signature).Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + m.Name()
		}
	}
	return m.Name()
}

// onlyZero reports whether f says only that the function returns the zero
// query object.
func onlyZero(f *extract.FuncFact) bool {
	c := *f
	c.ReturnsZero = false
	return f.ReturnsZero && c.Empty()
}

// foreignDialect reports whether the SQL a fact carries is written for
// another database: $1 placeholders, ON CONFLICT, RETURNING, :: casts.
func foreignDialect(f *extract.FuncFact) bool {
	texts := []string{f.Returns}
	for _, s := range f.Stmts {
		texts = append(texts, s.Text)
	}
	for _, r := range f.ReturnFields {
		texts = append(texts, r.Text)
	}
	for _, t := range texts {
		if t != "" && sqltext.DialectOf(t).Foreign != "" {
			return true
		}
	}
	return false
}

// agreed is what facts all say: the first when they are the same apart
// from where their statements are written; the same statements with the
// handle unknown when they run the same SQL through different handles (a
// DAL whose DB and Tx both have Exec); nil when they differ in more.
//
// What they close is the union of what each closes: a Rollback ends the
// transaction the value wraps, and an implementation that wraps none (the
// pool posing as a transaction, whose Rollback does nothing) ends nothing
// either way.
func agreed(facts []*extract.FuncFact) *extract.FuncFact {
	var closes []int
	stripped := make([]*extract.FuncFact, len(facts))
	for i, f := range facts {
		for _, p := range f.Closes {
			if !slices.Contains(closes, p) {
				closes = append(closes, p)
			}
		}
		c := *f
		c.Closes = nil
		stripped[i] = &c
	}
	out := agreedStatements(stripped)
	if out == nil {
		return nil
	}
	c := *out
	slices.Sort(closes)
	c.Closes = closes
	return &c
}

// agreedStatements is agreed for facts that close nothing.
func agreedStatements(facts []*extract.FuncFact) *extract.FuncFact {
	first := withoutPlaces(facts[0])
	same := true
	for _, f := range facts[1:] {
		if !reflect.DeepEqual(first, withoutPlaces(f)) {
			same = false
		}
	}
	if same {
		return facts[0]
	}
	merged := withoutHandles(facts[0])
	for _, f := range facts[1:] {
		if !reflect.DeepEqual(withoutPlaces(merged), withoutPlaces(withoutHandles(f))) {
			return commonFields(facts)
		}
	}
	return merged
}

// commonFields is the fact of implementations that agree on all but the
// fields of the struct they return (each copies fields of its own: a
// SetClient(c) that returns &fileStore{client: c, hasher: s.hasher}
// beside &userStore{client: c}): what they all return holds the fields
// every one of them sets from the same parameter. nil when they differ
// in more.
func commonFields(facts []*extract.FuncFact) *extract.FuncFact {
	strip := func(f *extract.FuncFact) *extract.FuncFact {
		c := *withoutPlaces(f)
		c.Fields = nil
		return &c
	}
	first := strip(facts[0])
	common := facts[0].Fields
	for _, f := range facts[1:] {
		if !reflect.DeepEqual(first, strip(f)) {
			return nil
		}
		var keep []extract.FactField
		for _, ff := range common {
			if slices.Contains(f.Fields, ff) {
				keep = append(keep, ff)
			}
		}
		common = keep
	}
	out := *facts[0]
	out.Fields = common
	return &out
}

// withoutHandles is f with each statement's handle the receiver or
// parameter itself, of unknown kind.
func withoutHandles(f *extract.FuncFact) *extract.FuncFact {
	c := *f
	c.Stmts = nil
	for _, s := range f.Stmts {
		s.Kind, s.Path, s.Alt = extract.HandleUnknown, "", nil
		c.Stmts = append(c.Stmts, s)
	}
	return &c
}

// withoutPlaces is f without the names and positions of its statements,
// which differ between implementations that do the same.
func withoutPlaces(f *extract.FuncFact) *extract.FuncFact {
	c := *f
	c.Stmts = nil
	for _, s := range f.Stmts {
		s.At, s.Func = "", ""
		c.Stmts = append(c.Stmts, s)
	}
	return &c
}

// standard reports whether pkg is in the standard library: its
// interfaces (io.Writer, context.Context) are not a project's data-access
// layer, and matching them against every type would cost time for
// nothing. A path whose first element has no dot is standard when GOROOT
// has it.
func standard(pkg *types.Package) bool {
	if pkg == nil {
		return true
	}
	first, _, _ := strings.Cut(pkg.Path(), "/")
	if strings.Contains(first, ".") {
		return false
	}
	if v, ok := stdPkgs.Load(pkg.Path()); ok {
		return v.(bool)
	}
	goroot := build.Default.GOROOT
	st, err := os.Stat(filepath.Join(goroot, "src", filepath.FromSlash(pkg.Path())))
	std := goroot != "" && err == nil && st.IsDir()
	stdPkgs.Store(pkg.Path(), std)
	return std
}

// stdPkgs caches standard's answers: package path -> bool.
var stdPkgs sync.Map

// through completes fact f with what the implementations visible here do
// for the calls f makes through interfaces its own package saw no
// implementation of (extract.FactThrough): a helper's Begin that returns
// the interface's Begin() returns a transaction, a helper's End that
// calls the interface's UnlockTables and Commit on a field runs that
// statement on the field and ends the transaction it holds. f is not
// changed; nil when nothing is completed.
func (im *implementations) through(f *extract.FuncFact, own func(*types.Func) *extract.FuncFact) *extract.FuncFact {
	if f == nil || len(f.Through) == 0 {
		return nil
	}
	var out *extract.FuncFact
	edit := func() *extract.FuncFact {
		if out == nil {
			c := *f
			c.Stmts = slices.Clone(f.Stmts)
			c.Closes = slices.Clone(f.Closes)
			out = &c
		}
		return out
	}
	for _, t := range f.Through {
		m := im.interfaceMethod(t.Pkg, t.Type, t.Method)
		if m == nil {
			continue
		}
		impl := im.fact(m, own)
		if impl == nil {
			continue
		}
		if t.Returned && impl.ReturnsTx && !f.ReturnsTx {
			edit().ReturnsTx = true
		}
		if t.Param == extract.UnknownValue {
			continue
		}
		for _, s := range impl.Stmts {
			// The statements the implementation runs on its receiver
			// run on the value the helper called it on; those that
			// take the text, values or clauses from the method's
			// arguments are left to a later step.
			if s.Param != -1 || s.SQLFromParam || len(s.HoleParams) > 0 || s.Migrate != "" || s.Clauses != nil || len(s.Alt) > 0 || len(f.Stmts)+len(impl.Stmts) > 32 {
				continue
			}
			// It runs on what the interface value wraps: the value
			// itself stands for it, as at a direct call through the
			// interface.
			s.Param, s.Path = t.Param, t.Path
			s.Args = make([]int, len(s.Args))
			for i := range s.Args {
				s.Args[i] = -2
			}
			s.ArgPaths, s.Before = nil, nil
			edit().Stmts = append(out.Stmts, s)
		}
		if slices.Contains(impl.Closes, -1) && !slices.Contains(f.Closes, t.Param) && (t.Path == "" || !t.Deferred) {
			c := edit()
			if !slices.Contains(c.Closes, t.Param) {
				c.Closes = append(c.Closes, t.Param)
				slices.Sort(c.Closes)
			}
		}
		if impl.Blocks != "" && f.Blocks == "" {
			edit().Blocks = impl.Blocks
		}
	}
	return out
}

// interfaceMethod is the method of the named interface pkg.typ among the
// packages the analyzed package depends on; nil when not found.
func (im *implementations) interfaceMethod(pkg, typ, method string) *types.Func {
	if im.deps == nil {
		im.deps = map[string]*types.Package{}
		var walk func(p *types.Package)
		walk = func(p *types.Package) {
			if _, ok := im.deps[p.Path()]; ok {
				return
			}
			im.deps[p.Path()] = p
			for _, q := range p.Imports() {
				walk(q)
			}
		}
		walk(im.pass.Pkg)
	}
	p := im.deps[pkg]
	if p == nil {
		return nil
	}
	tn, ok := p.Scope().Lookup(typ).(*types.TypeName)
	if !ok || !types.IsInterface(tn.Type()) {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, p, method)
	m, _ := obj.(*types.Func)
	return m
}

// promotedEnd is the fact of a Commit or Rollback that an implementation
// promotes from the *sql.Tx (or *sqlx.Tx) it embeds (type tx struct{
// *sql.Tx }): it ends the transaction its receiver wraps. nil for any
// other method.
func promotedEnd(m *types.Func) *extract.FuncFact {
	if m.Name() != "Commit" && m.Name() != "Rollback" || m.Pkg() == nil {
		return nil
	}
	if p := m.Pkg().Path(); p != "database/sql" && p != "github.com/jmoiron/sqlx" {
		return nil
	}
	sig, _ := m.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); !ok || n.Obj().Name() != "Tx" {
		return nil
	}
	return &extract.FuncFact{Closes: []int{-1}}
}
