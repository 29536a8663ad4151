// +build avx, sse
// +build amd64
// +build !fastmath
