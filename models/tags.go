package models

import (
	"reflect"
	"strings"
)

// settings are a field's tag settings as GORM's ParseTagSetting reads
// them: upper-case keys, "KEY" for a bare key, the text after the first
// colon otherwise.
type settings map[string]string

// parseSettings splits a tag value on sep, honouring `\;` escapes.
func parseSettings(str, sep string) settings {
	out := settings{}
	names := strings.Split(str, sep)
	for i := 0; i < len(names); i++ {
		s := names[i]
		for strings.HasSuffix(s, `\`) && i+1 < len(names) {
			i++
			s = s[:len(s)-1] + sep + names[i]
		}
		k, v, hasValue := strings.Cut(s, ":")
		k = strings.TrimSpace(strings.ToUpper(k))
		switch {
		case hasValue:
			out[k] = strings.ReplaceAll(v, `\"`, `"`)
		case k != "":
			out[k] = k
		}
	}
	return out
}

// fieldSettings reads a field's settings. GORM v1 reads the `sql` tag as
// well as `gorm`; v2 only `gorm`.
func fieldSettings(tag string, d Dialect) settings {
	st := reflect.StructTag(tag)
	out := parseSettings(st.Get("gorm"), ";")
	if d == V1 {
		for k, v := range parseSettings(st.Get("sql"), ";") {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return out
}

// has reports whether any of the keys is set to something other than
// "false" (GORM's utils.CheckTruth).
func (s settings) has(keys ...string) bool {
	for _, k := range keys {
		if v, ok := s[k]; ok && v != "" && !strings.EqualFold(v, "false") {
			return true
		}
	}
	return false
}

// rawEntries returns the `;`-separated entries of the tags GORM reads
// index definitions from, in order: one field may declare several indexes.
func rawEntries(tag string, d Dialect) []string {
	st := reflect.StructTag(tag)
	entries := strings.Split(st.Get("gorm"), ";")
	if d == V1 {
		entries = append(entries, strings.Split(st.Get("sql"), ";")...)
	}
	return entries
}
