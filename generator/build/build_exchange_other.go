//go:build !linux

package build

// exchange cannot swap two folders in one step here.
func exchange(a, b string) (exchanged bool, err error) { return false, nil }
