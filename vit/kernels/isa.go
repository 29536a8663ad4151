package kernels

import (
	"fmt"
	"os"
	"strings"
)

// ISA names an instruction set the kernels can run on.
type ISA uint8

const (
	// Generic is the portable Go path, available everywhere.
	Generic ISA = iota
	// AVX2 uses 256-bit AVX2 and FMA3 assembly.
	AVX2
	// AVX512 uses 512-bit AVX-512F assembly.
	AVX512
)

// EnvKernels names the environment variable that caps the instruction set
// NewPool and the package-level kernels use: "generic", "avx2" or "avx512"
// (or "auto", the default: the best the CPU supports). Tests use it to cover
// every path on one machine.
const EnvKernels = "ADAPTFORMER_KERNELS"

func (i ISA) String() string {
	switch i {
	case Generic:
		return "generic"
	case AVX2:
		return "avx2"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("ISA(%d)", uint8(i))
}

// ParseISA parses an ISA name as accepted in ADAPTFORMER_KERNELS.
func ParseISA(s string) (ISA, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "generic", "go", "purego":
		return Generic, nil
	case "avx2":
		return AVX2, nil
	case "avx512", "avx-512":
		return AVX512, nil
	case "", "auto":
		return DetectedISA(), nil
	}
	return Generic, fmt.Errorf("unknown kernel instruction set %q (want generic, avx2, avx512 or auto)", s)
}

// DetectedISA reports the best instruction set this CPU (and build) supports.
func DetectedISA() ISA { return detectedISA }

// DefaultISA reports the instruction set NewPool and the package-level
// kernels use: DetectedISA capped by ADAPTFORMER_KERNELS.
func DefaultISA() ISA { return defaultISA }

// Supported reports whether this CPU and build can run the given ISA.
func (i ISA) Supported() bool { return i <= detectedISA }

// detectedISA and defaultISA are computed once at start-up and never change.
var (
	detectedISA = detectISA()
	defaultISA  = isaFromEnv()
)

// isaFromEnv is the best supported ISA, capped by ADAPTFORMER_KERNELS. An
// unknown value is ignored (the kernels cannot report an error from here);
// ParseISA reports it to callers that want to check.
func isaFromEnv() ISA {
	want, err := ParseISA(os.Getenv(EnvKernels))
	if err != nil || want > detectedISA {
		return detectedISA
	}
	return want
}

// tile returns the register tile (rows x columns of C) of the ISA's
// micro-kernel.
func (i ISA) tile() (mr, nr int) {
	switch i {
	case AVX512:
		return avx512MR, avx512NR
	case AVX2:
		return avx2MR, avx2NR
	}
	return genericMR, genericNR
}
