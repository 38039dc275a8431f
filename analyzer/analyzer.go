package analyzer

import (
	"context"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/prove"
	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

const doc = `find SQL lock risks: unindexed and range locks, locks outside transactions

locklint reads the SQL that Go code sends through database/sql, sqlx,
GORM, xorm, ent, bun, sqlc's generated code, and squirrel and goqu
builders, places each statement in its transaction, and reports what
InnoDB will lock, until when, and how to fix it. Give it the schema with -schema
(DDL files, migration directories, JSON snapshots) so it can tell which
WHERE clauses can use an index; a table it does not know is never reported
as unindexed.`

// DocsURL is where each rule's documentation lives, as DocsURL + id + ".md".
const DocsURL = "https://github.com/locklint/locklint/blob/main/docs/rules/"

// Analyzer is locklint with its default configuration and flags.
var Analyzer = New(Config{})

// New returns a locklint analyzer configured by cfg. Its flags start from
// cfg's values and change a copy of it, so two analyzers never share state.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	a := &analysis.Analyzer{
		Name: "locklint",
		Doc:  doc,
		URL:  DocsURL + "README.md",
		Run:  func(pass *analysis.Pass) (any, error) { return run(pass, &c) },
		// The result is what locklint prove replays; the diagnostics
		// are the same with or without it.
		ResultType: reflect.TypeOf(Cases(nil)),
		FactTypes: []analysis.Fact{
			new(extract.FuncFact),
			new(extract.TextFact),
			new(rules.LockOrderFact),
			new(models.Fact),
			new(models.Carried),
			new(extract.ImplFact),
			new(extract.RunsFact),
			new(extract.GetterFact),
			new(extract.FieldFact),
			new(extract.WaitsFact),
		},
	}
	c.register(&a.Flags)
	return a
}

// Cases are the package's findings as locklint prove replays them, in the
// order they were reported.
type Cases []prove.Case

