package sqltext

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		sql  string
		want string // substring of the error
	}{
		{"SELECT * FROM t WHERE\n a = = 1", "line 2 column 6: syntax error near \"= 1\""},
		{"SELECT * FROM t WHERE a = 'unterminated", "line 1 column 27"},
		{"SELEKT 1", "line 1 column 1:"},
		{"SELECT 1;\nSELECT 2;\n\tUPDATE SET", "line 3 column 9:"},
		{"SELECT * FROM t WHERE id = $1 AND", "line 1 column 34: syntax error at end of input"},
		{"-- comment\nDELIMITER //", "line 2 column 1:"},
		{"SELECT * FROM t WHERE x = :name AND (", "line 1 column 38"},
	}
	for _, tt := range tests {
		sums, err := Parse(tt.sql)
		if err == nil {
			t.Errorf("Parse(%q) = %d statements, want error", tt.sql, len(sums))
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", tt.sql, err, tt.want)
		}
		if Summarize(tt.sql) != nil {
			t.Errorf("Summarize(%q) != nil", tt.sql)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, sql := range []string{"", "  \n\t", "-- nothing\n# at all\n/* here */", ";;"} {
		sums, err := Parse(sql)
		if err != nil || len(sums) != 0 {
			t.Errorf("Parse(%q) = %v, %v; want nothing", sql, sums, err)
		}
		if Summarize(sql) != nil {
			t.Errorf("Summarize(%q) != nil", sql)
		}
	}
}

func TestMultipleStatements(t *testing.T) {
	const text = "-- +goose Up\n" +
		"-- +goose StatementBegin\n" +
		"CREATE TABLE t (id INT PRIMARY KEY, a INT);\n" +
		"-- +goose StatementEnd\n" +
		"INSERT INTO t VALUES (?, ?); UPDATE t SET a = ? WHERE id = ?;\n" +
		"\n" +
		"/* trailing */ SELECT * FROM t WHERE a = :a FOR UPDATE;\n" +
		"-- +goose Down\n" +
		"DROP TABLE t;\n"
	sums, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	type stmt struct {
		kind   Kind
		line   int
		prefix string
		params int
	}
	want := []stmt{
		{KindDDL, 3, "CREATE TABLE", 0},
		{KindInsert, 5, "INSERT INTO", 2},
		{KindUpdate, 5, "UPDATE t", 2},
		{KindSelect, 7, "SELECT *", 1},
		{KindDDL, 9, "DROP TABLE", 0},
	}
	if len(sums) != len(want) {
		t.Fatalf("%d statements, want %d", len(sums), len(want))
	}
	for i, s := range sums {
		w := want[i]
		if s.Kind != w.kind || s.Line != w.line || !strings.HasPrefix(text[s.Offset:], w.prefix) || s.Params != w.params {
			t.Errorf("statement %d: kind %d line %d offset %d (%.12q) params %d, want %+v",
				i, s.Kind, s.Line, s.Offset, text[s.Offset:], s.Params, w)
		}
	}
	// Placeholder indexes restart in every statement.
	if got := renderCond(sums[2].Where); got != "t.id = ?1" {
		t.Errorf("update where %s", got)
	}
	if !reflect.DeepEqual(sums[3].ParamNames, []string{"a"}) {
		t.Errorf("select param names %q", sums[3].ParamNames)
	}
	if Summarize(text) != nil {
		t.Error("Summarize of several statements != nil")
	}
	if s := Summarize("SELECT 1;"); s == nil || s.Kind != KindSelect {
		t.Error("Summarize of one statement with a trailing ; failed")
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		sql   string
		names []string
		where string
	}{
		{"SELECT * FROM t WHERE a = ? AND b = ?", []string{"", ""}, "and(t.a = ?0; t.b = ?1)"},
		{"SELECT * FROM t WHERE a = $1 AND b = $12", []string{"", ""}, "and(t.a = ?0; t.b = ?1)"},
		{"SELECT * FROM t WHERE a = :Name AND b IN (:ids) AND c = :user.id", []string{"name", "ids", "user.id"}, "and(t.a = ?0; t.b in ?1; t.c = ?2)"},
		{"SELECT * FROM t WHERE a = @id AND b IN (@x, @y) AND c LIKE @p", []string{"id", "x", "y", "p"}, "and(t.a = ?0; t.b in ?1, ?2; t.c like ?3)"},
		// Not placeholders: inside literals, comments and quoted identifiers.
		{"SELECT * FROM t WHERE a = '?:x $1 @y' AND b = \"it\\\"s ? :z\" AND c = 'it''s ?' AND `?:w` = ? -- ? :c\n# ?\n/* ? :d */",
			[]string{""}, "and(t.a = ?:x $1 @y; t.b = it\"s ? :z; t.c = it's ?; t.?:w = ?0)"},
		{"SELECT * FROM t WHERE a = '10:30' AND b = 1", nil, "and(t.a = 10:30; t.b = 1)"},
		// Not placeholders: system variables, user variables being assigned.
		{"SELECT @@session.transaction_isolation, @n := 1 FROM t WHERE a = 1", nil, "t.a = 1"},
		// Executable comments are SQL.
		{"SELECT * FROM t WHERE a = ? /*!80000 AND b = ? */", []string{"", ""}, "and(t.a = ?0; t.b = ?1)"},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if s.Params != len(tt.names) || !reflect.DeepEqual(s.ParamNames, tt.names) {
			t.Errorf("%s: params %d names %q, want %q", tt.sql, s.Params, s.ParamNames, tt.names)
		}
		if got := renderCond(s.Where); got != tt.where {
			t.Errorf("%s\n where %s\n want  %s", tt.sql, got, tt.where)
		}
	}
}

func TestNormalizeKeepsOffsets(t *testing.T) {
	tests := []struct{ in, out string }{
		{"a = $1 AND b = $22", "a = ?  AND b = ?  "},
		{"a = :id AND b = :x.y", "a = ?   AND b = ?   "},
		{"a = @id, @@x, ':y', `:z`", "a = ?  , @@x, ':y', `:z`"},
		{"SET @a = @b", "SET @a = @b"},
		{"SELECT @a := 1, a::int", "SELECT @a := 1, a::int"},
		{"LOCK TABLES a AS x READ, b LOW_PRIORITY WRITE", "LOCK TABLES a      READ, b              WRITE"},
		{"FLUSH TABLES t FOR EXPORT", "FLUSH TABLES t           "},
		{"INSERT INTO t VALUES (1) AS n(a) ON DUPLICATE KEY UPDATE a = n.a", "INSERT INTO t VALUES (1)         ON DUPLICATE KEY UPDATE a = n.a"},
		{"ALTER TABLE t NOWAIT ADD c INT", "ALTER TABLE t        ADD c INT"},
		{"t LOCK IN SHARE MODE WAIT 3;", "t FOR SHARE                ;"},
		{"t LOCK IN SHARE MODE NOWAIT", "t FOR SHARE          NOWAIT"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in).text; got != tt.out {
			t.Errorf("normalize(%q)\n got  %q\n want %q", tt.in, got, tt.out)
		}
	}
}

func TestSummarizeAll(t *testing.T) {
	if s := Summarize("SELECT 1; SELECT 2"); s != nil {
		t.Errorf("two statements: %+v", s)
	}
	if s := Summarize("SELECT * FROM"); s != nil {
		t.Errorf("unparsable: %+v", s)
	}
	s := Summarize("\n\n  SELECT * FROM t WHERE id = ?")
	if s == nil || s.Line != 3 || s.Offset != 4 {
		t.Errorf("position: %+v", s)
	}
}
