/*
Package math32 provides basic constants and mathematical functions for float32 types.

At its core, it's mostly just a wrapper in form of float32(math.XXX). This applies to the following functions:
	Acos
	Acosh
	Asin
	Asinh
	Atan
	Atan2
	Atanh
	Cbrt
	Cos
	Cosh
	Erfc
	Gamma
	J0
	J1
	Jn
	Log10
	Log1p
	Log2
	Logb
	Pow10
	Sin
	Sinh
	Tan
	Y0
	Y1

Everything else is a float32 implementation. Implementation schedule is sporadic an uncertain. But eventually all functions will be replaced

*/
package math32