func run(pass *analysis.Pass, c *Config) (Cases, error) {
	embedded := embeddedSQL(pass)
	ownModels := exportModels(pass)
	c, err := c.withConfigFile(packageDir(pass))
	if err != nil {
		return nil, err
	}
	known := newKnownFuncs(c.TxHelpers, c.SQLSinks)
	// Retry helpers and other runners of operations live in packages of
	// their own, database or not; the standard library's (sync.Once.Do)
	// are not retry helpers, and reading it would cost every run.
	if !standard(pass.Pkg) {
		for fn, runs := range extract.Runners(pass.Pkg, pass.TypesInfo, pass.Files, importRuns(pass)) {
			pass.ExportObjectFact(fn, runs)
		}
		// Getters (a model's ID()) live in packages of their own too:
		// a row key read through one is the field it returns.
		for fn, path := range extract.Getters(pass.Pkg, pass.TypesInfo, pass.Files, importGetter(pass)) {
			pass.ExportObjectFact(fn, &extract.GetterFact{Path: path})
		}
	}
	// Passed on whatever this package is: see extract.ImplFact. With
	// its own types' methods that take callbacks (a walker behind an
	// interface, in a package that sends no SQL); extractPackage adds
	// the rest.
	if f := describeTypes(pass, nil, true); f != nil {
		pass.ExportPackageFact(f)
	}
	if !touchesDatabase(pass, known) && len(embedded) == 0 {
		// A process runner, a mailer, an API client: what its functions
		// wait on reaches the transactions that call them.
		if !standard(pass.Pkg) {
			for fn, w := range extract.Waits(pass.TypesInfo, pass.Files, importWaits(pass)) {
				pass.ExportObjectFact(fn, w)
			}
		}
		return nil, nil
	}
	backends := readBackends(pass)
	if backends.judgesNothing() {
		// Another database's package: no findings, and no facts that
		// would carry its statements into MySQL code.
		return nil, nil
	}
	s, err := c.resolve()
	if err != nil {
		return nil, err
	}
	if len(c.Schema) == 0 && c.dsn() == "" && !isDependency(pass) {
		if paths := sqlcSchema(pass); len(paths) > 0 {
			withSqlc := *c
			withSqlc.Schema = paths
			c = &withSqlc
		}
	}
	sch := schema.New()
	if !isDependency(pass) {
		// Facts, all that go vet keeps of a dependency, do not depend on
		// the schema; and its directory is no place to resolve -schema.
		sch = loadSchema(c.Schema, packageDir(pass))
	}
	liveSchema, server, err := c.ReadLive(context.Background())
	if err != nil {
		return nil, err
	} else if liveSchema != nil {
		// What the flags say explicitly wins over what the server says,
		// and DDL files win over the live schema.
		sch = sch.Clone()
		sch.Merge(liveSchema)
		if s.server.Engine == target.EngineUnknown {
			s.server.Engine, s.server.Version = server.Engine, server.Version
		}
		if s.server.Isolation == sqltext.IsolationUnknown {
			s.server.Isolation = server.Isolation
		}
	}
	ctx := &rules.Context{
		Schema: sch,
		Server: s.server,
		Fset:   pass.Fset,
		Edges:  importedEdges(pass),
	}
	noteDisagreements(os.Stderr, pass, ctx.Schema, ownModels)
	undescribed := undescribedModels(pass, len(c.Schema) > 0 || liveSchema != nil, ctx.Schema)
	noteUndescribed(os.Stderr, pass, ownModels, undescribed)
	ctx.Schema = withModels(pass, ctx.Schema, undescribed)
	decls := extractPackage(pass, known, backends)
	fillPlaceholderTables(ctx.Schema, decls)
	if backends.readStatements(pass.Fset, decls); !backends.judgesAny() {
		return nil, nil
	}
	pinned := extract.FindPinned(pass.TypesInfo, pass.Files)
	mayReturn := mayReturn(pass.TypesInfo)
	var flows []*txflow.Func
	declOf := map[*txflow.Func]*decl{}
	for _, d := range decls {
		for _, f := range d.funcs {
			if len(f.Sites) == 0 && len(f.Events) == 0 && len(f.Blocking) == 0 {
				continue
			}
			pinned.Mark(f)
			tf := txflow.Analyze(f, mayReturn)
			flows = append(flows, tf)
			declOf[tf] = d
		}
	}
	ctx.HelperJudges = findCallersTx(pass.TypesInfo, decls, flows).helperJudges
	var findings []rules.Finding
	reported := reportedHere(pass)
	for _, tf := range flows {
		d := declOf[tf]
		if d.generated {
			continue
		}
		enabled := s.rules
		if d.test && !c.CheckTestFixtures {
			enabled = s.outsideTests
		}
		fs := check(ctx, enabled, tf, d.test, reported)
		findings = append(findings, fs...)
		findings = append(findings, judgeImplementations(ctx, enabled, tf.Extract, mayReturn, d.test, fs, reported)...)
	}
	// Rules that compare code paths compare the paths that talk to
	// MySQL: a PostgreSQL or SQLite adapter's transactions never meet
	// the MySQL adapter's on one server.
	// Nor are a test's transactions partners of the code's: tests run
	// them one at a time (rules.Rule.RunsInTests).
	judged := slices.DeleteFunc(slices.Clone(flows), func(tf *txflow.Func) bool {
		return !backends.judges(pass.Fset, tf.Extract.Node.Pos()) || declOf[tf].test && !c.CheckTestFixtures
	})
	for _, r := range s.rules {
		if r.Package != nil {
			fs := r.Package(ctx, judged)
			setRule(fs, r)
			findings = append(findings, fs...)
		}
	}
	if edges := rules.LockEdges(ctx, judged); len(edges) > 0 {
		pass.ExportPackageFact(&rules.LockOrderFact{Edges: edges})
	}
	findings = append(findings, lintEmbedded(pass, ctx, s, c.CheckTestFixtures, embedded)...)
	return report(pass, findings, backends, newStmtIndex(ctx, flows)), nil
}

// decl is one function declaration's extraction.
type decl struct {
	obj       *types.Func
	funcs     []*extract.Func // the declaration first, then its function literals
	generated bool
	test      bool // test code: only rules.Rule.RunsInTests rules judge it
}

// maxFactRounds bounds the rounds of fact computation within a package:
// each round lets facts flow one more call deep between its functions.
const maxFactRounds = 4

