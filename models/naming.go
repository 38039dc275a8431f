package models

import "strings"

// Naming is how a program names tables: GORM's schema.NamingStrategy (v2)
// or SingularTable (v1), as far as the package shows it.
type Naming struct {
	TablePrefix string
	Singular    bool
	// Unknown is set when the program names tables in a way locklint
	// cannot follow (a NameReplacer, NoLowerCase, v1's
	// DefaultTableNameHandler, two different strategies): default table
	// names are then unknown, though TableName methods still count.
	Unknown bool
}

// Table returns the table GORM derives from a Go type name, "" when the
// naming is unknown.
func (n Naming) Table(typeName string) string {
	if n.Unknown {
		return ""
	}
	name := toDBName(typeName)
	if !n.Singular {
		name = plural(name)
	}
	return strings.ToLower(n.TablePrefix + name)
}

// ColumnName returns the column GORM derives from a Go field name.
func ColumnName(fieldName string) string { return toDBName(fieldName) }

// commonInitialisms are the words GORM's toDBName keeps together
// (gorm.io/gorm/schema/naming.go), in GORM's order: strings.Replacer tries
// them in argument order, so "HTTPS" is read as "HTTP" + "S" there too.
var commonInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

var initialismReplacer = func() *strings.Replacer {
	var pairs []string
	for _, w := range commonInitialisms {
		pairs = append(pairs, w, w[:1]+strings.ToLower(w[1:]))
	}
	return strings.NewReplacer(pairs...)
}()

// toDBName is GORM v2's NamingStrategy.toDBName without a replacer:
// "UserID" -> "user_id", "HTTPServer" -> "http_server", "OAuth2Token" ->
// "o_auth2_token". It is ported line by line, quirks included, because a
// name that differs from GORM's by one underscore is a different table.
func toDBName(name string) string {
	if name == "" {
		return ""
	}
	value := initialismReplacer.Replace(name)
	var (
		buf                            strings.Builder
		lastCase, nextCase, nextNumber bool
		curCase                        = value[0] <= 'Z' && value[0] >= 'A'
	)
	for i, v := range value[:len(value)-1] {
		nextCase = value[i+1] <= 'Z' && value[i+1] >= 'A'
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteRune(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteRune(v + 32)
			}
		} else {
			buf.WriteRune(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(value[len(value)-1] + 32)
	} else {
		buf.WriteByte(value[len(value)-1])
	}
	return buf.String()
}
