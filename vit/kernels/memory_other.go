//go:build !linux

package kernels

// TotalMemory returns 0 (unknown) where the machine's memory is not read.
func TotalMemory() uint64 { return 0 }
