package rules

import (
	"fmt"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
)

// Online DDL: which ALTER TABLE operations cannot run with
// ALGORITHM=INSTANT, or ALGORITHM=INPLACE with LOCK=NONE, on MySQL 8.0 and
// MariaDB 10.x, and so block writes (or reads and writes) to the table for
// as long as the statement runs, not just while it takes its metadata
// lock. The list follows the MySQL 8.0 reference manual ("Online DDL
// Operations", 17.12.1) and MariaDB's "InnoDB Online DDL Operations with
// the INPLACE / INSTANT Alter Algorithm" pages, and is deliberately
// short: only operations both document as needing a table copy
// (ALGORITHM=COPY, no concurrent DML) or a shared lock for the whole
// statement. Operations both run online are not listed, among them ADD
// COLUMN (instant in MySQL 8.0.12+ and MariaDB 10.3+), DROP COLUMN, ADD
// and DROP INDEX, RENAME COLUMN and INDEX, column defaults, AUTO_INCREMENT,
// ADD PRIMARY KEY (in place with concurrent DML, though it rebuilds),
// ROW_FORMAT, ENGINE=InnoDB / FORCE rebuilds and OPTIMIZE TABLE.
//
// MODIFY and CHANGE COLUMN are listed because they are how a column's data
// type is changed, which both servers can only do by copying the table
// (except widening a VARCHAR within the same length prefix and appending
// ENUM/SET values). The statement does not say whether the type changes,
// so the message says "if"; stating ALGORITHM=INPLACE, LOCK=NONE (or
// INSTANT) both silences the finding and makes the server refuse, rather
// than silently copy, when it cannot honour it.

// copyReason says why an ALTER TABLE or CREATE INDEX blocks writes to the
// table for its whole run, or returns "" when it can run online (or
// locklint cannot tell). certain is false when it depends on what the
// statement does not say (MODIFY COLUMN: whether the type changes).
// fkChecksOff is whether foreign_key_checks is 0 for the session that
// runs it.
// before is the table as the earlier migrations left it, nil when
// unknown: with it, a MODIFY that keeps every column's type is known not
// to copy, and ADD or DROP COLUMN on a table with a FULLTEXT index is
// known to block writes.
func copyReason(d *sqltext.DDL, srv target.Server, fkChecksOff bool, before *schema.Table) (why string, certain bool) {
	if d == nil || srv.Engine == target.TiDB {
		return "", false // TiDB runs every DDL online and takes no InnoDB table copy
	}
	// MariaDB 11.2 and later copy tables with LOCK=NONE: writes go on
	// during ALGORITHM=COPY (only known when the version is).
	onlineCopy := srv.Engine == target.MariaDB && srv.AtLeast(11, 2)
	has := map[string]bool{}
	for _, s := range d.AlterSpecs {
		has[s] = true
	}
	for _, ix := range d.AddIndexes {
		if ix.Primary {
			has["ADD PRIMARY KEY"] = true
		}
	}
	dropsPK := false
	for _, name := range d.DropIndexes {
		if name == "primary" {
			dropsPK = true
		}
	}
	modify := has["MODIFY COLUMN"] || has["CHANGE COLUMN"]
	if modify && keepsTypes(d, before) {
		modify = false
	}
	switch {
	case has["ADD FULLTEXT INDEX"] || has["ADD SPATIAL INDEX"]:
		return "adding a FULLTEXT or SPATIAL index allows no concurrent writes (LOCK=SHARED at best): every INSERT, UPDATE and DELETE on the table waits until the index is built", true
	case onlineCopy:
		return "", false
	case has["CONVERT TO CHARACTER SET"]:
		return "CONVERT TO CHARACTER SET rewrites every text column: the server copies the table (ALGORITHM=COPY) and blocks every write to it until the copy ends", true
	case dropsPK && !has["ADD PRIMARY KEY"]:
		return "dropping the primary key without adding another makes the server copy the table (ALGORITHM=COPY) and block every write to it until the copy ends", true
	case has["ADD FOREIGN KEY"] && !fkChecksOff:
		return "adding a foreign key with foreign_key_checks on makes the server copy the table (ALGORITHM=COPY; INPLACE needs foreign_key_checks=0) and block every write to it until the copy ends", true
	case (has["ADD COLUMN"] || has["DROP COLUMN"]) && before != nil && len(before.Fulltext) > 0:
		// InnoDB rebuilds a table with a FULLTEXT index for these, and
		// refuses ALGORITHM=INSTANT and LOCK=NONE ("Fulltext index
		// creation requires a lock"): LOCK=SHARED at best.
		return fmt.Sprintf("%s has a FULLTEXT index, so adding or dropping a column cannot run instantly or with LOCK=NONE: the server rebuilds the table with LOCK=SHARED at best, and every INSERT, UPDATE and DELETE on it waits until the rebuild ends", before.Name), true
	case modify && maybeInPlace(d.ModifyTypes):
		// Every column becomes a VARCHAR, ENUM or SET: widening one within
		// its length prefix, or appending values, runs in place, and the
		// old type is not in the statement. Unknown is not a finding.
		return "", false
	case modify:
		return "if it changes a column's data type (anything but widening a VARCHAR within its length prefix or appending ENUM/SET values), the server copies the table (ALGORITHM=COPY) and blocks every write to it until the copy ends", false
	}
	return "", false
}

// statesAlgorithm reports whether the DDL says how it may run: then the
// server refuses, rather than silently falls back to, anything else.
func statesAlgorithm(d *sqltext.DDL) bool {
	return d != nil && (d.Algorithm != "" && d.Algorithm != "DEFAULT" || d.LockClause != "" && d.LockClause != "DEFAULT")
}

// keepsTypes reports whether every column a MODIFY or CHANGE COLUMN
// defines keeps the type the earlier migrations gave it (a NOT NULL,
// default, ON UPDATE or comment change): no copy for the type.
func keepsTypes(d *sqltext.DDL, before *schema.Table) bool {
	if before == nil || before.Types == nil || len(d.ColumnRenames) > 0 && len(d.ColumnTypes) == 0 {
		return false
	}
	n := 0
	for _, s := range d.AlterSpecs {
		if s == "MODIFY COLUMN" || s == "CHANGE COLUMN" {
			n++
		}
	}
	// The ALTER's column definitions: those of ADD COLUMN come first
	// only when it adds columns too, so insist on MODIFY/CHANGE alone.
	if n != len(d.ColumnTypes) {
		return false
	}
	from := map[string]string{}
	for _, r := range d.ColumnRenames {
		from[r.To] = r.From
	}
	for _, c := range d.ColumnTypes {
		old := c.Name
		if f, ok := from[c.Name]; ok {
			old = f
		}
		t, ok := before.Types[old]
		if !ok || t != c.Type {
			return false
		}
	}
	return true
}

// maybeInPlace reports whether every column a MODIFY or CHANGE COLUMN
// gives a type to becomes a VARCHAR, ENUM or SET: the types whose
// widening the server can do in place.
func maybeInPlace(types []string) bool {
	if len(types) == 0 {
		return false
	}
	for _, t := range types {
		if t != "varchar" && t != "enum" && t != "set" {
			return false
		}
	}
	return true
}
