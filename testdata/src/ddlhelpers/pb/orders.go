// Package pb stands for the service's generated gRPC code.
package pb

import "context"

type ArchiveRequest struct{ Table string }
type ArchiveReply struct{}

// UnimplementedOrdersServer is embedded by implementations for forward
// compatibility, as generated code asks.
type UnimplementedOrdersServer struct{}

func (UnimplementedOrdersServer) Archive(context.Context, *ArchiveRequest) (*ArchiveReply, error) {
	return nil, nil
}
