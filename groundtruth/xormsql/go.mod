module github.com/locklint/locklint/groundtruth/xormsql

go 1.26.0

// xorm lists the Dameng driver among its requirements for its own tests
// only; its module is not on the public proxy. Nothing here imports it.
replace gitee.com/travelliu/dm => ./dmstub

require (
	github.com/go-sql-driver/mysql v1.10.1
	xorm.io/builder v0.3.13
	xorm.io/xorm v1.4.1
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/goccy/go-json v0.10.5 // indirect
	github.com/golang/snappy v0.0.4 // indirect
	github.com/syndtr/goleveldb v1.0.0 // indirect
)
