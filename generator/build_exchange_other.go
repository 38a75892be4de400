//go:build !linux

package generator

// exchange cannot swap two folders in one step here.
func exchange(a, b string) (exchanged bool, err error) { return false, nil }
