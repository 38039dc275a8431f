module github.com/locklint/locklint/groundtruth/goqusql

go 1.26.0

require (
	github.com/doug-martin/goqu/v9 v9.19.0
	github.com/go-sql-driver/mysql v1.10.1
)

require filippo.io/edwards25519 v1.2.0 // indirect
