package models

import (
	"slices"
	"strings"
	"testing"

	"github.com/locklint/locklint/schema"
)

func TestJoinTables(t *testing.T) {
	pkg, s, fset := check(t, `package m
import (
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)
var _ = schema.NamingStrategy{TablePrefix: "app_"}
type User struct {
	gorm.Model
	Languages []Language `+"`gorm:\"many2many:user_languages\"`"+`
	Groups    []*Group   `+"`gorm:\"many2many:UserGroup;foreignKey:Login;joinForeignKey:Member\"`"+`
	Friends   []User     `+"`gorm:\"many2many:friendships\"`"+`
	Login     string
}
type Language struct {
	Code string `+"`gorm:\"primaryKey\"`"+`
	Name string
}
type Group struct {
	ID   uint
	Name string
}
`)
	fact := Read(pkg, s, fset)
	var got []string
	for _, j := range fact.Joins {
		got = append(got, j.Name+"("+strings.Join(j.Indexes[0].Columns, ",")+")")
	}
	// friendships is a self-reference whose column names GORM derives
	// from the field: not followed, so no table at all.
	want := "app_user_groups(member,group_id) app_user_languages(user_id,language_code)"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("join tables = %s, want %s", g, want)
	}
}

func TestTablesSettlesSources(t *testing.T) {
	pk := func(cols ...string) []schema.Index {
		return []schema.Index{{Name: "primary", Columns: cols, Unique: true, Primary: true}}
	}
	helper := &schema.Table{Name: "member_teams", Columns: []string{"member_id", "team_id"}}
	facts := []*Fact{
		{Tables: []Table{{Type: "MemberTeam", Name: "member_teams", Schema: helper}}},
		{Joins: []schema.Table{
			{Name: "member_teams", Columns: []string{"member_id", "team_id"}, Indexes: pk("member_id", "team_id")},
			{Name: "project_reviewers", Columns: []string{"project_id", "reviewer_id"}, Indexes: pk("project_id", "reviewer_id")},
			{Name: "project_reviewers", Columns: []string{"reviewer_id", "project_id"}, Indexes: pk("reviewer_id", "project_id")},
			{Name: "user_roles", Columns: []string{"user_id", "role_id"}, Indexes: pk("user_id", "role_id")},
		}},
		{Joins: []schema.Table{
			{Name: "user_roles", Columns: []string{"user_id", "role_id"}, Indexes: pk("user_id", "role_id")},
		}},
	}
	got := map[string]string{}
	tables, disputed := Tables(facts)
	if !slices.Equal(disputed, []string{"project_reviewers"}) {
		t.Errorf("disputed = %v, want [project_reviewers]", disputed)
	}
	for _, tb := range tables {
		got[tb.Name] = strings.Join(tb.Indexes[0].Columns, ",")
	}
	want := map[string]string{
		"member_teams": "member_id,team_id", // the keyless helper yields
		"user_roles":   "user_id,role_id",   // two sources that agree
		// project_reviewers: the sources disagree on the leading column: unknown
	}
	if len(got) != len(want) {
		t.Errorf("tables = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
