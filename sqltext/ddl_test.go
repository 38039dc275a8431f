package sqltext

import (
	"reflect"
	"testing"
)

func TestDDL(t *testing.T) {
	tests := []struct {
		sql  string
		want DDL
	}{
		{
			"CREATE TABLE IF NOT EXISTS Orders (Id BIGINT PRIMARY KEY AUTO_INCREMENT, email VARCHAR(100) NOT NULL UNIQUE, " +
				"user_id INT, state INT, name VARCHAR(200), body TEXT, " +
				"KEY idx_user (user_id, state), UNIQUE KEY uk_name (name(20)), INDEX (state), FULLTEXT ft (body), " +
				"CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB",
			DDL{
				Op:          DDLCreateTable,
				IfNotExists: true,
				Tables:      []string{"orders", "users"},
				Columns:     []string{"id", "email", "user_id", "state", "name", "body"},
				AddIndexes: []IndexDef{
					{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
					{Columns: []string{"email"}, Unique: true},
					{Name: "idx_user", Columns: []string{"user_id", "state"}},
					{Name: "uk_name", Columns: []string{"name"}, Unique: true},
					{Columns: []string{"state"}},
					{Name: "fk_user", Columns: []string{"user_id"}},
				},
				ForeignKeys: []ForeignKey{{Name: "fk_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
			},
		},
		{
			"CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))",
			DDL{Op: DDLCreateTable, Tables: []string{"t"}, Columns: []string{"a", "b"},
				AddIndexes: []IndexDef{{Name: "primary", Columns: []string{"a", "b"}, Unique: true, Primary: true}}},
		},
		{
			"CREATE TABLE t2 LIKE t1",
			DDL{Op: DDLCreateTable, Tables: []string{"t2", "t1"}},
		},
		{
			"ALTER TABLE db.T ADD INDEX Idx_A (A), ADD UNIQUE KEY uk (b, c(10)), DROP INDEX old_idx, DROP PRIMARY KEY, " +
				"ADD PRIMARY KEY (id, a), ADD COLUMN c INT, MODIFY COLUMN d BIGINT, CHANGE e f INT, " +
				"ALTER COLUMN g SET DEFAULT 1, ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4, " +
				"ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES parent (id), ALGORITHM=INPLACE, LOCK=NONE",
			DDL{
				Op:      DDLAlterTable,
				Tables:  []string{"t", "parent"},
				Columns: []string{"c"},
				AddIndexes: []IndexDef{
					{Name: "idx_a", Columns: []string{"a"}},
					{Name: "uk", Columns: []string{"b", "c"}, Unique: true},
					{Name: "primary", Columns: []string{"id", "a"}, Unique: true, Primary: true},
					{Name: "fk", Columns: []string{"p"}},
				},
				DropIndexes: []string{"old_idx", "primary"},
				AlterSpecs: []string{"ADD INDEX", "ADD INDEX", "DROP INDEX", "DROP PRIMARY KEY", "ADD PRIMARY KEY",
					"ADD COLUMN", "MODIFY COLUMN", "CHANGE COLUMN", "ALTER COLUMN DEFAULT", "ENGINE",
					"CONVERT TO CHARACTER SET", "ADD FOREIGN KEY"},
				Algorithm:     "INPLACE",
				LockClause:    "NONE",
				ModifyTypes:   []string{"bigint", "int"},
				ColumnRenames: []Rename{{From: "e", To: "f"}},
				ForeignKeys:   []ForeignKey{{Name: "fk", Columns: []string{"p"}, RefTable: "parent", RefColumns: []string{"id"}}},
			},
		},
		{
			"ALTER TABLE t RENAME COLUMN Old TO New",
			DDL{Op: DDLAlterTable, Tables: []string{"t"}, AlterSpecs: []string{"RENAME COLUMN"}, ColumnRenames: []Rename{{From: "old", To: "new"}}},
		},
		{
			"ALTER TABLE a RENAME TO b",
			DDL{Op: DDLAlterTable, Tables: []string{"a", "b"}, Renames: []Rename{{From: "a", To: "b"}}, AlterSpecs: []string{"RENAME"}},
		},
		{
			"ALTER TABLE t ADD COLUMN code VARCHAR(10) UNIQUE, ALGORITHM=INSTANT",
			DDL{Op: DDLAlterTable, Tables: []string{"t"}, Columns: []string{"code"},
				AddIndexes: []IndexDef{{Columns: []string{"code"}, Unique: true}},
				AlterSpecs: []string{"ADD COLUMN"}, Algorithm: "INSTANT"},
		},
		{
			"ALTER TABLE t WAIT 5 ADD COLUMN wait INT",
			DDL{Op: DDLAlterTable, Tables: []string{"t"}, Columns: []string{"wait"}, AlterSpecs: []string{"ADD COLUMN"}, WaitSeconds: 5},
		},
		{
			// MariaDB's IF [NOT] EXISTS on the clauses of ALTER TABLE; TiDB
			// rejects it after DROP FOREIGN KEY, ADD CONSTRAINT and the table.
			"ALTER TABLE IF EXISTS jobs\n  DROP FOREIGN KEY IF EXISTS jobs_ibfk_1,\n  DROP COLUMN IF EXISTS owner_id,\n" +
				"  ADD COLUMN IF NOT EXISTS team_id BIGINT,\n  ADD CONSTRAINT IF NOT EXISTS fk_team FOREIGN KEY (team_id) REFERENCES teams(id),\n" +
				"  ADD UNIQUE KEY IF NOT EXISTS uk_name (name),\n  DROP INDEX IF EXISTS idx_owner",
			DDL{Op: DDLAlterTable, Tables: []string{"jobs", "teams"}, Columns: []string{"team_id"},
				AddIndexes:      []IndexDef{{Name: "fk_team", Columns: []string{"team_id"}}, {Name: "uk_name", Columns: []string{"name"}, Unique: true}},
				DropIndexes:     []string{"idx_owner"},
				AlterSpecs:      []string{"DROP FOREIGN KEY", "DROP COLUMN", "ADD COLUMN", "ADD FOREIGN KEY", "ADD INDEX", "DROP INDEX"},
				ForeignKeys:     []ForeignKey{{Name: "fk_team", Columns: []string{"team_id"}, RefTable: "teams", RefColumns: []string{"id"}}},
				DropForeignKeys: []string{"jobs_ibfk_1"}},
		},
		{
			// IF( ... ) in a generated column is a function, not the clause.
			"ALTER TABLE t ADD COLUMN flag INT AS (IF(a > 0, 1, 0)), ADD COLUMN IF NOT EXISTS b INT",
			DDL{Op: DDLAlterTable, Tables: []string{"t"}, Columns: []string{"flag", "b"}, AlterSpecs: []string{"ADD COLUMN", "ADD COLUMN"}},
		},
		{
			"CREATE UNIQUE INDEX UX_email ON Users (Email(50), tenant) ALGORITHM=INPLACE LOCK=SHARED",
			DDL{Op: DDLCreateIndex, Tables: []string{"users"},
				AddIndexes: []IndexDef{{Name: "ux_email", Columns: []string{"email", "tenant"}, Unique: true}},
				Algorithm:  "INPLACE", LockClause: "SHARED"},
		},
		{
			"CREATE INDEX idx ON t (a)",
			DDL{Op: DDLCreateIndex, Tables: []string{"t"}, AddIndexes: []IndexDef{{Name: "idx", Columns: []string{"a"}}}},
		},
		{
			"DROP INDEX Idx_A ON t",
			DDL{Op: DDLDropIndex, Tables: []string{"t"}, DropIndexes: []string{"idx_a"}},
		},
		{
			"DROP TABLE IF EXISTS a, db.b NOWAIT",
			DDL{Op: DDLDropTable, Tables: []string{"a", "b"}, NoWait: true},
		},
		{
			"RENAME TABLE a TO a_old, a_new TO a",
			DDL{Op: DDLRenameTable, Tables: []string{"a", "a_old", "a_new", "a"},
				Renames: []Rename{{From: "a", To: "a_old"}, {From: "a_new", To: "a"}}},
		},
		{"TRUNCATE TABLE logs", DDL{Op: DDLTruncate, Tables: []string{"logs"}}},
		{"TRUNCATE " + Hole, DDL{Op: DDLTruncate, Tables: []string{""}}},
		// Operations that come at run time keep the table and the kind.
		{"ALTER TABLE t " + Hole + ", ALGORITHM=INSTANT", DDL{Op: DDLAlterTable, Tables: []string{"t"}, AlterSpecs: []string{"OTHER"}, Algorithm: "INSTANT"}},
		{"ALTER /* c */ TABLE " + Hole + "." + Hole + " " + Hole, DDL{Op: DDLAlterTable, Tables: []string{""}, AlterSpecs: []string{"OTHER"}}},
		{"ALTER TABLE `db`.`t` ADD COLUMN a INT, " + Hole, DDL{Op: DDLAlterTable, Tables: []string{"t"}, Columns: []string{"a"}, AlterSpecs: []string{"ADD COLUMN", "OTHER"}}},
		{"ALTER IGNORE TABLE t " + Hole, DDL{Op: DDLAlterTable, Tables: []string{"t"}, AlterSpecs: []string{"OTHER"}}},
		// A hole inside an operation (a column type read at run time)
		// makes that operation one of no known kind; the others stay.
		{"ALTER TABLE t MODIFY id " + Hole + " NOT NULL, DROP PRIMARY KEY", DDL{Op: DDLAlterTable, Tables: []string{"t"}, DropIndexes: []string{"primary"}, AlterSpecs: []string{"OTHER", "DROP PRIMARY KEY"}}},
		{"ALTER TABLE t ADD COLUMN (a INT), CHANGE b c " + Hole + " DEFAULT 0", DDL{Op: DDLAlterTable, Tables: []string{"t"}, Columns: []string{"a"}, AlterSpecs: []string{"ADD COLUMN", "OTHER"}}},
		// A hole that parses as a name keeps its operation.
		{"ALTER TABLE t ADD INDEX " + Hole + " (a)", DDL{Op: DDLAlterTable, Tables: []string{"t"}, AddIndexes: []IndexDef{{Name: Hole, Columns: []string{"a"}}}, AlterSpecs: []string{"ADD INDEX"}}},
		{"OPTIMIZE TABLE a, b", DDL{Op: DDLOptimize, Tables: []string{"a", "b"}}},
		{"CREATE DATABASE x", DDL{Op: DDLOther}},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != KindDDL || s.DDL == nil {
			t.Errorf("%s: kind %d, DDL %v", tt.sql, s.Kind, s.DDL)
			continue
		}
		got := *s.DDL
		// Column types and FULLTEXT indexes have tests of their own.
		got.ColumnTypes, got.FulltextIndexes = nil, nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s\n got  %+v\n want %+v", tt.sql, got, tt.want)
		}
		if len(s.Tables) != len(tt.want.Tables) {
			t.Errorf("%s: Summary.Tables %v, want %v", tt.sql, s.Tables, tt.want.Tables)
		}
	}
}

func TestModifyTypes(t *testing.T) {
	for sql, want := range map[string][]string{
		"ALTER TABLE t MODIFY COLUMN a VARCHAR(255)":                     {"varchar"},
		"ALTER TABLE t MODIFY a MEDIUMBLOB NOT NULL, MODIFY b ENUM('x')": {"mediumblob", "enum"},
		"ALTER TABLE t CHANGE a b INT":                                   {"int"},
		"ALTER TABLE t ADD COLUMN c INT":                                 nil,
	} {
		d := mustOne(t, sql).DDL
		if !reflect.DeepEqual(d.ModifyTypes, want) {
			t.Errorf("%s: ModifyTypes %q, want %q", sql, d.ModifyTypes, want)
		}
	}
}

func TestPartitioning(t *testing.T) {
	const cols = "CREATE TABLE t (id INT, at DATETIME, k INT, PRIMARY KEY (id, at)) "
	for sql, want := range map[string]*Partition{
		cols + "PARTITION BY RANGE (UNIX_TIMESTAMP(at)) (PARTITION p0 VALUES LESS THAN (1), PARTITION p1 VALUES LESS THAN MAXVALUE)": {Column: "at", Ranges: true},
		cols + "PARTITION BY RANGE (TO_DAYS(at)) (PARTITION p0 VALUES LESS THAN MAXVALUE)":                                           {Column: "at", Ranges: true},
		cols + "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN MAXVALUE)":                                                    {Column: "id", Ranges: true},
		cols + "PARTITION BY RANGE COLUMNS (at, id) (PARTITION p0 VALUES LESS THAN (MAXVALUE, MAXVALUE))":                            {Column: "at", Ranges: true},
		cols + "PARTITION BY LIST (k) (PARTITION p0 VALUES IN (1, 2))":                                                               {Column: "k", Ranges: true},
		// A function the server cannot prune ranges with: equality only.
		cols + "PARTITION BY LIST (MOD(id, 4)) (PARTITION p0 VALUES IN (0, 1))":       nil,
		cols + "PARTITION BY LIST (ABS(k)) (PARTITION p0 VALUES IN (0, 1))":           {Column: "k"},
		cols + "PARTITION BY RANGE (id + k) (PARTITION p0 VALUES LESS THAN MAXVALUE)": nil,
		cols + "PARTITION BY HASH (id) PARTITIONS 4":                                  nil,
		cols + "PARTITION BY KEY (id) PARTITIONS 4":                                   nil,
		cols: nil,
	} {
		got := mustOne(t, sql).DDL.Partition
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Partition %+v, want %+v", sql, got, want)
		}
	}
}

// TestColumnTypes: the types column definitions give, as the server
// compares them when it decides whether a MODIFY changes the type.
func TestColumnTypes(t *testing.T) {
	tests := map[string][]ColumnType{
		"CREATE TABLE t (id INT(11) NOT NULL, n BIGINT UNSIGNED, s VARCHAR(250) CHARACTER SET utf8mb4, e ENUM('a','b'), ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)": {
			{"id", "int(11)"}, {"n", "bigint(20) unsigned"}, {"s", "varchar(250) character set utf8mb4"}, {"e", "enum('a','b')"}, {"ts", "timestamp"},
		},
		"ALTER TABLE t MODIFY ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, CHANGE s s2 VARCHAR(300)": {
			{"ts", "timestamp"}, {"s2", "varchar(300)"},
		},
		"ALTER TABLE t ADD COLUMN c DECIMAL(10,2)": {{"c", "decimal(10,2)"}},
	}
	for sql, want := range tests {
		s := mustOne(t, sql)
		if s.DDL == nil || !reflect.DeepEqual(s.DDL.ColumnTypes, want) {
			t.Errorf("%s: column types %+v, want %+v", sql, s.DDL, want)
		}
	}
	s := mustOne(t, "CREATE TABLE t (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_body (body))")
	if !reflect.DeepEqual(s.DDL.FulltextIndexes, []string{"ft_body"}) {
		t.Errorf("FULLTEXT not recorded: %+v", s.DDL)
	}
}
