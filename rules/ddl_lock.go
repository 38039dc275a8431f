package rules

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// DDLLock finds DDL that needs an exclusive metadata lock run where its
// wait stalls the table: from application code and from migrations.
//
// ALTER TABLE, CREATE and DROP INDEX, DROP TABLE, TRUNCATE, RENAME TABLE
// and OPTIMIZE TABLE need an exclusive metadata lock on their table, at
// least at their start and end, whatever ALGORITHM they run with. Any open
// transaction that has touched the table holds a shared metadata lock on
// it until it ends, even after a plain SELECT (ground truth 13b,
// TestDDLLock_OpenReadTxBlocksAlter). The DDL waits for it, and while it
// waits every later statement on the table, plain autocommit reads
// included, queues behind the DDL (13c,
// TestDDLLock_WaitingAlterBlocksLaterReads; the same for DROP INDEX and
// CREATE UNIQUE INDEX, TestDDLLock_WaitingIndexDDLBlocksLaterReads), for
// up to lock_wait_timeout:
// by default one day on MariaDB and one year on MySQL. A short
// lock_wait_timeout set first on the same session makes the DDL fail fast
// with error 1205 instead, and the table keeps serving
// (TestDDLLock_ShortLockWaitTimeoutFailsFast).
//
// From Go code the rule reports such DDL
//
//   - run through a transaction: the server commits the transaction
//     implicitly before the DDL (TestDDLLock_DDLCommitsTransaction);
//   - run while a transaction of the same function that touched the table
//     is open on another handle: the DDL waits for a lock the function
//     itself holds;
//   - otherwise, unless a SET [SESSION] lock_wait_timeout of at most 10 s
//     ran earlier on the same connection: on a *sql.Conn or in the same
//     transaction. On the pool (*sql.DB) no SET can count, since the pool
//     picks any connection for each statement (database/sql keeps no
//     session state for a *sql.DB; TestDDLLock_SetIsPerSession shows a
//     SET on one connection leaves another's wait unchanged).
//
// GORM's AutoMigrate and Migrator() calls are DDL too, reported outside
// startup and migration code (see extract/gorm_migrate.go), and in a
// step of a versioned migration on a table an earlier step of the same
// runner created or changed (extract/migration_steps.go): run once, at the
// deploy that brings a database past the step, it alters that table while
// the old version serves. The statements it sends then (ADD COLUMN, MODIFY
// COLUMN, CREATE INDEX) wait and queue the table like any other
// (TestDDLLock_AutoMigrateStatementsBlockLaterReads). xorm's Sync in an
// xormigrate step is judged the same way; on an existing table it also
// drops the indexes its bean does not declare (TestSyncAltersExistingTable
// in groundtruth/xormsql), and since the step's session is not begun, its
// fix sets the wait in the DSN, for every connection.
//
// A helper whose DDL names the table its caller passes
// (DropTable(ctx, name), RenameTable(from, to), dropIndex(db, index,
// table) building "DROP INDEX %s ON %s", or Exec(ctx, stmt), also behind
// a project's interface with one implementation) is judged at each
// caller, with the caller's table, exactly as if the DDL were written
// there: the server makes it wait and queues the table behind it the same
// way wherever the text was built. So startup and migration code (main,
// init, constructors, Migrate, Setup, Init...) is reported like any other
// code when the helper runs the DDL on the pool, and is silent after a
// short lock_wait_timeout on the same *sql.Conn or transaction; a caller
// that serves requests gets a note that the DDL runs on a request path.
//
// In migration files it reports DDL after a BEGIN that has not ended, and
// ALTER TABLE / CREATE INDEX operations that cannot run online (see
// copyReason) unless the statement states ALGORITHM= or LOCK=, or the file
// set a short lock_wait_timeout before it. Online operations (ADD COLUMN,
// ADD INDEX, ...) in files are not reported: migration tools run files at
// deploy time, where the wait is the deployer's to watch.
//
// Test code (test files, helpers taking a *testing.T, test-helper
// packages) is not checked unless asked: a fixture that drops and
// recreates its tables does so on a test database where no traffic
// queues behind the metadata lock.
var DDLLock = &Rule{
	ID:      "ddl-lock",
	Summary: "DDL needing an exclusive metadata lock inside a transaction or without a short lock_wait_timeout: while it waits, every query on the table queues behind it",
	Func:    ddlLock,
	File:    ddlLockFile,
}

