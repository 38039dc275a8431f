// Package shop holds the models of an order store.
package shop

type Order struct {
	ID         int64
	CustomerID int64
	Total      int64
}

func (Order) TableName() string { return "orders" }

type Customer struct {
	ID    int64
	Email string
}

func (Customer) TableName() string { return "customers" }

type Invoice struct {
	ID      int64
	OrderID int64
}

func (Invoice) TableName() string { return "invoices" }
