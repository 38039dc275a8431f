package models

import (
	"regexp"
	"strings"
	"sync"
)

// GORM pluralizes table names with github.com/jinzhu/inflection. Its rules
// are ported here with their order and their quirks ("human" becomes
// "humen", because the irregular "man" matches any word ending in it):
// the table GORM creates is the table that gets locked.

type inflection struct {
	re      *regexp.Regexp
	replace string
}

var (
	pluralRules = [][2]string{
		{"([a-z])$", "${1}s"},
		{"s$", "s"},
		{"^(ax|test)is$", "${1}es"},
		{"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"},
		{"(alias|status)$", "${1}es"},
		{"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"},
		{"([ti])um$", "${1}a"},
		{"([ti])a$", "${1}a"},
		{"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"},
		{"(hive)$", "${1}s"},
		{"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"},
		{"(matr|vert|ind)(?:ix|ex)$", "${1}ices"},
		{"^(m|l)ouse$", "${1}ice"},
		{"^(m|l)ice$", "${1}ice"},
		{"^(ox)$", "${1}en"},
		{"^(oxen)$", "${1}"},
		{"(quiz)$", "${1}zes"},
	}
	irregulars   = [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}}
	uncountables = []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"}
)

// pluralInflections is compiled as inflection.compile does: uncountables,
// then irregulars, then the regular rules from last to first; the first
// match wins. They are compiled on first use: every process go vet runs
// the tool in would otherwise pay for them, most never naming a table.
var pluralInflections = sync.OnceValue(func() []inflection {
	var out []inflection
	for _, u := range uncountables {
		out = append(out, inflection{regexp.MustCompile("^(?i)(" + u + ")$"), "${1}"})
	}
	for _, ir := range irregulars {
		out = append(out,
			inflection{regexp.MustCompile(strings.ToUpper(ir[0]) + "$"), strings.ToUpper(ir[1])},
			inflection{regexp.MustCompile(title(ir[0]) + "$"), title(ir[1])},
			inflection{regexp.MustCompile(ir[0] + "$"), ir[1]},
		)
	}
	for i := len(pluralRules) - 1; i >= 0; i-- {
		find, repl := pluralRules[i][0], pluralRules[i][1]
		out = append(out,
			inflection{regexp.MustCompile(strings.ToUpper(find)), strings.ToUpper(repl)},
			inflection{regexp.MustCompile(find), repl},
			inflection{regexp.MustCompile("(?i)" + find), repl},
		)
	}
	return out
})

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// plural is inflection.Plural.
func plural(s string) string {
	for _, inf := range pluralInflections() {
		if inf.re.MatchString(s) {
			return inf.re.ReplaceAllString(s, inf.replace)
		}
	}
	return s
}
