package sqltext

import (
	"fmt"
	"strings"
	"testing"
)

// renderCond writes a condition compactly, e.g. and(t.a = ?0; t.b range 1, 2).
func renderCond(c *Cond) string {
	if c == nil {
		return "<nil>"
	}
	switch c.Op {
	case CondPred:
		return renderPred(c.Pred)
	case CondAnd, CondOr:
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = renderCond(a)
		}
		name := "and"
		if c.Op == CondOr {
			name = "or"
		}
		return name + "(" + strings.Join(args, "; ") + ")"
	}
	return "opaque"
}

var opNames = map[Op]string{OpEq: "=", OpIn: "in", OpRange: "range", OpLikePrefix: "like", OpNotSargable: "!sarg"}

func renderPred(p *Pred) string {
	s := p.Table + "." + p.Column + " " + opNames[p.Op]
	if len(p.Values) > 0 {
		vals := make([]string, len(p.Values))
		for i, v := range p.Values {
			vals[i] = renderValue(v)
		}
		s += " " + strings.Join(vals, ", ")
	}
	return s
}

func renderValue(v Value) string {
	switch v.Kind {
	case ValueConst:
		return v.Text
	case ValueParam:
		return fmt.Sprintf("?%d", v.Param)
	case ValueColumn:
		return "col(" + v.Text + ")"
	case ValueExpr:
		return "expr"
	case ValueSubquery:
		return "subquery"
	case ValueOpaque:
		return "hole"
	}
	return "?kind"
}

func mustOne(t *testing.T, sql string) *Summary {
	t.Helper()
	sums, err := Parse(sql)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	if len(sums) != 1 {
		t.Fatalf("Parse(%q): %d statements, want 1", sql, len(sums))
	}
	return sums[0]
}

