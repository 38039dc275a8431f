package models

import (
	"testing"
)

func TestXORMTags(t *testing.T) {
	tbs := tables(t, `package m
import "time"
type Base struct {
	Created time.Time `+"`xorm:\"created\"`"+`
	Tenant  int64     `+"`xorm:\"index(tenant_ref) notnull\"`"+`
}
type Account struct {
	Id       int64  `+"`xorm:\"pk autoincr 'id'\"`"+`
	Owner    int64  `+"`xorm:\"notnull unique(owner_currency)\"`"+`
	Currency string `+"`xorm:\"varchar(8) default '' unique(owner_currency)\"`"+`
	Email    string `+"`xorm:\"varchar(255) unique 'mail'\"`"+`
	Ref      string `+"`xorm:\"index(tenant_ref) VARCHAR(32)\"`"+`
	Note     string `+"`xorm:\"text comment('free text')\"`"+`
	Skipped  string `+"`xorm:\"-\"`"+`
	Base     `+"`xorm:\"extends\"`"+`
}
type Ledger struct {
	Id      int64
	Account int64 `+"`xorm:\"index\"`"+`
}
func (Ledger) TableName() string { return "ledger_lines" }
type Plain struct{ Id int64 }
`)
	acc := tbs["Account"]
	if acc == nil || acc.Name != "account" || acc.Schema == nil {
		t.Fatalf("Account: %+v", acc)
	}
	if got, want := indexes(acc), "primary(id) primary; uqe_owner_currency(owner,currency) unique; uqe_mail(mail) unique; idx_tenant_ref(ref,tenant)"; got != want {
		t.Errorf("Account indexes\n got %s\nwant %s", got, want)
	}
	if got := acc.Schema.Columns; len(got) != 8 || got[3] != "mail" || got[5] != "note" {
		t.Errorf("Account columns: %v", got)
	}
	led := tbs["Ledger"]
	if led == nil || led.Name != "ledger_lines" {
		t.Fatalf("Ledger: %+v", led)
	}
	// An untagged int64 field named ID is xorm's auto-increment key.
	if got, want := indexes(led), "primary(id) primary; idx_account(account)"; got != want {
		t.Errorf("Ledger indexes: got %s, want %s", got, want)
	}
	if tbs["Plain"] != nil {
		t.Errorf("a struct without xorm tags is no model: %+v", tbs["Plain"])
	}
}

// TestXORMMapper checks names under the mapper the package shows, and
// that a name the mappers disagree on is unknown when it shows none.
func TestXORMMapper(t *testing.T) {
	const model = `
type UserAccount struct {
	Id     int64 ` + "`xorm:\"pk\"`" + `
	UserID int64 ` + "`xorm:\"index\"`" + `
}
`
	tbs := tables(t, "package m\n"+model)
	if ua := tbs["UserAccount"]; ua == nil || ua.Name != "user_account" || ua.Schema != nil {
		t.Errorf("without a mapper, UserID's column is unknown: %+v", ua)
	}
	tbs = tables(t, `package m
import (
	"xorm.io/xorm"
	"xorm.io/xorm/names"
)
func setup(e *xorm.Engine) { e.SetMapper(names.GonicMapper{}) }
`+model)
	ua := tbs["UserAccount"]
	if ua == nil || ua.Schema == nil {
		t.Fatalf("UserAccount: %+v", ua)
	}
	if got, want := indexes(ua), "primary(id) primary; idx_user_id(user_id)"; got != want {
		t.Errorf("GonicMapper: got %s, want %s", got, want)
	}
	tbs = tables(t, `package m
import (
	"xorm.io/xorm"
	"xorm.io/xorm/names"
)
func setup(e *xorm.Engine) { e.SetTableMapper(names.PrefixMapper{Mapper: names.SnakeMapper{}, Prefix: "t_"}) }
`+model)
	if ua := tbs["UserAccount"]; ua == nil || ua.Schema != nil {
		t.Errorf("a prefix mapper makes the names unknown: %+v", ua)
	}
}

// TestXORMColumnMapper checks SetColumnMapper alone: columns by
// GonicMapper, tables still by SnakeMapper.
func TestXORMColumnMapper(t *testing.T) {
	tbs := tables(t, `package m
import (
	"xorm.io/xorm"
	"xorm.io/xorm/names"
)
func setup(e *xorm.Engine) { e.SetColumnMapper(names.GonicMapper{}) }
type APIKey struct {
	Id     int64 `+"`xorm:\"pk\"`"+`
	UserID int64 `+"`xorm:\"index\"`"+`
}
`)
	k := tbs["APIKey"]
	if k == nil || k.Name != "a_p_i_key" || k.Schema == nil {
		t.Fatalf("APIKey: %+v", k)
	}
	if got, want := indexes(k), "primary(id) primary; idx_user_id(user_id)"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestXORMSnakeMapper(t *testing.T) {
	for in, want := range map[string]string{"UserID": "user_i_d", "Wallet": "wallet", "HTTPLog": "h_t_t_p_log"} {
		if got := XORMSnake.Name(in); got != want {
			t.Errorf("SnakeMapper(%s) = %s, want %s", in, got, want)
		}
	}
	if got := XORMGonic.Name("UserID"); got != "user_id" {
		t.Errorf("GonicMapper(UserID) = %s", got)
	}
}