// mdlDDL returns the DDL of s when it needs an exclusive metadata lock on
// an existing table.
func mdlDDL(s *sqltext.Summary) *sqltext.DDL {
	if s == nil || s.Kind != sqltext.KindDDL || s.DDL == nil {
		return nil
	}
	switch s.DDL.Op {
	case sqltext.DDLAlterTable, sqltext.DDLCreateIndex, sqltext.DDLDropIndex, sqltext.DDLDropTable,
		sqltext.DDLRenameTable, sqltext.DDLTruncate, sqltext.DDLOptimize:
		return s.DDL
	}
	return nil
}

// ddlText names a DDL statement for messages: "ALTER TABLE orders". A
// table named at run time is described once, in the statement ("ALTER
// TABLE ... (the table named at run time by field s.table)"), and is
// "that table" after it; unknown describes it.
func ddlText(d *sqltext.DDL, unknown string) (stmt, table string) {
	table = unknown
	named := len(d.Tables) > 0 && d.Tables[0] != ""
	if named {
		table = d.Tables[0]
	}
	verb := map[sqltext.DDLOp]string{
		sqltext.DDLAlterTable:  "ALTER TABLE",
		sqltext.DDLCreateIndex: "CREATE INDEX on",
		sqltext.DDLDropIndex:   "DROP INDEX on",
		sqltext.DDLDropTable:   "DROP TABLE",
		sqltext.DDLRenameTable: "RENAME TABLE",
		sqltext.DDLTruncate:    "TRUNCATE TABLE",
		sqltext.DDLOptimize:    "OPTIMIZE TABLE",
	}[d.Op]
	if verb == "" {
		verb = "DDL on"
	}
	if !named && unknown != "its table" {
		return verb + " ... (" + unknown + ")", "that table"
	}
	return verb + " " + table, table
}

// mdlWait is what every ddl-lock message says first.
func mdlWait(c *Context, stmt, table string) string { return stmt + " " + needsMDL(c, table) }

func needsMDL(c *Context, table string) string {
	return fmt.Sprintf("needs an exclusive metadata lock on %s: it waits for every open transaction that has touched %s, even with a plain SELECT, and while it waits every later query on %s, plain reads included, queues behind it, for up to lock_wait_timeout (%s)",
		table, table, table, defaultLockWait(c.Server))
}

// defaultLockWait is the server's default lock_wait_timeout, in words.
func defaultLockWait(s target.Server) string {
	switch s.Engine {
	case target.MariaDB:
		return "default one day"
	case target.MySQL8, target.MySQL57:
		return "default one year"
	}
	return "default one day on MariaDB, one year on MySQL"
}

func ddlLock(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	firstWait := map[string]int{}   // table -> its first unbounded wait in out
	again := map[string]int{}       // table -> its later changes
	tablesOf := map[int][]string{}  // index in out -> the tables of that wait, its call's first first
	callWait := map[token.Pos]int{} // a call -> its first unbounded wait in out
	var steps []stepChange
	for _, st := range f.Stmts {
		if isMigrateCall(st.Site) {
			if st.Site.Step != nil {
				if fd, ok := stepMigrateFinding(c, f, st); ok {
					steps = append(steps, stepChange{fd, st})
				}
				continue
			}
			if st.Site.Via != nil {
				continue // a wrapper's: judged only in migration steps
			}
			if st.Site.TableFromCaller() {
				continue // a DAL's DropTables(dst...): its callers name the table
			}
			if fd, ok := autoMigrateFinding(c, st); ok {
				out = append(out, fd)
			}
			continue
		}
		if st.Site.TableFromCaller() {
			continue // a DropTable(name) helper: judged at its callers
		}
		fromCaller := st.Site.TextFromCaller || st.Site.HolesFilledByCaller()
		d := mdlDDL(st.SQL())
		if d == nil {
			continue
		}
		if fd, ok, unbounded := ddlFinding(c, f, st, d); ok {
			if fromCaller && f.Extract.Entry() == extract.EntryRequest {
				fd.Message = strings.Replace(fd.Message, ". Fix: ", fmt.Sprintf(". %s serves requests: the DDL runs on a request path, against live traffic. Fix: ", f.Extract.Name()), 1)
			}
			if table := namedTable(d); table != "" && unbounded {
				// One problem: the function changes the table without
				// a short wait limit. Its other changes of the table are
				// where the same wait happens again.
				if i, seen := firstWait[table]; seen {
					out[i].Related = append(out[i].Related, Related{Pos: fd.Pos, Message: "another schema change of " + table + ", with the same wait"})
					again[table]++
					continue
				}
				if i, seen := callWait[fd.Pos]; seen {
					// One call (a helper's) changes several tables: one
					// finding at the call, naming each.
					firstWait[table] = i
					tablesOf[i] = append(tablesOf[i], table)
					continue
				}
				callWait[fd.Pos] = len(out)
				firstWait[table] = len(out)
				tablesOf[len(out)] = []string{table}
			}
			out = append(out, fd)
		}
	}
	for _, sc := range steps {
		// A step's model-derived change of a table the function also
		// changes with its own DDL: one problem, the function's changes
		// of the table without a short wait. The DDL is certain, what
		// the model sends depends on the table at that step, so the
		// DDL's finding stands and the model's change is one of its
		// related positions. So is a second model-derived change of
		// the table in the same step.
		tables := sc.st.Site.Step.Tables
		i, seen := firstWait[tables[0]]
		if !seen || len(tables) > 1 {
			if len(tables) == 1 {
				firstWait[tables[0]] = len(out)
			}
			out = append(out, sc.finding)
			continue
		}
		out[i].Related = append(out[i].Related, Related{Pos: sc.finding.Pos, Message: fmt.Sprintf("%s (%s) may change %s here too, with the same wait", sc.st.Site.Method, migrator(sc.st), tables[0])})
	}
	for i, tables := range tablesOf {
		var more []string
		if len(tables) > 1 {
			more = append(more, fmt.Sprintf("The same call changes %s too, with the same wait.", strings.Join(tables[1:], ", ")))
		}
		for _, table := range tables {
			if n := again[table]; n > 0 {
				times := "once more"
				if n > 1 {
					times = fmt.Sprintf("%d more times", n)
				}
				more = append(more, fmt.Sprintf("The function changes %s %s the same way (related positions).", table, times))
			}
		}
		if len(more) > 0 {
			out[i].Message = strings.Replace(out[i].Message, ". Fix: ", ". "+strings.Join(more, " ")+" Fix: ", 1)
		}
	}
	return out
}

