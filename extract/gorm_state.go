package extract

import (
	"go/ast"
	"go/token"
	"go/types"

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
	models    map[*types.TypeName]*gormModel
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
		n := models.NamingIn(*st.source(info).Source)
		st.naming = &n
	}
	return *st.naming
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
