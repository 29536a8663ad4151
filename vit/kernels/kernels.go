// Package kernels holds the float32 compute kernels of the model: GEMM in the
// three forms a transformer step needs, and the row-wise kernels (LayerNorm,
// softmax, GELU, ...) around it. Callers work on the backing []float32 of
// gorgonia.org/tensor Dense values; nothing here allocates per call in steady
// state.
//
// All matrices are row-major. Every kernel is deterministic: the same inputs
// give bit-identical outputs whatever the number of threads.
package kernels
