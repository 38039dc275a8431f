package livedb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/locklint/locklint/schema"
)

// tableKey names a table in one database, as information_schema spells it.
type tableKey struct{ db, name string }

// readSchema reads the base tables of dbs with their columns and indexes.
// Names are lower-cased, as the schema package wants them. When two
// databases hold a table of the same name, the one listed first wins: the
// schema is keyed by bare table name, because that is how application SQL
// names tables.
func readSchema(ctx context.Context, q querier, dbs []string) (*schema.Schema, error) {
	if err := checkDatabases(ctx, q, dbs); err != nil {
		return nil, err
	}
	tables, err := readTables(ctx, q, dbs)
	if err != nil {
		return nil, err
	}
	if err := readColumns(ctx, q, dbs, tables); err != nil {
		return nil, err
	}
	if err := readIndexes(ctx, q, dbs, tables); err != nil {
		return nil, err
	}

	// Put the tables of the last database first, so that those of the
	// first replace them. Database names are matched as the server
	// matched them, which may ignore case (lower_case_table_names).
	rank := func(db string) int {
		return slices.IndexFunc(dbs, func(d string) bool { return strings.EqualFold(d, db) })
	}
	keys := slices.Collect(maps.Keys(tables))
	slices.SortFunc(keys, func(a, b tableKey) int {
		// By name within a database, for a deterministic winner where
		// names differ only in case.
		return cmp.Or(rank(b.db)-rank(a.db), strings.Compare(b.name, a.name))
	})
	s := schema.New()
	for _, k := range keys {
		s.Put(tables[k])
	}
	return s, nil
}

// checkDatabases fails for a database that does not exist or that the user
// may not see. Reading it as empty instead would make every table unknown,
// and locklint silent, with nothing to tell the user why.
func checkDatabases(ctx context.Context, q querier, dbs []string) error {
	rows, err := q.QueryContext(ctx,
		"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ("+placeholders(len(dbs))+")",
		anys(dbs)...)
	if err != nil {
		return fmt.Errorf("reading information_schema.SCHEMATA: %w", err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("reading information_schema.SCHEMATA: %w", err)
		}
		found[strings.ToLower(name)] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading information_schema.SCHEMATA: %w", err)
	}
	var missing []string
	for _, db := range dbs {
		if !found[strings.ToLower(db)] {
			missing = append(missing, fmt.Sprintf("%q", db))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("database %s not found, or not visible to this user", strings.Join(missing, ", "))
	}
	return nil
}

// readTables lists the base tables. Views are left out: what they lock is
// decided by the tables underneath, so a view is an unknown table, which
// keeps the rules silent. MariaDB reports system-versioned tables with
// their own TABLE_TYPE; they are ordinary InnoDB tables for locking.
func readTables(ctx context.Context, q querier, dbs []string) (map[tableKey]*schema.Table, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"+
			" WHERE TABLE_SCHEMA IN ("+placeholders(len(dbs))+")"+
			" AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')",
		anys(dbs)...)
	if err != nil {
		return nil, fmt.Errorf("reading information_schema.TABLES: %w", err)
	}
	defer rows.Close()
	tables := map[tableKey]*schema.Table{}
	for rows.Next() {
		var k tableKey
		if err := rows.Scan(&k.db, &k.name); err != nil {
			return nil, fmt.Errorf("reading information_schema.TABLES: %w", err)
		}
		tables[k] = &schema.Table{Name: strings.ToLower(k.name), Indexes: []schema.Index{}}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading information_schema.TABLES: %w", err)
	}
	return tables, nil
}