// stepChange is a migration step's schema change derived from models,
// and its finding.
type stepChange struct {
	finding Finding
	st      *txflow.Stmt
}

// namedTable is the table a DDL statement names in its text, "" when
// the name comes at run time (two such statements may change two tables).
func namedTable(d *sqltext.DDL) string {
	if len(d.Tables) == 0 {
		return ""
	}
	return d.Tables[0]
}

// ddlFinding judges one DDL statement of f. unbounded is set for the
// plain finding of a metadata-lock wait nothing bounds (on the pool, or
// on a connection without a short lock_wait_timeout), as opposed to an
// implicit commit or a wait on the function's own transaction, each a
// problem of its own.
func ddlFinding(c *Context, f *txflow.Func, st *txflow.Stmt, d *sqltext.DDL) (fd Finding, ok, unbounded bool) {
	stmt, table := ddlText(d, runTimeTable(tableHoles(st)))
	stmt += via(st)
	h := st.Site.Handle
	fd = Finding{Pos: st.Pos()}
	// A helper that saw a pool or a transaction reported the DDL itself.
	// A helper whose table its caller names left the DDL to the caller.
	judged := st.Site.JudgedInCallee() && !st.Site.HolesFilledByCaller() &&
		(st.Site.ViaKind == extract.HandlePool || st.Site.ViaKind == extract.HandleTx)
	if st.Tx != nil && !judged && workBefore(st) {
		fd.Message = fmt.Sprintf("%s commits the open transaction implicitly: the server ends the transaction before any DDL, so the statements before it are committed whatever the code does next and the later Commit or Rollback has nothing to end; and the DDL itself %s. Fix: run schema changes outside transactions, out of band (a migration tool at deploy time), not from request code",
			stmt, needsMDL(c, table))
		fd.Related = beginRelated(st)
		return fd, true, false
	}
	if c.Server.Engine == target.TiDB {
		// TiDB's metadata lock does not queue statements behind a
		// waiting DDL.
		return fd, false, false
	}
	if tx, by := holdsMDL(f, st, table); tx != nil {
		fd.Message = fmt.Sprintf("%s waits for the metadata lock that this function's own open transaction holds on %s since the statement at line %d, and the transaction cannot end while the function waits for the DDL: it hangs for lock_wait_timeout (%s) while every later query on %s queues behind it. Fix: commit or roll back the transaction before the DDL, or run schema changes out of band",
			stmt, table, line(c, by.Pos()), defaultLockWait(c.Server), table)
		fd.Related = []Related{{Pos: by.Pos(), Message: "this statement's transaction holds the metadata lock"}}
		if p := tx.BeginPos(); p.IsValid() {
			fd.Related = append(fd.Related, Related{Pos: p, Message: "the transaction begins here"})
		}
		return fd, true, false
	}
	if judged || st.Tx != nil && workBefore(st) {
		return fd, false, false
	}
	if boundsOwnWait(d) {
		return fd, false, false // ALTER TABLE t WAIT 5 ...: fails fast on its own
	}
	kind := h.Kind
	if h.Pinned {
		kind = extract.HandleConn // one connection: SET SESSION applies to it
	}
	switch kind {
	case extract.HandlePool:
		msg := fmt.Sprintf("%s. It runs on the pool (%s), where no SET SESSION lock_wait_timeout can shorten the wait: the pool runs each statement on whichever connection it picks", mdlWait(c, stmt, table), h.Type)
		if set := poolSet(f, st); set != nil {
			msg += fmt.Sprintf(", so the SET at line %d may have set another connection", line(c, set.Pos()))
			fd.Related = []Related{{Pos: set.Pos(), Message: "this SET ran on the pool, not necessarily on the DDL's connection"}}
		}
		fd.Message = msg + ". Fix: take one connection with db.Conn(ctx), run `SET SESSION lock_wait_timeout = 5` and then the DDL on it, retrying on error 1205; or run migrations out of band"
		return fd, true, true
	case extract.HandleConn, extract.HandleTx, extract.HandleUnknown:
		if timeoutSet(f, st) || !f.Owns(h.Ref) {
			// A handle the function does not own may have had its
			// timeout set by the code that holds it; callers see the DDL
			// through this function's fact.
			return fd, false, false
		}
		fd.Message = fmt.Sprintf("%s, and no SET SESSION lock_wait_timeout of at most %d s runs on this connection before it. Fix: run `SET SESSION lock_wait_timeout = 5` on the same connection first (on MariaDB, `ALTER TABLE t WAIT 5 ...` does the same) so the DDL fails fast with error 1205 and can be retried; ALGORITHM=INPLACE, LOCK=NONE keeps the table writable while it is rebuilt but still needs the metadata lock; or run migrations out of band",
			mdlWait(c, stmt, table), maxShortLockWait)
		return fd, true, true
	}
	return fd, false, false
}

