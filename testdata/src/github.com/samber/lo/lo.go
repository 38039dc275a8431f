// Package lo is a small stand-in for github.com/samber/lo's slice and
// map helpers, with their signatures.
package lo

// Map returns the iteratee's result for each element of collection.
func Map[T any, R any](collection []T, iteratee func(item T, index int) R) []R {
	out := make([]R, len(collection))
	for i, item := range collection {
		out[i] = iteratee(item, i)
	}
	return out
}

// FilterMap returns the results the callback keeps.
func FilterMap[T any, R any](collection []T, callback func(item T, index int) (R, bool)) []R {
	var out []R
	for i, item := range collection {
		if r, ok := callback(item, i); ok {
			out = append(out, r)
		}
	}
	return out
}

// Filter returns the elements the predicate keeps.
func Filter[T any, Slice ~[]T](collection Slice, predicate func(item T, index int) bool) Slice {
	var out Slice
	for i, item := range collection {
		if predicate(item, i) {
			out = append(out, item)
		}
	}
	return out
}

// Chunk splits collection into groups of at most size elements.
func Chunk[T any, Slice ~[]T](collection Slice, size int) []Slice {
	var out []Slice
	for size > 0 && len(collection) > size {
		out = append(out, collection[:size])
		collection = collection[size:]
	}
	if len(collection) > 0 {
		out = append(out, collection)
	}
	return out
}

// GroupBy groups the elements by the iteratee's key.
func GroupBy[T any, U comparable, Slice ~[]T](collection Slice, iteratee func(item T) U) map[U]Slice {
	out := map[U]Slice{}
	for _, item := range collection {
		k := iteratee(item)
		out[k] = append(out[k], item)
	}
	return out
}

// Keys returns the keys of the maps, in their iteration order.
func Keys[K comparable, V any](in ...map[K]V) []K {
	var out []K
	for _, m := range in {
		for k := range m {
			out = append(out, k)
		}
	}
	return out
}

// Values returns the values of the maps, in their iteration order.
func Values[K comparable, V any](in ...map[K]V) []V {
	var out []V
	for _, m := range in {
		for _, v := range m {
			out = append(out, v)
		}
	}
	return out
}