// readColumns fills in the columns of tables, in table order.
func readColumns(ctx context.Context, q querier, dbs []string, tables map[tableKey]*schema.Table) error {
	rows, err := q.QueryContext(ctx,
		"SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"+
			" WHERE TABLE_SCHEMA IN ("+placeholders(len(dbs))+")"+
			" ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
		anys(dbs)...)
	if err != nil {
		return fmt.Errorf("reading information_schema.COLUMNS: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k tableKey
		var col string
		if err := rows.Scan(&k.db, &k.name, &col); err != nil {
			return fmt.Errorf("reading information_schema.COLUMNS: %w", err)
		}
		if t := tables[k]; t != nil { // nil: a view's column
			t.Columns = append(t.Columns, strings.ToLower(col))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading information_schema.COLUMNS: %w", err)
	}
	return nil
}

// readIndexes fills in the indexes of tables, each with its columns in
// index order.
//
// Only indexes that can serve an equality or range lookup are kept, since
// that is what the rules ask of them: FULLTEXT and SPATIAL indexes are
// dropped, and so are MySQL's invisible and MariaDB's ignored indexes, which
// the optimizer may not use. A key part on an expression (MySQL 8
// functional indexes, where COLUMN_NAME is NULL) is the column "", as the
// schema package has it from DDL: no predicate names that column, so the
// index serves only its prefix before it.
func readIndexes(ctx context.Context, q querier, dbs []string, tables map[tableKey]*schema.Table) error {
	hidden, err := hiddenIndexColumn(ctx, q)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx,
		"SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE, "+hidden+
			" FROM information_schema.STATISTICS"+
			" WHERE TABLE_SCHEMA IN ("+placeholders(len(dbs))+")"+
			" ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
		anys(dbs)...)
	if err != nil {
		return fmt.Errorf("reading information_schema.STATISTICS: %w", err)
	}
	defer rows.Close()

	type indexKey struct {
		tableKey
		index string
	}
	var (
		cur  indexKey
		ix   *schema.Index // the index being collected; nil when skipped
		seen bool          // cur is set
	)
	flush := func() {
		if t := tables[cur.tableKey]; t != nil && ix != nil {
			t.Indexes = append(t.Indexes, *ix)
		}
	}
	for rows.Next() {
		var (
			k         indexKey
			nonUnique int64
			col       sql.NullString
			typ       string
			isHidden  bool
		)
		if err := rows.Scan(&k.db, &k.name, &k.index, &nonUnique, &col, &typ, &isHidden); err != nil {
			return fmt.Errorf("reading information_schema.STATISTICS: %w", err)
		}
		if !seen || k != cur {
			flush()
			cur, seen, ix = k, true, nil
			if typ := strings.ToUpper(typ); typ != "FULLTEXT" && typ != "SPATIAL" && !isHidden {
				ix = &schema.Index{
					Name:    strings.ToLower(k.index),
					Unique:  nonUnique == 0,
					Primary: k.index == "PRIMARY",
				}
			}
		}
		if ix != nil {
			ix.Columns = append(ix.Columns, strings.ToLower(col.String)) // "" for an expression
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading information_schema.STATISTICS: %w", err)
	}
	flush()
	return nil
}

// hiddenIndexColumn returns an SQL expression, over a row of
// information_schema.STATISTICS, that is true for an index the optimizer
// may not use. The column that says so differs by server (MySQL 8 and
// TiDB: IS_VISIBLE; MariaDB 10.6+: IGNORED; older servers: none), so the
// view is asked which it has rather than guessing from the version.
func hiddenIndexColumn(ctx context.Context, q querier) (string, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT UPPER(COLUMN_NAME) FROM information_schema.COLUMNS"+
			" WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'STATISTICS'"+
			" AND UPPER(COLUMN_NAME) IN ('IS_VISIBLE', 'IGNORED')")
	if err != nil {
		return "", fmt.Errorf("reading information_schema.COLUMNS: %w", err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", fmt.Errorf("reading information_schema.COLUMNS: %w", err)
		}
		have = append(have, name)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("reading information_schema.COLUMNS: %w", err)
	}
	switch {
	case slices.Contains(have, "IS_VISIBLE"):
		return "IS_VISIBLE = 'NO'", nil
	case slices.Contains(have, "IGNORED"):
		return "IGNORED = 'YES'", nil
	}
	return "FALSE", nil
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