// line is the line of p, for messages.
func line(c *Context, p token.Pos) int {
	if c.Fset == nil || !p.IsValid() {
		return 0
	}
	return c.Fset.Position(p).Line
}

// holdsMDL returns an open transaction of this function, other than the
// statement's own, with a statement on table that may run before st.
func holdsMDL(f *txflow.Func, st *txflow.Stmt, table string) (*txflow.Tx, *txflow.Stmt) {
	for _, tx := range st.Open {
		for _, s := range tx.Stmts {
			if s.SQL() == nil || !touches(s.SQL(), table) || !f.MayPrecede(s, st) {
				continue
			}
			return tx, s
		}
	}
	return nil, nil
}

func touches(s *sqltext.Summary, table string) bool {
	for _, t := range s.Tables {
		if t.Name == table {
			return true
		}
	}
	return false
}

// timeoutSet reports whether a short lock_wait_timeout is set on the
// statement's connection (or in its transaction) on some path before it.
func timeoutSet(f *txflow.Func, st *txflow.Stmt) bool {
	for _, s := range f.Stmts {
		if s != st && (s.Site.Handle.Kind != extract.HandlePool || s.Site.Handle.Pinned) && s.Site.Handle.Ref == st.Site.Handle.Ref &&
			st.Site.Handle.Ref.Valid() && setsShortLockWait(s.SQL()) && f.MayPrecede(s, st) {
			return true
		}
	}
	return false
}

// poolSet returns a SET lock_wait_timeout run on the pool before st.
func poolSet(f *txflow.Func, st *txflow.Stmt) *txflow.Stmt {
	for _, s := range f.Stmts {
		if s != st && s.Site.Handle.Kind == extract.HandlePool && !s.Site.Handle.Pinned && setsShortLockWait(s.SQL()) && f.MayPrecede(s, st) {
			return s
		}
	}
	return nil
}

