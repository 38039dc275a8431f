module github.com/locklint/locklint/groundtruth/xormsql

go 1.26.0

// xorm lists the Dameng driver among its requirements for its own tests
// only; its module is not on the public proxy. Nothing here imports it.
replace gitee.com/travelliu/dm => ./dmstub

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/go-sql-driver/mysql v1.10.1 // indirect
	github.com/goccy/go-json v0.8.1 // indirect
	github.com/golang/snappy v0.0.4 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/syndtr/goleveldb v1.0.0 // indirect
	xorm.io/builder v0.3.11-0.20220531020008-1bd24a7dc978 // indirect
	xorm.io/xorm v1.3.2 // indirect
)
