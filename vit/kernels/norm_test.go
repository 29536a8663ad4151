package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func closeTo(got float32, want, tol float64) bool {
	return math.Abs(float64(got)-want) <= tol
}

func TestLayerNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, isa := range supportedISAs() {
		for _, dim := range []int{1, 7, 8, 9, 16, 17, 25, 33, 192, 200} {
			t.Run(fmt.Sprintf("%v/dim=%d", isa, dim), func(t *testing.T) {
				const rows = 5
				x := make([]float32, rows*dim)
				for i := range x {
					x[i] = float32(rng.NormFloat64()*3 + 5) // an offset mean tests the two-pass variance
				}
				w, b := randSlice(rng, dim), randSlice(rng, dim)
				out := make([]float32, rows*dim+1)
				out[rows*dim] = sentinel
				mean, rstd := make([]float32, rows), make([]float32, rows)
				const eps = 1e-6
				layerNormISA(isa, out[:rows*dim], mean, rstd, x, w, b, rows, dim, eps)
				if out[rows*dim] != sentinel {
					t.Fatal("wrote past the end")
				}
				dy := randSlice(rng, rows*dim)
				dx0 := randSlice(rng, rows*dim)
				dx := append([]float32(nil), dx0...)
				layerNormBackwardISA(isa, dx, dy, x, mean, rstd, w, rows, dim)
				for r := 0; r < rows; r++ {
					xr := x[r*dim : r*dim+dim]
					var mu, v float64
					for _, e := range xr {
						mu += float64(e)
					}
					mu /= float64(dim)
					for _, e := range xr {
						v += (float64(e) - mu) * (float64(e) - mu)
					}
					rs := 1 / math.Sqrt(v/float64(dim)+eps)
					if !closeTo(mean[r], mu, 1e-6*math.Abs(mu)+1e-6) || !closeTo(rstd[r], rs, 1e-5*rs) {
						t.Fatalf("row %d: mean, rstd = %v, %v, want %v, %v", r, mean[r], rstd[r], mu, rs)
					}
					var sg, sgx float64
					for j, e := range xr {
						xhat := (float64(e) - mu) * rs
						want := xhat*float64(w[j]) + float64(b[j])
						if got := out[r*dim+j]; !closeTo(got, want, 2e-5*(math.Abs(want)+1)) {
							t.Fatalf("row %d col %d: out %v, want %v", r, j, got, want)
						}
						g := float64(dy[r*dim+j]) * float64(w[j])
						sg += g
						sgx += g * xhat
					}
					sg /= float64(dim)
					sgx /= float64(dim)
					for j, e := range xr {
						xhat := (float64(e) - mu) * rs
						g := float64(dy[r*dim+j]) * float64(w[j])
						want := float64(dx0[r*dim+j]) + (g-sg-xhat*sgx)*rs
						if got := dx[r*dim+j]; !closeTo(got, want, 2e-5*(math.Abs(want)+rs)) {
							t.Fatalf("row %d col %d: dx %v, want %v", r, j, got, want)
						}
					}
				}
			})
		}
	}
}

func TestColumnSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, isa := range supportedISAs() {
		for _, rows := range []int{0, 1, 37, 1000} {
			for _, cols := range []int{1, 7, 8, 9, 15, 16, 17, 24, 40} {
				name := fmt.Sprintf("%v/rows=%d/cols=%d", isa, rows, cols)
				ld := cols + 3
				dy, x := randSlice(rng, max(rows*ld, 1)), randSlice(rng, max(rows*ld, 1))
				mean, rstd := randSlice(rng, rows), randSlice(rng, rows)
				dw0, db0 := randSlice(rng, cols+1), randSlice(rng, cols+1)
				dw0[cols], db0[cols] = sentinel, sentinel
				for _, which := range []string{"both", "dw", "db"} {
					dw := append([]float32(nil), dw0...)
					db := append([]float32(nil), db0...)
					pw, pb := dw[:cols], db[:cols]
					switch which {
					case "dw":
						pb = nil
					case "db":
						pw = nil
					}
					layerNormGradsISA(isa, pw, pb, dy, x, mean, rstd, rows, ld)
					cs := append([]float32(nil), db0...)
					addColSumsISA(isa, cs[:cols], dy, rows, ld)
					for j := 0; j < cols; j++ {
						var sw, sb, mag float64
						for r := 0; r < rows; r++ {
							g := float64(dy[r*ld+j])
							sw += g * (float64(x[r*ld+j]) - float64(mean[r])) * float64(rstd[r])
							sb += g
							mag += math.Abs(g) * (1 + math.Abs(float64(x[r*ld+j])-float64(mean[r]))*math.Abs(float64(rstd[r])))
						}
						tol := 1e-6 * (mag + 1)
						wantW, wantB := float64(dw0[j]), float64(db0[j])
						if pw != nil {
							wantW += sw
						}
						if pb != nil {
							wantB += sb
						}
						if !closeTo(dw[j], wantW, tol) || !closeTo(db[j], wantB, tol) {
							t.Fatalf("%s/%s col %d: dw, db = %v, %v, want %v, %v", name, which, j, dw[j], db[j], wantW, wantB)
						}
						if !closeTo(cs[j], float64(db0[j])+sb, tol) {
							t.Fatalf("%s: column sum %d = %v, want %v", name, j, cs[j], float64(db0[j])+sb)
						}
					}
					if dw[cols] != sentinel || db[cols] != sentinel || cs[cols] != sentinel {
						t.Fatalf("%s/%s: wrote past the columns", name, which)
					}
				}
			}
		}
	}
}