// ddlLockFile checks a migration file, whose statements run in order on
// one connection.
func ddlLockFile(c *Context, f *SQLFile) []Finding {
	var out []Finding
	timeout, fkOff, inTx := false, false, false
	// A table this file creates is new and empty: nothing queries it yet,
	// so changing it again in the same file waits for no one.
	created := map[string]bool{}
	// running is the schema as it stands before each statement, when the
	// earlier migrations are known.
	var running *schema.Schema
	if f.Prior != nil {
		running = f.Prior.Clone()
	}
	// added are the column types this file's own ALTERs gave tables the
	// earlier migrations do not describe (a table made before the first
	// migration): a later CHANGE of such a column to the type the file
	// just gave it changes no type.
	added := map[string]map[string]string{}
	var prev *sqltext.Summary
	for _, s := range f.Stmts {
		if running != nil && prev != nil {
			running.Apply(prev)
		}
		if prev != nil {
			noteAddedTypes(added, prev)
		}
		prev = s
		if s.Kind == sqltext.KindDDL && s.DDL != nil && s.DDL.Op == sqltext.DDLCreateTable && !s.DDL.IfNotExists && len(s.DDL.Tables) > 0 {
			created[s.DDL.Tables[0]] = true
		}
		switch s.Kind {
		case sqltext.KindBegin:
			inTx = true
		case sqltext.KindCommit, sqltext.KindRollback:
			inTx = false
		case sqltext.KindSet:
			if setsShortLockWait(s) {
				timeout = true
			}
			if set, off := setsOff(s, "foreign_key_checks"); set {
				fkOff = off
			}
		}
		d := mdlDDL(s)
		if d == nil {
			continue
		}
		stmt, table := ddlText(d, unknownTable)
		switch {
		case inTx:
			out = append(out, Finding{Pos: f.Pos(s), Message: fmt.Sprintf(
				"%s commits the transaction this file began implicitly: the server ends the transaction before any DDL, so the statements before it are committed and a later ROLLBACK undoes nothing. Fix: keep DDL out of BEGIN ... COMMIT blocks", stmt)})
			inTx = false
		case d.Op != sqltext.DDLAlterTable && d.Op != sqltext.DDLCreateIndex, statesAlgorithm(d), timeout, boundsOwnWait(d), created[table]:
		default:
			var before *schema.Table
			if running != nil {
				before = running.Table(table)
			}
			if before == nil && added[table] != nil {
				before = &schema.Table{Name: table, Types: added[table]}
			}
			if why, certain := copyReason(d, c.Server, fkOff, before); why != "" {
				can := "cannot run online: "
				if !certain {
					can = "may not run online: "
				}
				out = append(out, Finding{Pos: f.Pos(s), Message: fmt.Sprintf(
					"%s %s%s. It also needs an exclusive metadata lock on %s at its start and end, and every query on %s queues behind it while it waits for that lock. Fix: state ALGORITHM=INPLACE, LOCK=NONE (or ALGORITHM=INSTANT), so that the server refuses rather than copies when it cannot; run a table copy with an online schema change tool (gh-ost, pt-online-schema-change); and run `SET SESSION lock_wait_timeout = 5` earlier in the file",
					stmt, can, why, table, table)})
			}
		}
	}
	return out
}

// isMigrateCall reports whether the site is a GORM schema change derived
// from models.
func isMigrateCall(s *extract.Site) bool { return s.Migrate }

// autoMigrateFinding reports GORM's AutoMigrate / Migrator() outside
// startup and migration code (extract leaves those out).
func autoMigrateFinding(c *Context, st *txflow.Stmt) (Finding, bool) {
	if c.Server.Engine == target.TiDB {
		return Finding{}, false
	}
	sends := "DDL derived from the models, ALTER TABLE for every column, index or constraint that differs, and each ALTER"
	if d := st.Site.SQL.DDL; d != nil && d.Op != sqltext.DDLAlterTable {
		// DropTable, CreateIndex, RenameTable...: one statement, not a
		// diff of the models, so say which.
		stmt, _ := ddlText(d, "its table")
		sends = strings.TrimSuffix(strings.TrimSuffix(stmt, " its table"), " on") + ", which"
	}
	return Finding{
		Pos: st.Pos(),
		Message: fmt.Sprintf("%s (%s) sends %s %s. Called outside startup and migration code, it runs on a request path against live traffic. Fix: run migrations out of band, once per deploy from a migration command or tool, not from request handlers",
			st.Site.Method, migrator(st), sends, needsMDL(c, "its table")),
	}, true
}

// migrator names the library whose models a schema change is derived
// from.
func migrator(st *txflow.Stmt) string {
	if st.Site.Framework == extract.XORM {
		return "xorm"
	}
	return "GORM"
}