// extractPackage extracts every function of the package, expands calls to
// helpers with their facts (imported ones, and the package's own, computed
// until they settle), and exports the facts.
func extractPackage(pass *analysis.Pass, known knownFuncs, backends *backends) []*decl {
	var decls []*decl
	tableNames := modelTableNames(pass)
	pkg := extract.NewPackage(pass.Pkg, pass.TypesInfo, pass.Files)
	pkg.UseXORMNames(inheritedXORM(depModels(pass)))
	pkg.ImportVarTexts(func(v *types.Var) (string, bool) {
		var f extract.TextFact
		ok := pass.ImportObjectFact(v, &f)
		return f.Text, ok
	})
	pkg.ImportRunners(importRuns(pass))
	impls := newImplementations(pass, backends)
	pkg.ImportImplementations(impls.runners)
	pkg.ImportGetters(importGetter(pass))
	pkg.ImportWaits(importWaits(pass))
	for v, text := range pkg.VarTexts() {
		pass.ExportObjectFact(v, &extract.TextFact{Text: text})
	}
	pkg.ImportFieldHandles(func(v *types.Var) (*extract.FieldFact, bool) {
		var f extract.FieldFact
		ok := pass.ImportObjectFact(v, &f)
		return &f, ok
	})
	assigned := extract.AssignedFields(pass.TypesInfo, pass.Files)
	for _, file := range pass.Files {
		gen := ast.IsGenerated(file)
		filename := pass.Fset.File(file.Pos()).Name()
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				// Function literals in variables' initializers (a
				// migration step's function): read like those in
				// functions, with no declaration of their own.
				test := extract.IsTestCode(pass.TypesInfo, nil, filename, pass.Pkg)
				for _, spec := range gd.Specs {
					funcs := pkg.VarDecl(spec.(*ast.ValueSpec))
					for _, f := range funcs {
						f.NameModels(tableNames)
						f.SetAssignedFields(assigned)
					}
					if len(funcs) > 0 {
						decls = append(decls, &decl{funcs: funcs, generated: gen, test: test})
					}
				}
				continue
			}
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			funcs := pkg.Decl(fd)
			extract.MarkParamHoles(pass.TypesInfo, fd, funcs)
			for _, f := range funcs {
				f.NameModels(tableNames)
				f.SetAssignedFields(assigned)
			}
			test := extract.IsTestCode(pass.TypesInfo, fd, filename, pass.Pkg)
			decls = append(decls, &decl{obj: obj, funcs: funcs, generated: gen, test: test})
		}
	}
	byObj := map[*types.Func][]*extract.Func{}
	for _, d := range decls {
		if d.obj != nil {
			byObj[d.obj] = d.funcs
		}
	}
	extract.DropStartupHelperMigrations(pass.TypesInfo, byObj)
	local := map[*types.Func]*extract.FuncFact{}
	for _, d := range decls {
		if d.obj != nil {
			local[d.obj] = &extract.FuncFact{}
		}
	}
	own := func(fn *types.Func) *extract.FuncFact {
		if f, ok := local[fn]; ok {
			return f
		}
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			return nil
		}
		var f extract.FuncFact
		if pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	var lookup extract.FactLookup
	lookup = func(fn *types.Func) *extract.FuncFact {
		fn = fn.Origin()
		f := known.apply(fn, own(fn))
		if f == nil {
			f = impls.fact(fn, own)
		}
		// Not cached: an implementation in this package has a fact
		// that changes round by round.
		if c := impls.through(f, own); c != nil {
			f = c
		}
		return f
	}
	pos := func(n ast.Node) (string, int) {
		p := pass.Fset.Position(n.Pos())
		return p.Filename, p.Line
	}
	// The order of a function's statements, asked of its control-flow
	// graph, built once per declaration and only when asked.
	precedes := map[*extract.Func]func(a, b token.Pos) bool{}
	returns := mayReturn(pass.TypesInfo)
	for range maxFactRounds {
		changed := false
		for _, d := range decls {
			for _, f := range d.funcs {
				f.Expand(lookup)
			}
			if d.obj == nil {
				continue
			}
			order, ok := precedes[d.funcs[0]]
			if !ok {
				order = txflow.Precedes(d.funcs[0], returns)
				precedes[d.funcs[0]] = order
			}
			fact := extract.FactOf(d.funcs[0], pos, order)
			if !reflect.DeepEqual(fact, local[d.obj]) {
				local[d.obj] = fact
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	// What the callers pass settles last: it changes no fact, only how
	// the helpers' own statements read.
	for _, f := range extract.CallerLocks(pass.TypesInfo, byObj) {
		f.Expand(lookup)
	}
	var varFuncs []*extract.Func
	for _, d := range decls {
		if d.obj == nil {
			varFuncs = append(varFuncs, d.funcs...)
		}
	}
	extract.MarkMigrationSteps(pass.TypesInfo, byObj, varFuncs)
	for _, d := range decls {
		if d.obj != nil && !local[d.obj].Empty() {
			pass.ExportObjectFact(d.obj, local[d.obj])
		}
	}
	for v, f := range pkg.ExportedFieldHandles() {
		pass.ExportObjectFact(v, f)
	}
	if f := describeTypes(pass, own, true); f != nil {
		pass.ExportPackageFact(f)
	}
	return decls
}

// importedEdges collects the lock-order edges of the imported packages.
func importedEdges(pass *analysis.Pass) []rules.LockEdge {
	var out []rules.LockEdge
	for _, imp := range pass.Pkg.Imports() {
		var f rules.LockOrderFact
		if pass.ImportPackageFact(imp, &f) {
			out = append(out, f.Edges...)
		}
	}
	return out
}

// check runs the rules on one function; test says it is test code, and
// reported says whether a function's own findings are reported in this
// run.
func check(ctx *rules.Context, enabled []*rules.Rule, f *txflow.Func, test bool, reported reportedFunc) []rules.Finding {
	var out []rules.Finding
	for _, r := range enabled {
		n := len(out)
		if r.Stmt != nil {
			for _, st := range f.Stmts {
				if st.Site.JudgedInCallee() && !r.ViaCalls {
					continue // reported in the callee, where the handle was known
				}
				// A statement this function may run inside its own
				// transaction is its own to judge, unless it runs on a
				// package variable, where the callee judged it.
				outside := st.Tx == nil && (len(st.Open) == 0 || st.Site.OnCalleesGlobal())
				if !r.ViaCalls && st.Site.RepeatsCallee() && outside && reported(st.Site.Via.Fn) {
					continue // reported in the callee, which knew as much
				}
				if r.CalleeCoversPool && st.Site.RepeatsCalleeOnPool() && outside && reported(st.Site.Via.Fn) {
					continue // reported in the callee, for autocommit too
				}
				if st.Site.JudgedAtCallers() {
					continue // reported at the callers, which pass its lock
				}
				if test && st.Site.Via != nil && !st.Site.TextFromCaller {
					// A test calling the code under test: the statement is
					// that code's, judged there and at its real callers.
					continue
				}
				out = append(out, r.Stmt(ctx, st)...)
			}
		}
		if r.Tx != nil {
			for _, tx := range f.Txs {
				out = append(out, r.Tx(ctx, tx)...)
			}
		}
		if r.Func != nil {
			out = append(out, r.Func(ctx, f)...)
		}
		setRule(out[n:], r)
	}
	return out
}

// setRule tags findings with the rule that made them.
func setRule(fs []rules.Finding, r *rules.Rule) {
	for i := range fs {
		fs[i].Rule = r
	}
}

// reportedFunc says whether a function's own findings are reported in
// this run.
type reportedFunc func(*types.Func) bool

// reportedHere returns whether a function's own findings are reported in
// this run: it is declared in this package, or in another package of the
// same module, which a run over the module reports on.
func reportedHere(pass *analysis.Pass) reportedFunc {
	return func(fn *types.Func) bool {
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		if fn.Pkg() == pass.Pkg || strings.TrimSuffix(fn.Pkg().Path(), "_test") == strings.TrimSuffix(pass.Pkg.Path(), "_test") {
			return true
		}
		m := pass.Module
		return m != nil && m.Path != "" && (fn.Pkg().Path() == m.Path || strings.HasPrefix(fn.Pkg().Path(), m.Path+"/"))
	}
}

// isDependency reports whether the package belongs to a module other than
// the main one: go vet analyzes dependencies only for their facts.
func isDependency(pass *analysis.Pass) bool {
	return pass.Module != nil && pass.Module.Version != ""
}

// importRuns returns the RunsFact of another package's function.
func importRuns(pass *analysis.Pass) func(*types.Func) *extract.RunsFact {
	return func(fn *types.Func) *extract.RunsFact {
		var f extract.RunsFact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
}

// importWaits returns what another package's function waits on, as its
// WaitsFact or its FuncFact says; "" when it does not wait.
func importWaits(pass *analysis.Pass) func(*types.Func) string {
	return func(fn *types.Func) string {
		fn = fn.Origin()
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			return ""
		}
		var w extract.WaitsFact
		if pass.ImportObjectFact(fn, &w) {
			return w.What
		}
		var f extract.FuncFact
		if pass.ImportObjectFact(fn, &f) {
			return f.Blocks
		}
		return ""
	}
}

// importGetter returns the field path another package's getter method
// returns, as its GetterFact says.
func importGetter(pass *analysis.Pass) func(*types.Func) (string, bool) {
	return func(fn *types.Func) (string, bool) {
		var f extract.GetterFact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return f.Path, true
		}
		return "", false
	}
}

// touchesDatabase is the package-level fast path: a package that imports
// no database library and none of whose imports has facts cannot send SQL.
func touchesDatabase(pass *analysis.Pass, known knownFuncs) bool {
	for _, imp := range pass.Pkg.Imports() {
		if extract.SendsSQL(imp.Path()) || known.pkgs[imp.Path()] {
			return true
		}
	}
	if known.pkgs[pass.Pkg.Path()] {
		return true
	}
	return hasSQLFacts(pass) || len(pass.AllPackageFacts()) > 0 || !isDependency(pass) && !standard(pass.Pkg) && buildsSQL(pass)
}

// hasSQLFacts reports whether an object fact about SQL reached the
// package. A RunsFact alone does not count: a package that imports a
// retry helper sends no SQL through it unless it has SQL of its own; nor
// does a WaitsFact.
func hasSQLFacts(pass *analysis.Pass) bool {
	for _, f := range pass.AllObjectFacts() {
		switch f.Fact.(type) {
		case *extract.RunsFact, *extract.GetterFact, *extract.WaitsFact:
		default:
			return true
		}
	}
	return false
}

// buildsSQL reports whether the package holds a string constant that
// reads as a SQL statement: a package of query objects or templates sends
// nothing itself, but its callers send what it builds, so its facts count.
// Only the module's own packages are asked: reading every dependency that
// merely mentions "select ..." in a string would cost more than the rare
// query-object library would give.
func buildsSQL(pass *analysis.Pass) bool {
	found := false
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if found {
				return false
			}
			// The literal as written: its quotes and escapes do not
			// change how it starts, and reading it allocates nothing.
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && len(lit.Value) > 2 {
				found = sqltext.LooksLikeStatement(lit.Value[1 : len(lit.Value)-1])
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// mayReturn tells the CFG builder which calls never return, so that code
// after log.Fatal or panic is not a path.
func mayReturn(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if b, ok := info.Uses[fun].(*types.Builtin); ok && b.Name() == "panic" {
				return false
			}
		}
		fn, ok := extractCallee(info, call)
		if !ok {
			return true
		}
		switch fn {
		case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln", "runtime.Goexit":
			return false
		}
		return true
	}
}

func extractCallee(info *types.Info, call *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return "", false
	}
	return fn.Pkg().Path() + "." + fn.Name(), true
}

