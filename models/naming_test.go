package models

import "testing"

// The expected names below were produced by gorm.io/gorm v1.31.2's
// schema.NamingStrategy (with github.com/jinzhu/inflection v1.0.0), so a
// change in either port shows up here.

func TestTableNaming(t *testing.T) {
	cases := [][2]string{
		{"User", "users"},
		{"Account", "accounts"},
		{"Person", "people"},
		{"SalesPerson", "sales_people"},
		{"Child", "children"},
		{"Category", "categories"},
		{"Box", "boxes"},
		{"Match", "matches"},
		{"Wish", "wishes"},
		{"Status", "statuses"},
		{"Bus", "buses"},
		{"Human", "humen"},
		{"Equipment", "equipment"},
		{"Money", "money"},
		{"Leaf", "leafs"},
		{"Knife", "knives"},
		{"Day", "days"},
		{"Quiz", "quizzes"},
		{"Mouse", "mice"},
		{"Datum", "data"},
		{"Analysis", "analyses"},
		{"Index", "indices"},
		{"OrderItem", "order_items"},
		{"UserID", "user_ids"},
		{"APIKey", "api_keys"},
		{"HTTPSession", "http_sessions"},
		{"OAuth2Token", "o_auth2_tokens"},
		{"JobQueueEntry", "job_queue_entries"},
		{"Wolf", "wolves"},
		{"Half", "halves"},
		{"Shelf", "shelves"},
		{"Hive", "hives"},
		{"Wife", "wives"},
		{"Octopus", "octopi"},
		{"Axis", "axes"},
		{"Tomato", "tomatoes"},
		{"Vertex", "vertices"},
		{"Matrix", "matrices"},
		{"Ox", "oxen"},
		{"Sheep", "sheep"},
		{"News", "news"},
		{"Address", "addresses"},
		{"Process", "processes"},
		{"Class", "classes"},
		{"Series", "series"},
		{"Move", "moves"},
		{"Sex", "sexes"},
		{"Woman", "women"},
		{"FishStock", "fish_stocks"},
		{"Cookie", "cookies"},
		{"Movie", "movies"},
		{"Shoe", "shoes"},
		{"Photo", "photos"},
		{"Hero", "heros"},
		{"Alias", "aliases"},
		{"Virus", "viri"},
		{"Testis", "testes"},
		{"Crisis", "crises"},
		{"Medium", "media"},
	}
	for _, c := range cases {
		if got := (Naming{}).Table(c[0]); got != c[1] {
			t.Errorf("Table(%q) = %q, want %q (GORM's)", c[0], got, c[1])
		}
	}
	if got := (Naming{TablePrefix: "t_", Singular: true}).Table("OrderItem"); got != "t_order_item" {
		t.Errorf("prefix+singular: %q", got)
	}
	if got := (Naming{TablePrefix: "app_"}).Table("Person"); got != "app_people" {
		t.Errorf("prefix: %q", got)
	}
	if got := (Naming{Unknown: true}).Table("User"); got != "" {
		t.Errorf("unknown naming: %q", got)
	}
}

func TestColumnNaming(t *testing.T) {
	cases := [][2]string{
		{"ID", "id"},
		{"UserID", "user_id"},
		{"CreatedAt", "created_at"},
		{"HTTPServer", "http_server"},
		{"URL", "url"},
		{"Address1", "address1"},
		{"SKU", "sku"},
		{"OwnerID", "owner_id"},
		{"OAuth2Token", "o_auth2_token"},
		{"ABTest", "ab_test"},
		{"A", "a"},
		{"Aa", "aa"},
		{"IDs", "ids"},
		{"JSONData", "json_data"},
		{"Field_Name", "field_name"},
		{"X_Y", "x__y"},
	}
	for _, c := range cases {
		if got := ColumnName(c[0]); got != c[1] {
			t.Errorf("ColumnName(%q) = %q, want %q (GORM's)", c[0], got, c[1])
		}
	}
}
