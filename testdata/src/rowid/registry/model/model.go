// Package model holds the registry's entities. Their keys sit in nested
// messages, read through getters that guard against nil.
package model

// Text is a wrapped string value.
type Text struct {
	Value string
}

// GetValue returns the wrapped string, or "" for a nil wrapper.
func (t *Text) GetValue() string {
	if t != nil {
		return t.Value
	}
	return ""
}

// Endpoint is the wire form of an instance.
type Endpoint struct {
	Id   *Text
	Host string
	Port int
}

// GetId returns the endpoint's id, or nil for a nil endpoint.
func (e *Endpoint) GetId() *Text {
	if e != nil {
		return e.Id
	}
	return nil
}

// Instance is a registered instance of a service.
type Instance struct {
	Proto     *Endpoint
	ServiceID string
	Labels    map[string]string
}

// ID is the instance's key: the id of its endpoint.
func (i *Instance) ID() string {
	if i.Proto == nil {
		return ""
	}
	return i.Proto.GetId().GetValue()
}

// Address computes a value from two fields: not a key of anything.
func (i *Instance) Address() string {
	return i.Proto.Host + ":" + i.ServiceID
}

// Scoped takes a parameter: what it returns depends on the caller.
func (i *Instance) Scoped(scope string) string {
	return scope + "/" + i.ID()
}