// TestLayerNormBackwardSums checks the fused backward against the two
// kernels it replaces: dx bit for bit against LayerNormBackward, and the
// weight and bias gradients, summed in blocks of rows and added in block
// order, against float64 sums.
func TestLayerNormBackwardSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, isa := range supportedISAs() {
		for _, dim := range []int{1, 7, 8, 9, 16, 17, 24, 25, 33, 41, 200} {
			for _, rows := range []int{1, 5, 37} {
				name := fmt.Sprintf("%v/dim=%d/rows=%d", isa, dim, rows)
				x, dy, w := randSlice(rng, rows*dim), randSlice(rng, rows*dim), randSlice(rng, dim)
				mean, rstd := randSlice(rng, rows), randSlice(rng, rows)
				dx0 := randSlice(rng, rows*dim)
				want := append([]float32(nil), dx0...)
				layerNormBackwardISA(isa, want, dy, x, mean, rstd, w, rows, dim)

				const block = 4
				n := (rows + block - 1) / block
				size := LayerNormPartLen(dim)
				parts := make([]float32, n*size+1)
				parts[n*size] = sentinel
				dx := append([]float32(nil), dx0...)
				for p := range n {
					r0, r1 := p*block, min(rows, (p+1)*block)
					layerNormBackwardSumsISA(isa, dx[r0*dim:r1*dim], dy[r0*dim:r1*dim], x[r0*dim:r1*dim], mean[r0:r1], rstd[r0:r1], w, parts[p*size:(p+1)*size], r1-r0, dim)
				}
				if parts[n*size] != sentinel {
					t.Fatalf("%s: wrote past the last part", name)
				}
				for i := range dx {
					if dx[i] != want[i] {
						t.Fatalf("%s: dx[%d] = %v, LayerNormBackward gives %v", name, i, dx[i], want[i])
					}
				}
				dw0, db0 := randSlice(rng, dim+1), randSlice(rng, dim+1)
				dw0[dim], db0[dim] = sentinel, sentinel
				dw := append([]float32(nil), dw0...)
				db := append([]float32(nil), db0...)
				AddLayerNormParts(dw[:dim], db[:dim], parts, n, dim)
				for j := 0; j < dim; j++ {
					var sw, sb, mag float64
					for r := 0; r < rows; r++ {
						g := float64(dy[r*dim+j])
						xhat := (float64(x[r*dim+j]) - float64(mean[r])) * float64(rstd[r])
						sw += g * xhat
						sb += g
						mag += math.Abs(g) * (1 + math.Abs(xhat))
					}
					tol := 1e-6 * (mag + 1)
					if !closeTo(dw[j], float64(dw0[j])+sw, tol) || !closeTo(db[j], float64(db0[j])+sb, tol) {
						t.Fatalf("%s: col %d: dw, db = %v, %v, want %v, %v", name, j, dw[j], db[j], float64(dw0[j])+sw, float64(db0[j])+sb)
					}
				}
				if dw[dim] != sentinel || db[dim] != sentinel {
					t.Fatalf("%s: wrote past the columns", name)
				}
				dbOnly := append([]float32(nil), db0...)
				AddLayerNormParts(nil, dbOnly[:dim], parts, n, dim)
				for j := 0; j < dim; j++ {
					if dbOnly[j] != db[j] {
						t.Fatalf("%s: db alone, col %d = %v, with dw %v", name, j, dbOnly[j], db[j])
					}
				}
			}
		}
	}
}

func BenchmarkNormKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	const rows, dim = 8320, 192
	x, dy := randSlice(rng, rows*dim), randSlice(rng, rows*dim)
	out, dx := make([]float32, rows*dim), make([]float32, rows*dim)
	w, bias := randSlice(rng, dim), randSlice(rng, dim)
	mean, rstd := make([]float32, rows), make([]float32, rows)
	dw, db := make([]float32, dim), make([]float32, dim)
	for _, isa := range supportedISAs() {
		b.Run(fmt.Sprintf("LayerNorm/%v", isa), func(b *testing.B) {
			for range b.N {
				layerNormISA(isa, out, mean, rstd, x, w, bias, rows, dim, 1e-6)
			}
		})
		b.Run(fmt.Sprintf("LayerNormBackward/%v", isa), func(b *testing.B) {
			for range b.N {
				layerNormBackwardISA(isa, dx, dy, x, mean, rstd, w, rows, dim)
			}
		})
		b.Run(fmt.Sprintf("LayerNormGrads/%v", isa), func(b *testing.B) {
			for range b.N {
				layerNormGradsISA(isa, dw, db, dy, x, mean, rstd, rows, dim)
			}
		})
		part := make([]float32, (rows+31)/32*LayerNormPartLen(dim))
		b.Run(fmt.Sprintf("LayerNormBackwardSums/%v", isa), func(b *testing.B) {
			for range b.N {
				clear(part)
				for r0 := 0; r0 < rows; r0 += 32 {
					r1 := min(rows, r0+32)
					p := part[r0/32*LayerNormPartLen(dim):]
					layerNormBackwardSumsISA(isa, dx[r0*dim:r1*dim], dy[r0*dim:r1*dim], x[r0*dim:r1*dim], mean[r0:r1], rstd[r0:r1], w, p, r1-r0, dim)
				}
				AddLayerNormParts(dw, db, part, (rows+31)/32, dim)
			}
		})
		b.Run(fmt.Sprintf("AddColSums/%v", isa), func(b *testing.B) {
			for range b.N {
				addColSumsISA(isa, db, dy, rows, dim)
			}
		})
	}
}
