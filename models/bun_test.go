package models

import "testing"

func TestBunTags(t *testing.T) {
	tbs := tables(t, `package m
import (
	"time"

	"github.com/uptrace/bun"
)
type Audit struct {
	CreatedAt time.Time
	TenantID  int64 `+"`bun:\",unique:tenant_ref\"`"+`
}
type Invoice struct {
	bun.BaseModel `+"`bun:\"table:billing.invoices,alias:inv\"`"+`
	ID        int64  `+"`bun:\"id,pk,autoincrement\"`"+`
	Number    string `+"`bun:\",unique\"`"+`
	Ref       string `+"`bun:\"ref,unique:tenant_ref\"`"+`
	Amount    string `+"`bun:\"type:decimal(10,2),notnull\"`"+`
	Lines     []Line `+"`bun:\"rel:has-many,join:id=invoice_id\"`"+`
	Skipped   string `+"`bun:\"-\"`"+`
	DeletedAt time.Time `+"`bun:\",soft_delete,nullzero\"`"+`
	Audit
}
type Line struct {
	bun.BaseModel
	InvoiceID int64 `+"`bun:\",pk\"`"+`
	Position  int   `+"`bun:\",pk\"`"+`
	HTTPCode  int
}
type Plain struct{ ID int64 }
type Ticket struct {
	bun.BaseModel `+"`bun:\"table:support_queue\"`"+`
	ID int64 `+"`bun:\",pk\"`"+`
}
`)
	inv := tbs["Invoice"]
	if inv == nil || inv.Name != "invoices" || inv.Schema == nil || !inv.Schema.Partial {
		t.Fatalf("Invoice: %+v", inv)
	}
	if got, want := indexes(inv), "primary(id) primary; number(number) unique; tenant_ref(ref,tenant_id) unique"; got != want {
		t.Errorf("Invoice indexes\n got %s\nwant %s", got, want)
	}
	if got, want := inv.Schema.Columns, []string{"id", "number", "ref", "amount", "deleted_at", "created_at", "tenant_id"}; !equalStrings(got, want) {
		t.Errorf("Invoice columns: got %v, want %v", got, want)
	}
	// No table: tag: the plural of the snake-case name; HTTPCode is
	// http_code as bun's Underscore writes it.
	line := tbs["Line"]
	if line == nil || line.Name != "lines" || indexes(line) != "primary(invoice_id,position) primary" {
		t.Fatalf("Line: %+v", line)
	}
	if got := line.Schema.Columns; len(got) != 3 || got[2] != "http_code" {
		t.Errorf("Line columns: %v", got)
	}
	// The table: tag names the table, not the type's name (bun.BaseModel
	// is an alias of schema.BaseModel).
	if tk := tbs["Ticket"]; tk == nil || tk.Name != "support_queue" {
		t.Errorf("Ticket: %+v", tk)
	}
	if tbs["Plain"] != nil {
		t.Errorf("a struct without bun tags is no model: %+v", tbs["Plain"])
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
