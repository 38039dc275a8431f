package extract

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"strings"
)

// IsTestCode reports whether the function declared by decl, in the file
// named filename of package pkg, is test code: in a _test.go file, in a
// package below a testdata directory or of test helpers (dbtest,
// testutil, storagetest), or taking a *testing.T, *testing.B, *testing.F
// or testing.TB. Test fixtures drop, create and lock tables on a database
// of their own; what they do is not what production code does.
func IsTestCode(info *types.Info, decl *ast.FuncDecl, filename string, pkg *types.Package) bool {
	if strings.HasSuffix(filename, "_test.go") {
		return true
	}
	if pkg != nil && (IsTestdataPath(pkg.Path()) || isTestPackageName(pkg.Name())) {
		return true
	}
	return decl != nil && takesTesting(info, decl.Type)
}

// IsTestdataPath reports whether a package's import path, or a file's
// path relative to its package, lies below a testdata directory, which
// the go command keeps for test inputs. (The import path, not the file
// name: a module checked out below someone's testdata is not a test.)
func IsTestdataPath(path string) bool {
	for _, dir := range strings.Split(filepath.ToSlash(path), "/") {
		if dir == "testdata" {
			return true
		}
	}
	return false
}

// isTestPackageName recognizes the names Go projects give packages of
// test helpers: testutil, testhelpers, testfixtures, dbtest, sqltest,
// storagetest, integrationtests, ..._testing.
func isTestPackageName(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "test") || strings.HasSuffix(name, "test") ||
		strings.HasSuffix(name, "tests") || strings.HasSuffix(name, "testing") ||
		strings.HasSuffix(name, "testutil") || strings.HasSuffix(name, "testutils")
}

// takesTesting reports whether a parameter of ft is a testing handle.
func takesTesting(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, field := range ft.Params.List {
		pkg, name := named(info.TypeOf(field.Type))
		if pkg == "testing" && (name == "T" || name == "B" || name == "F" || name == "TB") {
			return true
		}
	}
	return false
}
