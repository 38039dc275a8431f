package sqltext

import (
	"reflect"
	"testing"
)

func TestSet(t *testing.T) {
	tests := []struct {
		sql       string
		vars      []string
		values    []string
		isolation Isolation
	}{
		{"SET SESSION lock_wait_timeout = 5", []string{"lock_wait_timeout"}, []string{"5"}, IsolationUnknown},
		{"SET @@session.innodb_lock_wait_timeout = 3, @@GLOBAL.max_connections = 10, LOCAL autocommit = ON",
			[]string{"innodb_lock_wait_timeout", "max_connections", "autocommit"}, []string{"3", "10", "ON"}, IsolationUnknown},
		{"SET @x = 1, @y := 'a'", []string{"@x", "@y"}, []string{"1", "a"}, IsolationUnknown},
		{"SET lock_wait_timeout = ?", []string{"lock_wait_timeout"}, []string{""}, IsolationUnknown},
		{"SET NAMES utf8mb4", []string{"names"}, []string{"utf8mb4"}, IsolationUnknown},
		{"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", []string{"transaction_isolation"}, []string{"READ-COMMITTED"}, ReadCommitted},
		{"SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE", []string{"transaction_isolation"}, []string{"SERIALIZABLE"}, Serializable},
		{"SET GLOBAL TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", []string{"transaction_isolation"}, []string{"READ-UNCOMMITTED"}, IsolationUnknown},
		{"SET SESSION transaction_isolation = 'READ-COMMITTED'", []string{"transaction_isolation"}, []string{"READ-COMMITTED"}, ReadCommitted},
		{"SET tx_isolation = 'repeatable-read'", []string{"transaction_isolation"}, []string{"repeatable-read"}, RepeatableRead},
		{"SET @@transaction_isolation = 'READ-UNCOMMITTED'", []string{"transaction_isolation"}, []string{"READ-UNCOMMITTED"}, ReadUncommitted},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != KindSet || !reflect.DeepEqual(s.SetVars, tt.vars) || !reflect.DeepEqual(s.SetValues, tt.values) || s.Isolation != tt.isolation {
			t.Errorf("%s: kind %d vars %q values %q isolation %d, want %q %q %d",
				tt.sql, s.Kind, s.SetVars, s.SetValues, s.Isolation, tt.vars, tt.values, tt.isolation)
		}
	}
}

func TestLockTables(t *testing.T) {
	tests := []struct {
		sql  string
		want []TableLock
	}{
		{"LOCK TABLES a READ", []TableLock{{Table: "a"}}},
		{"LOCK TABLE a WRITE", []TableLock{{Table: "a", Write: true}}},
		{"LOCK TABLES a READ LOCAL, db.b WRITE, `c` LOW_PRIORITY WRITE", []TableLock{{Table: "a"}, {Table: "b", Write: true}, {Table: "c", Write: true}}},
		{"LOCK TABLES a AS x READ, b y WRITE", []TableLock{{Table: "a"}, {Table: "b", Write: true}}},
		{"LOCK TABLES " + Hole + " WRITE", []TableLock{{Table: "", Write: true}}},
		{"LOCK TABLES " + Hole, []TableLock{{Table: "", ModeUnknown: true}}},
		{"LOCK TABLES " + Hole + ";\n", []TableLock{{Table: "", ModeUnknown: true}}},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != KindLockTables || !reflect.DeepEqual(s.LockTables, tt.want) || len(s.Tables) != len(tt.want) {
			t.Errorf("%s: kind %d locks %+v tables %+v", tt.sql, s.Kind, s.LockTables, s.Tables)
		}
	}
}

func TestFlush(t *testing.T) {
	tests := []struct {
		sql    string
		kind   Kind
		tables []TableRef
	}{
		{"FLUSH TABLES WITH READ LOCK", KindFlushTables, nil},
		{"FLUSH TABLES a, b WITH READ LOCK", KindFlushTables, []TableRef{{Name: "a"}, {Name: "b"}}},
		{"FLUSH TABLES a, b FOR EXPORT", KindFlushTables, []TableRef{{Name: "a"}, {Name: "b"}}},
		{"FLUSH TABLES", KindOther, nil},
		{"FLUSH PRIVILEGES", KindOther, nil},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Kind != tt.kind || !reflect.DeepEqual(s.Tables, tt.tables) {
			t.Errorf("%s: kind %d tables %+v", tt.sql, s.Kind, s.Tables)
		}
	}
}
