package models

import (
	"go/ast"
	"go/types"
	"sort"
)

// Source is the syntax of the package under analysis, which TableName
// methods and NamingStrategy literals are read from. Types from other
// packages have no syntax here: their table names come from facts.
type Source struct {
	Info  *types.Info
	Files []*ast.File
}

// SourceOf recovers the package's files from its type information:
// go/packages, unitchecker and analysistest all record them in
// Info.FileVersions (and Info.Scopes holds them too).
func SourceOf(info *types.Info) Source {
	var files []*ast.File
	for f := range info.FileVersions {
		files = append(files, f)
	}
	if len(files) == 0 {
		for n := range info.Scopes {
			if f, ok := n.(*ast.File); ok {
				files = append(files, f)
			}
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].FileStart < files[j].FileStart })
	return Source{Info: info, Files: files}
}

// FuncDecl returns the declaration of fn when it is in the source.
func (s Source) FuncDecl(fn *types.Func) *ast.FuncDecl {
	pos := fn.Pos()
	for _, f := range s.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == pos {
				return fd
			}
		}
	}
	return nil
}
