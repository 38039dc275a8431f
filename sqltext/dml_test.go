package sqltext

import (
	"reflect"
	"testing"
)

func TestSelectLock(t *testing.T) {
	tests := []struct {
		sql      string
		lock     Lock
		opt      LockOption
		forShare bool
	}{
		{"SELECT * FROM t WHERE id = ?", LockNone, LockWait, false},
		{"SELECT * FROM t WHERE id = ? FOR UPDATE", LockExclusive, LockWait, false},
		{"SELECT * FROM t WHERE id = ? FOR UPDATE NOWAIT", LockExclusive, LockNoWait, false},
		{"SELECT * FROM t ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED", LockExclusive, LockSkipLocked, false},
		{"SELECT * FROM t WHERE id = ? FOR UPDATE WAIT 5", LockExclusive, LockWaitN, false},
		{"SELECT * FROM t WHERE id = ? FOR SHARE", LockShared, LockWait, true},
		{"SELECT * FROM t WHERE id = ? for  share NOWAIT", LockShared, LockNoWait, true},
		{"SELECT * FROM t WHERE id = ? FOR SHARE SKIP LOCKED", LockShared, LockSkipLocked, true},
		{"SELECT * FROM t WHERE id = ? LOCK IN SHARE MODE", LockShared, LockWait, false},
		// MariaDB spells the shared-lock options after LOCK IN SHARE MODE.
		{"SELECT * FROM t WHERE id = ? LOCK IN SHARE MODE NOWAIT", LockShared, LockNoWait, false},
		{"SELECT * FROM t WHERE id = ? lock in share mode skip locked", LockShared, LockSkipLocked, false},
		{"SELECT * FROM t WHERE id = ? LOCK IN SHARE MODE WAIT 3", LockShared, LockWaitN, false},
		{"SELECT 'FOR SHARE' FROM t /* FOR SHARE */ LOCK IN SHARE MODE", LockShared, LockWait, false},
		{"SELECT a FROM t WHERE id = 1 UNION SELECT a FROM s WHERE id = 2 FOR UPDATE", LockExclusive, LockWait, false},
		{"(SELECT a FROM t FOR UPDATE) UNION ALL (SELECT a FROM s)", LockExclusive, LockWait, false},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != KindSelect || s.Lock != tt.lock || s.LockOption != tt.opt || s.ForShareSyntax != tt.forShare {
			t.Errorf("%s: got kind %d lock %d option %d forShare %v, want lock %d option %d forShare %v",
				tt.sql, s.Kind, s.Lock, s.LockOption, s.ForShareSyntax, tt.lock, tt.opt, tt.forShare)
		}
	}
}

func TestUnionWhere(t *testing.T) {
	s := mustOne(t, "SELECT a FROM t WHERE id = 1 UNION SELECT a FROM s WHERE k = ? ORDER BY a LIMIT 3")
	if got, want := renderCond(s.Where), "or(t.id = 1; s.k = ?0)"; got != want {
		t.Errorf("union where = %s, want %s", got, want)
	}
	if !s.Limit || !reflect.DeepEqual(s.OrderBy, []string{"a"}) {
		t.Errorf("union order/limit = %v %v", s.OrderBy, s.Limit)
	}
	s = mustOne(t, "SELECT a FROM t WHERE id = 1 UNION SELECT a FROM s")
	if s.Where != nil {
		t.Errorf("union with an unfiltered part: where = %s, want nil", renderCond(s.Where))
	}
}

