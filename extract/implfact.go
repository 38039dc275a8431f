package extract

import "fmt"

// ImplFact carries the concrete types of the module that a package and
// the packages it depends on declare, with their methods' facts, so that
// a call through a project's interface finds its implementations however
// far away they are declared. The type checker of go vet's driver sees a
// dependency only as far as export data shows it: an implementation that
// a constructor returns as an interface (func New(db) dal.DB { return
// &store{db} }), or one imported only indirectly (through the package
// that wires the program), is not there, and facts about its methods are
// dropped. An in-process driver sees every dependency from source. With
// the methods described by name and signature, both find the same
// implementations.
type ImplFact struct {
	// Types are sorted by Type, each once.
	Types []ImplType
}

// ImplType is a named concrete type and its methods.
type ImplType struct {
	// Type is "pkgpath.Name".
	Type string
	// Methods are the methods of the pointer type, sorted by name.
	Methods []ImplMethod
}

// ImplMethod is one method of an ImplType.
type ImplMethod struct {
	Name string
	// Sig is the signature without receiver, types qualified by package
	// path: two methods match when these are equal.
	Sig string
	// Pkg is the package path of an unexported method's name.
	Pkg string
	// Value says the value type has the method too (not only the
	// pointer).
	Value bool
	// Abstract says the method is promoted from an embedded interface:
	// it runs whatever the embedded value is.
	Abstract bool
	// Fact is the method's fact; nil when it has none.
	Fact *FuncFact
	// Runs is the method's RunsFact: the callbacks it runs before it
	// returns; nil when it runs none.
	Runs *RunsFact
}

// AFact marks ImplFact as an analysis.Fact.
func (*ImplFact) AFact() {}

func (f *ImplFact) String() string { return fmt.Sprintf("%d implementation types", len(f.Types)) }