// joinAtOneCall keeps one finding per rule and position, the first, and,
// for a rule that judges statements one by one, names in it what the
// others at that position say: a helper's call that runs several
// statements (deleteBeans(sess, &Access{...}, &Watch{...})) is one place
// to fix, and each table it scans is still named. The findings of the
// other rules at one position are one problem seen from several pairs of
// statements (two lock orders through one call), and the first says it.
// findings are sorted by position and rule.
func joinAtOneCall(findings []rules.Finding) []rules.Finding {
	out := findings[:0:0]
	for i := 0; i < len(findings); {
		f := findings[i]
		j := i + 1
		var also []string
		seen := map[string]bool{claim(f.Message): true}
		for ; j < len(findings) && findings[j].Pos == f.Pos && findings[j].Rule == f.Rule; j++ {
			if c := claim(findings[j].Message); !seen[c] {
				seen[c] = true
				also = append(also, c)
			}
		}
		if len(also) > 0 && f.Rule.Stmt != nil {
			f.Message = strings.TrimSuffix(f.Message, ".") + ". The same call also: " + strings.Join(also, "; ")
		}
		out = append(out, f)
		i = j
	}
	return out
}

// claim is a finding's first statement: its message up to the first
// ": " outside parentheses ("DELETE on watch can use no index (no index
// of watch starts with repo_id)").
func claim(msg string) string {
	depth := 0
	for i, r := range msg {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 && strings.HasPrefix(msg[i:], ": ") {
				return msg[:i]
			}
		}
	}
	return msg
}

// report sorts findings, drops duplicates and suppressed ones, and reports
// the rest.
func report(pass *analysis.Pass, findings []rules.Finding, b *backends, stmts stmtIndex) Cases {
	var cases Cases
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Pos != findings[j].Pos {
			return findings[i].Pos < findings[j].Pos
		}
		return findings[i].Rule.ID < findings[j].Rule.ID
	})
	ignores := collectIgnores(pass)
	findings = joinAtOneCall(findings)
	var last rules.Finding
	for i, f := range findings {
		if i > 0 && f.Pos == last.Pos && f.Rule == last.Rule {
			continue
		}
		last = f
		if ignores.suppresses(pass.Fset, f) || !b.judges(pass.Fset, f.Pos) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:            f.Pos,
			Category:       f.Rule.ID,
			Message:        f.Rule.ID + ": " + f.Message,
			URL:            DocsURL + f.Rule.ID + ".md",
			SuggestedFixes: f.Fixes,
		}
		for _, r := range f.Related {
			if r.Pos != token.NoPos {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: r.Message})
			}
		}
		pass.Report(d)
		cases = append(cases, stmts.caseOf(pass.Fset, f))
	}
	ignores.reportMalformed(pass)
	return cases
}
