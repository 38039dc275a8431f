package main

import "testing"

func TestTagsArg(t *testing.T) {
	for _, tc := range []struct {
		args []string
		tags string
		ok   bool
	}{
		{[]string{"-tags=a,b", "./..."}, "a,b", true},
		{[]string{"--tags", "a b", "./..."}, "a b", true},
		{[]string{"-json", "./..."}, "", false},
		{[]string{"--", "-tags=x"}, "", false},
	} {
		tags, ok := tagsArg(tc.args)
		if tags != tc.tags || ok != tc.ok {
			t.Errorf("tagsArg(%q) = %q, %v; want %q, %v", tc.args, tags, ok, tc.tags, tc.ok)
		}
	}
	if got := normalizeTags(" a b,c "); got != "a,b,c" {
		t.Errorf("normalizeTags: %q, want a,b,c", got)
	}
}

func TestWantsJSON(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-json", "./..."}, true},
		{[]string{"-json=false", "./..."}, false},
		{[]string{"-json", "-fix", "./..."}, false},  // -fix prints no findings
		{[]string{"-json", "/tmp/x/vet.cfg"}, false}, // go vet prints its own JSON
		{[]string{"./..."}, false},
	} {
		if got := wantsJSON(tc.args); got != tc.want {
			t.Errorf("wantsJSON(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