func TestTables(t *testing.T) {
	const h = Hole
	tests := []struct {
		sql  string
		want []TableRef
	}{
		{"SELECT * FROM Accounts", []TableRef{{Name: "accounts"}}},
		{"SELECT * FROM shop.Accounts AS A", []TableRef{{Name: "accounts", Alias: "a"}}},
		{"SELECT * FROM a JOIN b ON a.id = b.aid LEFT JOIN c USING (id)", []TableRef{{Name: "a"}, {Name: "b"}, {Name: "c"}}},
		{"SELECT * FROM a, (SELECT * FROM b) x WHERE a.id IN (SELECT id FROM c)", []TableRef{{Name: "a"}, {Name: "b"}, {Name: "c", Nested: true}}},
		{"SELECT * FROM " + h + " WHERE id = 1", []TableRef{{Name: ""}}},
		{"SELECT * FROM `" + h + "` t", []TableRef{{Name: "", Alias: "t"}}},
		{"SELECT * FROM orders_" + h, []TableRef{{Name: ""}}},
		{"SELECT * FROM jobs " + h + " FOR UPDATE", []TableRef{{Name: "jobs"}}},
		{"UPDATE a JOIN b ON a.id = b.aid SET a.x = b.y", []TableRef{{Name: "a"}, {Name: "b"}}},
		{"UPDATE t SET a = (SELECT MAX(a) FROM s)", []TableRef{{Name: "t"}, {Name: "s", Nested: true}}},
		{"DELETE FROM t WHERE id IN (SELECT id FROM s)", []TableRef{{Name: "t"}, {Name: "s", Nested: true}}},
		{"SELECT * FROM t WHERE a >= (SELECT MAX(a) FROM t) FOR UPDATE", []TableRef{{Name: "t"}, {Name: "t", Nested: true}}},
		{"WITH c AS (SELECT * FROM s WHERE id IN (SELECT id FROM u)) SELECT * FROM c", []TableRef{{Name: "s"}, {Name: "u", Nested: true}}},
		{"DELETE b FROM a JOIN b ON a.id = b.aid", []TableRef{{Name: "b"}, {Name: "a"}}},
		{"DELETE x FROM a JOIN b x ON a.id = x.aid", []TableRef{{Name: "b", Alias: "x"}, {Name: "a"}}},
		{"INSERT INTO t (a) SELECT a FROM s", []TableRef{{Name: "t"}, {Name: "s"}}},
		{"REPLACE INTO t VALUES (1)", []TableRef{{Name: "t"}}},
		{"WITH c AS (SELECT * FROM s) SELECT * FROM c", []TableRef{{Name: "s"}}},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if !reflect.DeepEqual(s.Tables, tt.want) {
			t.Errorf("%s: tables = %+v, want %+v", tt.sql, s.Tables, tt.want)
		}
	}
}

func TestOrderLimit(t *testing.T) {
	s := mustOne(t, "SELECT * FROM jobs WHERE state = ? ORDER BY priority DESC, LOWER(name), created_at LIMIT ?")
	if !reflect.DeepEqual(s.OrderBy, []string{"priority", "", "created_at"}) || !s.Limit {
		t.Errorf("order by %q, limit %v", s.OrderBy, s.Limit)
	}
	s = mustOne(t, "SELECT * FROM jobs ORDER BY created_at "+Hole+" LIMIT "+Hole)
	if !reflect.DeepEqual(s.OrderBy, []string{"created_at"}) || !s.Limit {
		t.Errorf("with holes: order by %q, limit %v", s.OrderBy, s.Limit)
	}
	s = mustOne(t, "DELETE FROM t WHERE a < ? ORDER BY id LIMIT 100")
	if !reflect.DeepEqual(s.OrderBy, []string{"id"}) || !s.Limit {
		t.Errorf("delete: order by %q, limit %v", s.OrderBy, s.Limit)
	}
}