// stepMigrateFinding reports a GORM schema change that a step of a
// versioned migration makes on a table an earlier step created or
// changed: the step runs once, and on a database from before it the
// change is real DDL, which needs the table's exclusive metadata lock.
func stepMigrateFinding(c *Context, f *txflow.Func, st *txflow.Stmt) (Finding, bool) {
	if c.Server.Engine == target.TiDB {
		return Finding{}, false
	}
	step := st.Site.Step
	h := st.Site.Handle
	if (h.Kind != extract.HandlePool || h.Pinned) && timeoutSet(f, st) {
		return Finding{}, false // a short wait limit on its own connection first
	}
	tables := strings.Join(step.Tables, ", ")
	what := fmt.Sprintf("adds with ALTER TABLE on %s the model's columns the table lacks, changes those whose type differs, and creates the indexes it lacks", tables)
	if d := st.Site.SQL.DDL; st.Site.Method != "AutoMigrate" && d != nil {
		named := *d
		named.Tables = step.Tables[:1]
		stmt, _ := ddlText(&named, tables)
		what = "sends " + stmt
	}
	fix := "run it on one connection after `SET SESSION lock_wait_timeout = 5` (GORM's db.Connection(func(tx *gorm.DB) error { ... }) keeps one connection), retrying on error 1205"
	if st.Site.Framework == extract.XORM {
		what, fix = xormSyncChange(tables, st.Site.SyncDrops)
	}
	fd := Finding{Pos: st.Pos()}
	fd.Message = fmt.Sprintf("%s (%s)%s in the migration step %s runs once, at the deploy that brings a database past that step, while instances of the old version may still serve: on a database where the earlier step %s already made %s, it %s. That %s. Fix: %s; or run the migration out of band, before the new version starts",
		st.Site.Method, migrator(st), via(st), step.Name, step.Earlier, tables, what, needsMDL(c, tables), fix)
	return fd, true
}

// xormSyncChange says what an xorm Sync of an existing table sends, by
// which undeclared indexes its options let it drop (TestSyncAltersExistingTable,
// TestSyncWithOptionsKeepsOnlyPlainIndexes and
// TestSyncWithOptionsAltersExistingTable in groundtruth/xormsql), and the
// fix. An xorm session that is not begun sends each statement on
// whichever connection the pool picks: a SET on it may not reach the
// Sync's ALTER, while the DSN's system variables are set on every
// connection.
func xormSyncChange(tables string, drops extract.SyncDrops) (what, fix string) {
	what = "adds with ALTER TABLE on " + tables + " the columns and indexes the bean declares that the table lacks"
	fix = "give the migration's connections a short wait with the DSN parameter lock_wait_timeout=5 (go-sql-driver/mysql sets it on every connection it opens), retrying on error 1205"
	keep := ", and sync a bean that lists only the step's columns with SyncWithOptions(xorm.SyncOptions{IgnoreDropIndices: true, IgnoreConstrains: true}) so that the table keeps its indexes (IgnoreDropIndices alone keeps only the plain ones)"
	switch drops {
	case extract.SyncDropsNone:
		return what + ", and keeps the indexes the bean does not declare", fix
	case extract.SyncDropsAll:
		what += ", and drops every index of the table that the bean does not declare (a bean listing only the step's columns drops them all)"
	case extract.SyncDropsUnique:
		what += ", and drops every unique index of the table that the bean does not declare (IgnoreDropIndices keeps only the plain ones)"
	default:
		what += ", and, as its options say, may drop indexes of the table that the bean does not declare"
	}
	return what, fix + keep
}

// noteAddedTypes records the column types an ALTER TABLE gives, following
// its column renames, for ddlLockFile's tables the earlier migrations do
// not describe. A statement that drops or renames the table forgets it.
func noteAddedTypes(added map[string]map[string]string, s *sqltext.Summary) {
	d := s.DDL
	if s.Kind != sqltext.KindDDL || d == nil || len(d.Tables) == 0 {
		return
	}
	table := d.Tables[0]
	switch {
	case d.Op == sqltext.DDLDropTable || d.Op == sqltext.DDLRenameTable || len(d.Renames) > 0:
		delete(added, table)
		return
	case d.Op != sqltext.DDLAlterTable:
		return
	}
	types := added[table]
	if types == nil {
		types = map[string]string{}
		added[table] = types
	}
	for _, r := range d.ColumnRenames {
		if t, ok := types[r.From]; ok {
			delete(types, r.From)
			types[r.To] = t
		}
	}
	for _, c := range d.ColumnTypes {
		types[c.Name] = c.Type
	}
}
