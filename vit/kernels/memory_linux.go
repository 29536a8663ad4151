package kernels

import "golang.org/x/sys/unix"

// TotalMemory returns the machine's physical memory in bytes (0 when it
// cannot be read). Like the instruction set and the FMA peak, it is a fact
// of the machine the kernels run on.
func TotalMemory() uint64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