func TestInsert(t *testing.T) {
	s := mustOne(t, "INSERT IGNORE INTO T (A, b) VALUES (?, ?), (?, ?)")
	if s.Kind != KindInsert || !s.Ignore || s.Replace || s.OnDuplicateKey || s.InsertSelect ||
		!reflect.DeepEqual(s.InsertColumns, []string{"a", "b"}) || s.Params != 4 {
		t.Errorf("insert ignore: %+v", s)
	}
	s = mustOne(t, "REPLACE INTO t SET a = ?, b = 2")
	if s.Kind != KindInsert || !s.Replace || !reflect.DeepEqual(s.InsertColumns, []string{"a", "b"}) {
		t.Errorf("replace set: %+v", s)
	}
	s = mustOne(t, "INSERT INTO t (a) SELECT a FROM s WHERE s.k = ? FOR UPDATE")
	if !s.InsertSelect || s.Lock != LockExclusive || renderCond(s.Where) != "s.k = ?0" {
		t.Errorf("insert select: %+v where %s", s, renderCond(s.Where))
	}

	s = mustOne(t, "INSERT INTO counters (id, n, m, v) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "+
		"n = n + VALUES(n), m = VALUES(m), v = ?, counters.w = counters.w + 1, x = GREATEST(x, 0)")
	want := []Assignment{
		{Column: "n", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
		{Column: "m", Value: Value{Kind: ValueExpr, Param: -1}},
		{Column: "v", Value: Value{Kind: ValueParam, Param: 4}},
		{Column: "w", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
		{Column: "x", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
	}
	if !s.OnDuplicateKey || !reflect.DeepEqual(s.Set, want) {
		t.Errorf("on duplicate key: %v\n got  %+v\n want %+v", s.OnDuplicateKey, s.Set, want)
	}

	// MySQL 8.0.19 row alias, which TiDB lacks: new.n is not the row's n.
	s = mustOne(t, "INSERT INTO t (id, n) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE n = new.n, m = m + new.n")
	want = []Assignment{
		{Column: "n", Value: Value{Kind: ValueColumn, Param: -1, Text: "n"}},
		{Column: "m", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
	}
	if !reflect.DeepEqual(s.Set, want) || s.Params != 2 {
		t.Errorf("row alias: %+v", s.Set)
	}
	s = mustOne(t, "INSERT INTO t (a, b) VALUES "+Hole)
	if s.Kind != KindInsert || !reflect.DeepEqual(s.InsertColumns, []string{"a", "b"}) {
		t.Errorf("values hole: %+v", s)
	}
	// The rows joined at run time right after the keyword, no space.
	s = mustOne(t, "REPLACE INTO t(a, b) values"+Hole)
	if s.Kind != KindInsert || !s.Replace || !reflect.DeepEqual(s.InsertColumns, []string{"a", "b"}) {
		t.Errorf("values glued to the rows: %+v", s)
	}
	s = mustOne(t, "INSERT IGNORE INTO t VALUE"+Hole)
	if s.Kind != KindInsert || !s.Ignore || len(s.Tables) != 1 || s.Tables[0].Name != "t" {
		t.Errorf("value glued to the rows: %+v", s)
	}
	// A table whose name starts with the keyword is not the keyword.
	if sums, err := Parse("SELECT a FROM values" + Hole); err == nil && len(sums) == 1 && sums[0].Kind == KindInsert {
		t.Errorf("table name taken for VALUES: %+v", sums[0])
	}
	s = mustOne(t, "INSERT INTO t (a, b) VALUES (?, ?)"+Hole+" ON DUPLICATE KEY UPDATE b = VALUES(b)")
	if s.Kind != KindInsert || !reflect.DeepEqual(s.InsertColumns, []string{"a", "b"}) || !s.OnDuplicateKey {
		t.Errorf("more rows from a hole: %+v", s)
	}
}

func TestUpdateSet(t *testing.T) {
	tests := []struct {
		sql  string
		want []Assignment
	}{
		{"UPDATE accounts SET balance = balance - ?, updated_at = NOW(), note = ? WHERE id = ?", []Assignment{
			{Column: "balance", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
			{Column: "updated_at", Value: Value{Kind: ValueExpr, Param: -1}},
			{Column: "note", Value: Value{Kind: ValueParam, Param: 1}},
		}},
		{"UPDATE stock SET qty = GREATEST(qty - ?, 0), version = version + 1, state = 'x'", []Assignment{
			{Column: "qty", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
			{Column: "version", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
			{Column: "state", Value: Value{Kind: ValueConst, Param: -1, Text: "x"}},
		}},
		{"UPDATE a JOIN b ON a.id = b.aid SET a.x = b.x + 1, a.y = a.y + b.y", []Assignment{
			{Column: "x", Value: Value{Kind: ValueExpr, Param: -1}},
			{Column: "y", Relative: true, Value: Value{Kind: ValueExpr, Param: -1}},
		}},
		{"UPDATE t SET a = :a, b = :b WHERE id = :id", []Assignment{
			{Column: "a", Value: Value{Kind: ValueParam, Param: 0}},
			{Column: "b", Value: Value{Kind: ValueParam, Param: 1}},
		}},
		{"UPDATE t SET a = " + Hole + " WHERE id = ?", []Assignment{
			{Column: "a", Value: Value{Kind: ValueOpaque, Param: -1}},
		}},
		{"UPDATE t SET " + Hole + " WHERE id = ?", []Assignment{
			{Value: Value{Kind: ValueOpaque, Param: -1}},
		}},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != KindUpdate || !reflect.DeepEqual(s.Set, tt.want) {
			t.Errorf("%s\n got  %+v\n want %+v", tt.sql, s.Set, tt.want)
		}
	}

	// Where the WHERE clause may be hidden in a hole, it is opaque, not absent.
	s := mustOne(t, "UPDATE t SET a = ? "+Hole)
	if renderCond(s.Where) != "opaque" {
		t.Errorf("update with trailing hole: where %s", renderCond(s.Where))
	}
	s = mustOne(t, "UPDATE t SET "+Hole+" WHERE id = ?")
	if renderCond(s.Where) != "t.id = ?0" {
		t.Errorf("update SET hole: where %s", renderCond(s.Where))
	}
	s = mustOne(t, "UPDATE t SET a = 1")
	if s.Where != nil {
		t.Errorf("update without where: %s", renderCond(s.Where))
	}
}

func TestKinds(t *testing.T) {
	tests := []struct {
		sql  string
		kind Kind
	}{
		{"SELECT 1", KindSelect},
		{"TABLE t", KindSelect},
		{"INSERT INTO t VALUES (1)", KindInsert},
		{"REPLACE INTO t VALUES (1)", KindInsert},
		{"UPDATE t SET a = 1", KindUpdate},
		{"DELETE FROM t", KindDelete},
		{"CREATE TABLE t (id INT)", KindDDL},
		{"LOCK TABLES t WRITE", KindLockTables},
		{"UNLOCK TABLES", KindUnlockTables},
		{"FLUSH TABLES WITH READ LOCK", KindFlushTables},
		{"SET autocommit = 0", KindSet},
		{"BEGIN", KindBegin},
		{"START TRANSACTION", KindBegin},
		{"START TRANSACTION READ ONLY", KindBegin},
		{"COMMIT", KindCommit},
		{"ROLLBACK", KindRollback},
		{"ROLLBACK TO SAVEPOINT s1", KindOther},
		{"SAVEPOINT s1", KindOther},
		{"SHOW TABLES", KindOther},
		{"EXPLAIN SELECT * FROM t", KindOther},
		{"DO SLEEP(1)", KindOther},
	}
	for _, tt := range tests {
		if s := mustOne(t, tt.sql); s.Kind != tt.kind {
			t.Errorf("%s: kind %d, want %d", tt.sql, s.Kind, tt.kind)
		}
	}
}

func TestAdvisoryLocks(t *testing.T) {
	tests := []struct {
		sql              string
		getLock, release bool
	}{
		{"SELECT GET_LOCK(?, 10)", true, false},
		{"SELECT get_lock('job', 0) AS ok", true, false},
		{"DO RELEASE_LOCK('job')", false, true},
		{"SELECT RELEASE_ALL_LOCKS()", false, true},
		{"SELECT * FROM t WHERE id = ? AND IS_FREE_LOCK('x') = 1", false, false},
		{"SELECT * FROM t WHERE id IN (SELECT GET_LOCK(name, 5) FROM s)", true, false},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.GetLock != tt.getLock || s.ReleaseLock != tt.release {
			t.Errorf("%s: GetLock %v ReleaseLock %v", tt.sql, s.GetLock, s.ReleaseLock)
		}
	}
}

func TestResultColumns(t *testing.T) {
	tests := []struct {
		sql  string
		want []string
	}{
		{"SELECT id, balance FROM accounts WHERE no = ? FOR UPDATE", []string{"id", "balance"}},
		{"SELECT a.ID AS account_id, COUNT(*) FROM accounts a", []string{"id", ""}},
		{"SELECT * FROM t", []string{"*"}},
		{"SELECT t.*, x FROM t", []string{"*", "x"}},
	}
	for _, tt := range tests {
		if got := mustOne(t, tt.sql).Columns; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: columns %q, want %q", tt.sql, got, tt.want)
		}
	}
}

func TestInsertValues(t *testing.T) {
	s := mustOne(t, "INSERT INTO jobs (id, status, run_at, worker) VALUES (?, 0, NOW(), ?)")
	want := []Value{{Kind: ValueParam, Param: 0}, {Kind: ValueConst, Param: -1, Text: "0"}, {Kind: ValueExpr, Param: -1}, {Kind: ValueParam, Param: 1}}
	if !reflect.DeepEqual(s.InsertValues, want) {
		t.Errorf("values %+v, want %+v", s.InsertValues, want)
	}
	if s := mustOne(t, "INSERT INTO jobs (id, status) VALUES (?, 0), (?, 1)"); len(s.InsertValues) != 0 {
		t.Errorf("multi-row VALUES: got %+v, want none", s.InsertValues)
	}
}

func TestCountOnly(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT COUNT(*) FROM accounts WHERE email = ? LOCK IN SHARE MODE": true,
		"SELECT count(id) FROM accounts WHERE email = ?":                   true,
		"SELECT COUNT(*), MAX(id) FROM accounts":                           false,
		"SELECT id FROM accounts WHERE email = ?":                          false,
	} {
		if got := mustOne(t, sql).CountOnly; got != want {
			t.Errorf("%s: CountOnly %v, want %v", sql, got, want)
		}
	}
}

func TestSoleSubquery(t *testing.T) {
	s := mustOne(t, "SELECT COALESCE((SELECT acked FROM offsets WHERE grp = ? FOR UPDATE), 0)")
	if s.Lock != LockExclusive || len(s.Tables) != 1 || s.Tables[0].Name != "offsets" || s.Tables[0].Nested {
		t.Errorf("wrapped locking read: lock=%v tables=%+v", s.Lock, s.Tables)
	}
	if got, want := renderCond(s.Where), "offsets.grp = ?0"; got != want {
		t.Errorf("wrapped locking read: where = %s, want %s", got, want)
	}
	s = mustOne(t, "SELECT (SELECT MAX(id) FROM a), (SELECT MAX(id) FROM b FOR UPDATE)")
	if s.Lock != LockNone {
		t.Errorf("two subqueries: lock = %v, want none", s.Lock)
	}
	s = mustOne(t, "SELECT IFNULL((SELECT v FROM t WHERE id IN (SELECT id FROM u) FOR UPDATE), 0)")
	if want := []TableRef{{Name: "t"}, {Name: "u", Nested: true}}; !reflect.DeepEqual(s.Tables, want) {
		t.Errorf("nested below the wrapped query: tables = %+v, want %+v", s.Tables, want)
	}
}

func TestLockingSubqueries(t *testing.T) {
	s := mustOne(t, "SELECT pos, payload FROM events WHERE pos > (SELECT COALESCE((SELECT acked FROM offsets WHERE grp = ? FOR UPDATE), 0)) AND topic = ? ORDER BY pos LIMIT 10")
	if s.Lock != LockNone || len(s.LockingSubqueries) != 1 {
		t.Fatalf("nested FOR UPDATE: lock=%v subqueries=%d, want none and 1", s.Lock, len(s.LockingSubqueries))
	}
	sub := s.LockingSubqueries[0]
	if sub.Kind != KindSelect || sub.Lock != LockExclusive || len(sub.Tables) != 1 || sub.Tables[0].Name != "offsets" || sub.Tables[0].Nested {
		t.Errorf("nested FOR UPDATE: kind=%v lock=%v tables=%+v", sub.Kind, sub.Lock, sub.Tables)
	}
	if got, want := renderCond(sub.Where), "offsets.grp = ?0"; got != want {
		t.Errorf("nested FOR UPDATE: where = %s, want %s", got, want)
	}
	if sub.Params != 2 || !sub.DefaultsMissing {
		t.Errorf("nested FOR UPDATE: params = %d, defaults missing %v, want the statement's 2 and true", sub.Params, sub.DefaultsMissing)
	}
	if !mustOne(t, "SELECT IFNULL((SELECT acked FROM offsets WHERE grp = ? FOR UPDATE), 0)").DefaultsMissing {
		t.Errorf("wrapped in IFNULL: the missing row is not defaulted")
	}
	if mustOne(t, "SELECT (SELECT acked FROM offsets WHERE grp = ? FOR UPDATE)").DefaultsMissing {
		t.Errorf("a bare subquery defaults nothing")
	}
	s = mustOne(t, "UPDATE jobs SET state = 'done' WHERE id IN (SELECT job_id FROM claims WHERE worker = ? LOCK IN SHARE MODE)")
	if len(s.LockingSubqueries) != 1 || s.LockingSubqueries[0].Lock != LockShared || s.LockingSubqueries[0].Tables[0].Name != "claims" {
		t.Errorf("UPDATE with a locking subquery: %+v", s.LockingSubqueries)
	}
	// The wrapped query is the statement itself, and plain subqueries lock
	// nothing of their own.
	for _, q := range []string{
		"SELECT COALESCE((SELECT acked FROM offsets WHERE grp = ? FOR UPDATE), 0)",
		"SELECT pos FROM events WHERE pos > (SELECT MAX(acked) FROM offsets) FOR UPDATE",
		"WITH c AS (SELECT acked FROM offsets WHERE grp = ?) SELECT pos FROM events, c WHERE pos > c.acked",
	} {
		if n := len(mustOne(t, q).LockingSubqueries); n != 0 {
			t.Errorf("%s: %d locking subqueries, want 0", q, n)
		}
	}
}

func TestGetLockNoWait(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT GET_LOCK(?, 0)":          true,
		"SELECT GET_LOCK('jobs', 0)":     true,
		"SELECT GET_LOCK('jobs', 10)":    false,
		"SELECT GET_LOCK(?, ?)":          false,
		"SELECT RELEASE_LOCK('jobs')":    false,
		"DO GET_LOCK(CONCAT('a', ?), 0)": true,
	} {
		if got := mustOne(t, sql).GetLockNoWait; got != want {
			t.Errorf("%s: GetLockNoWait %v, want %v", sql, got, want)
		}
	}
}
