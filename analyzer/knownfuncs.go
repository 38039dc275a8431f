package analyzer

import (
	"go/types"
	"strings"

	"github.com/locklint/locklint/extract"
)

// knownFuncs are the functions the configuration names (tx_helpers,
// sql_sinks): what they do is taken from their signature where their
// bodies do not show it, as with an interface method or a driver
// locklint does not know.
type knownFuncs struct {
	helpers, sinks map[string]bool
	// pkgs are the packages those functions live in: a package that
	// imports one of them may send SQL.
	pkgs map[string]bool
}

func newKnownFuncs(helpers, sinks []string) knownFuncs {
	k := knownFuncs{helpers: map[string]bool{}, sinks: map[string]bool{}, pkgs: map[string]bool{}}
	for _, n := range helpers {
		k.helpers[n] = true
		k.pkgs[qualifiedPkg(n)] = true
	}
	for _, n := range sinks {
		k.sinks[n] = true
		k.pkgs[qualifiedPkg(n)] = true
	}
	return k
}

// apply adds what the configuration says of fn to its fact.
func (k knownFuncs) apply(fn *types.Func, fact *extract.FuncFact) *extract.FuncFact {
	if len(k.helpers) == 0 && len(k.sinks) == 0 {
		return fact
	}
	name := fn.FullName()
	return extract.WithConfigured(fact, k.sinks[name], k.helpers[name], fn)
}

// qualifiedPkg is the package path of a name as types.Func.FullName
// writes it: example.com/db.WithTx, (*example.com/db.Store).Exec.
func qualifiedPkg(name string) string {
	name = strings.TrimPrefix(name, "(")
	name = strings.TrimPrefix(name, "*")
	if i := strings.IndexByte(name, ')'); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}