func TestWhere(t *testing.T) {
	const h = Hole
	tests := []struct{ sql, want string }{
		// Equality, both ways round, and its relatives.
		{"SELECT * FROM t WHERE a = ?", "t.a = ?0"},
		{"SELECT * FROM t WHERE ? = a", "t.a = ?0"},
		{"SELECT * FROM t WHERE a <=> ?", "t.a = ?0"},
		{"SELECT * FROM t WHERE a IS NULL", "t.a = NULL"},
		{"SELECT * FROM t WHERE a IS NOT NULL", "t.a range"},
		{"SELECT * FROM t WHERE a = 'x'", "t.a = x"},
		{"SELECT * FROM t WHERE a = -5 AND b = 1.50 AND c = TRUE", "and(t.a = -5; t.b = 1.50; t.c = TRUE)"},
		// IN.
		{"SELECT * FROM t WHERE a IN (1, ?, 'x')", "t.a in 1, ?0, x"},
		{"SELECT * FROM t WHERE a IN (SELECT b FROM s)", "t.a in subquery"},
		{"SELECT * FROM t WHERE a = ANY (SELECT b FROM s)", "t.a in subquery"},
		{"SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))", "and(t.a in 1, 3; t.b in 2, 4)"},
		{"SELECT * FROM t WHERE (a, b) = (?, ?)", "and(t.a = ?0; t.b = ?1)"},
		// Ranges.
		{"SELECT * FROM t WHERE a < 1 AND b <= 2 AND c > 3 AND d >= 4", "and(t.a range 1; t.b range 2; t.c range 3; t.d range 4)"},
		{"SELECT * FROM t WHERE a BETWEEN ? AND ?", "t.a range ?0, ?1"},
		{"SELECT * FROM t WHERE ? BETWEEN starts AND ends", "and(t.starts range ?0; t.ends range ?0)"},
		{"SELECT * FROM t WHERE (a, b) > (?, ?)", "t.a range ?0"},
		// LIKE.
		{"SELECT * FROM t WHERE a LIKE 'abc%'", "t.a like abc%"},
		{"SELECT * FROM t WHERE a LIKE ?", "t.a like ?0"},
		{"SELECT * FROM t WHERE a LIKE CONCAT(?, '%')", "t.a like expr"},
		{"SELECT * FROM t WHERE a LIKE '%abc'", "t.a !sarg %abc"},
		{"SELECT * FROM t WHERE a LIKE '_bc'", "t.a !sarg _bc"},
		{"SELECT * FROM t WHERE a LIKE CONCAT('%', ?)", "t.a !sarg expr"},
		{"SELECT * FROM t WHERE a NOT LIKE 'abc%'", "t.a !sarg abc%"},
		// Not sargable.
		{"SELECT * FROM t WHERE a != 1", "t.a !sarg 1"},
		{"SELECT * FROM t WHERE a <> ?", "t.a !sarg ?0"},
		{"SELECT * FROM t WHERE a NOT IN (1, 2)", "t.a !sarg 1, 2"},
		{"SELECT * FROM t WHERE a NOT BETWEEN 1 AND 2", "t.a !sarg 1, 2"},
		{"SELECT * FROM t WHERE LOWER(a) = ?", "t.a !sarg ?0"},
		{"SELECT * FROM t WHERE a + 1 = ?", "t.a !sarg ?0"},
		{"SELECT * FROM t WHERE ? = DATE(a)", "t.a !sarg ?0"},
		{"SELECT * FROM t WHERE a = b", "t.a !sarg col(b)"},
		{"SELECT * FROM t WHERE a = b + 1", "t.a !sarg expr"},
		{"SELECT * FROM t WHERE a REGEXP '^x'", "t.a !sarg ^x"},
		// Opaque.
		{"SELECT * FROM t WHERE NOT (a = 1)", "opaque"},
		{"SELECT * FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.id = t.id)", "opaque"},
		{"SELECT * FROM t WHERE 1 = 1", "opaque"},
		{"SELECT * FROM t WHERE active", "opaque"},
		{"SELECT * FROM t WHERE FIND_IN_SET(?, tags)", "opaque"},
		// Values.
		{"SELECT * FROM t WHERE a = (SELECT MAX(a) FROM s)", "t.a = expr"},
		{"SELECT * FROM t WHERE a >= (SELECT MAX(a) FROM t WHERE b = ?) FOR UPDATE", "t.a range expr"},
		{"SELECT * FROM t WHERE a > (SELECT x.a FROM s AS x WHERE x.id = ?) AND b = ? FOR UPDATE", "and(t.a range expr; t.b = ?1)"},
		{"SELECT * FROM t WHERE a = (SELECT MAX(s.a) FROM s WHERE s.k = t.k) FOR UPDATE", "t.a = subquery"},
		{"SELECT * FROM t WHERE a = NOW() AND b = ? + 1", "and(t.a = expr; t.b = expr)"},
		// AND / OR trees, flattened.
		{"SELECT * FROM t WHERE a = 1 AND (b = 2 AND (c = 3 OR (d = 4 OR e = 5)))",
			"and(t.a = 1; t.b = 2; or(t.c = 3; t.d = 4; t.e = 5))"},
		{"SELECT * FROM t WHERE (a = 1 OR b = 2) AND c = 3", "and(or(t.a = 1; t.b = 2); t.c = 3)"},
		// Aliases and joins.
		{"SELECT * FROM accounts a WHERE a.id = ?", "accounts.id = ?0"},
		{"SELECT * FROM accounts AS a JOIN users u ON u.id = a.user_id WHERE a.id = ? AND u.name = ? AND flag = 1",
			"and(accounts.id = ?0; users.name = ?1; .flag = 1)"},
		{"SELECT * FROM a JOIN b ON a.id = b.aid WHERE a.x = b.y", "a.x = col(y)"},
		{"SELECT * FROM t t1 JOIN t t2 ON t1.id = t2.pid WHERE t1.a = t2.b", "t.a = col(b)"},
		{"SELECT * FROM db.t WHERE db.t.a = 1", "t.a = 1"},
		{"SELECT * FROM (SELECT * FROM s) x WHERE x.a = 1 AND b = 2", "and(.a = 1; .b = 2)"},
		{"WITH c AS (SELECT id FROM s) SELECT * FROM t JOIN c ON c.id = t.id WHERE t.a = ?", "t.a = ?0"},
		// Placeholders count over the whole statement.
		{"UPDATE t SET a = ?, b = ? WHERE c = ? AND d IN (?, ?)", "and(t.c = ?2; t.d in ?3, ?4)"},
		// Sprintf holes.
		{"SELECT * FROM t WHERE a = " + h, "t.a = hole"},
		{"SELECT * FROM t WHERE a = '" + h + "'", "t.a = hole"},
		{"SELECT * FROM t WHERE a IN (" + h + ")", "t.a in hole"},
		{"SELECT * FROM t WHERE a IN " + h, "t.a in hole"},
		{"SELECT * FROM t WHERE " + h + " = ?", "opaque"},
		{"SELECT * FROM t WHERE a LIKE '" + h + "%'", "t.a like hole"},
		{"SELECT * FROM t WHERE a = ? " + h + " LIMIT 1", "and(t.a = ?0; opaque)"},
		{"SELECT * FROM " + h + " WHERE id = ?", ".id = ?0"},
		{"SELECT * FROM " + h + " x WHERE x.id = ?", ".id = ?0"},
		{"SELECT * FROM jobs " + h + " FOR UPDATE", "opaque"},
		{"SELECT * FROM t", "<nil>"},
	}
	for _, tt := range tests {
		s := mustOne(t, tt.sql)
		if got := renderCond(s.Where); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.sql, got, tt.want)
		}
	}
}
