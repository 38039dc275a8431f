package models

import (
	"fmt"
	"slices"
	"strings"

	"github.com/locklint/locklint/schema"
)

// Disagreement describes how a model's indexes differ from the DDL's for
// the same table, or returns "" when they agree. Indexes are compared by
// what decides locking, their columns and uniqueness, not by name: GORM
// names an index idx_accounts_owner_id where a migration may say
// idx_owner, and both lock the same rows.
func Disagreement(model, ddl *schema.Table) string {
	onlyModel, onlyDDL := diff(model, ddl), diff(ddl, model)
	if model.Partial {
		onlyDDL = nil // tags that declare the keys only: the DDL has the rest
	}
	if len(onlyModel) == 0 && len(onlyDDL) == 0 {
		return ""
	}
	var parts []string
	if len(onlyDDL) > 0 {
		parts = append(parts, "only the DDL has "+strings.Join(onlyDDL, ", "))
	}
	if len(onlyModel) > 0 {
		parts = append(parts, "only the model's tags have "+strings.Join(onlyModel, ", "))
	}
	return strings.Join(parts, "; ")
}

// diff lists the indexes of a that b has no equivalent of.
func diff(a, b *schema.Table) []string {
	var out []string
	for _, ix := range a.Indexes {
		if !slices.ContainsFunc(b.Indexes, func(o schema.Index) bool { return sameIndex(ix, o) }) {
			out = append(out, describe(ix))
		}
	}
	slices.Sort(out)
	return out
}

func sameIndex(a, b schema.Index) bool {
	return slices.Equal(a.Columns, b.Columns) && a.Primary == b.Primary && (a.Unique || a.Primary) == (b.Unique || b.Primary)
}

func describe(ix schema.Index) string {
	kind := "index"
	switch {
	case ix.Primary:
		kind = "primary key"
	case ix.Unique:
		kind = "unique index"
	}
	return fmt.Sprintf("%s %s (%s)", kind, ix.Name, strings.Join(ix.Columns, ", "))
}
