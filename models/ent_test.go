package models

import "testing"

func TestEntMigrateTables(t *testing.T) {
	tbs := tables(t, `package m
import "entgo.io/ent/dialect/sql/schema"
var (
	UsersColumns = []*schema.Column{
		{Name: "id"},
		{Name: "email", Unique: true},
		{Name: "team_id"},
		{Name: "handle"},
		{Name: "group_users", Nullable: true},
		{Name: "org_users", Nullable: true},
	}
	UsersTable = &schema.Table{
		Name:       "users",
		Columns:    UsersColumns,
		PrimaryKey: []*schema.Column{UsersColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{Symbol: "users_groups_users", Columns: []*schema.Column{UsersColumns[4]}},
			{Symbol: "users_orgs_users", Columns: []*schema.Column{UsersColumns[5]}},
		},
		Indexes: []*schema.Index{
			{Name: "user_team_id_handle", Unique: true, Columns: []*schema.Column{UsersColumns[2], UsersColumns[3]}},
			{Name: "user_org_users", Unique: false, Columns: []*schema.Column{UsersColumns[5], UsersColumns[1]}},
		},
	}
	// A column list read from elsewhere: the table is unknown.
	OthersTable = &schema.Table{Name: "others", Columns: columns()}
)
func columns() []*schema.Column { return nil }
`)
	u := tbs["UsersTable"]
	if u == nil || u.Name != "users" || u.Schema == nil {
		t.Fatalf("UsersTable: %+v", u)
	}
	// The foreign key group_users gets the index InnoDB creates; org_users
	// is covered by an index that starts with it.
	if got, want := indexes(u), "email(email) unique; PRIMARY(id) primary; user_team_id_handle(team_id,handle) unique; user_org_users(org_users,email); fk_0(group_users)"; got != want {
		t.Errorf("users indexes\n got %s\nwant %s", got, want)
	}
	if tbs["OthersTable"] != nil {
		t.Errorf("OthersTable read from an unknown column list: %+v", tbs["OthersTable"])
	}
}
