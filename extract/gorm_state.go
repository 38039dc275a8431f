package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"runtime"
	"sync"
	"weak"

	"github.com/locklint/locklint/models"
)

// gormState is what GORM extraction keeps per function: the package's
// syntax (for TableName methods, helpers and NamingStrategy literals),
// the scopes builder variables are followed in, and the sites whose table
// is named in another package.
type gormState struct {
	src       *models.Source
	naming    *models.Naming
	scopes    map[ast.Node]*gormScope
	callbacks map[*types.Var]gormCallback
	pending   []*gormPending
	// fromParam are the reads whose lock is what a parameter carries.
	fromParam []*gormPending
	models    map[*types.TypeName]*gormModel
	// xorm is the xorm mapper the package shows, read once.
	xorm *models.XORMNames
	// xormPending are xorm sites whose model's table another package
	// names, and xormTables the names NameModels found.
	xormPending []xormPending
	xormTables  map[*types.TypeName]string
}

func (f *Func) gorm() *gormState {
	if f.gormState == nil {
		f.gormState = &gormState{scopes: map[ast.Node]*gormScope{}, callbacks: map[*types.Var]gormCallback{}}
	}
	return f.gormState
}

// gormScope returns the scope of body, a function body of f's declaration.
func (f *Func) gormScope(body ast.Node) *gormScope {
	st := f.gorm()
	if s, ok := st.scopes[body]; ok {
		return s
	}
	s := &gormScope{body: body}
	st.scopes[body] = s
	return s
}

// source returns the package's syntax.
func (st *gormState) source(info *types.Info) *gormSource {
	if st.src == nil {
		s := models.SourceOf(info)
		st.src = &s
	}
	return &gormSource{st.src}
}

// namingOf returns the table naming the package shows.
func (st *gormState) namingOf(info *types.Info) models.Naming {
	if st.naming == nil {
		n := packageNaming(info, st.source(info).Source)
		st.naming = &n
	}
	return *st.naming
}

// namings memoizes the naming of each package by its types.Info: finding
// it walks every file that imports GORM v1, which in a v1 code base is
// most of them, and every function with GORM calls asks. An entry lives
// as long as its Info (a weak key, deleted by a cleanup), so the cache
// neither leaks in a long-lived driver nor shares anything between
// packages.
var namings sync.Map // weak.Pointer[types.Info] -> models.Naming

func packageNaming(info *types.Info, src *models.Source) models.Naming {
	key := weak.Make(info)
	if v, ok := namings.Load(key); ok {
		return v.(models.Naming)
	}
	n := models.NamingIn(*src)
	if _, loaded := namings.LoadOrStore(key, n); !loaded {
		runtime.AddCleanup(info, func(k weak.Pointer[types.Info]) { namings.Delete(k) }, key)
	}
	return n
}

type gormSource struct{ *models.Source }

// fileAt returns the file containing pos.
func (s *gormSource) fileAt(pos token.Pos) *ast.File {
	for _, f := range s.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
