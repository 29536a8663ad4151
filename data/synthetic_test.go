package data

import (
	"bytes"
	"testing"
)

func TestSyntheticSets(t *testing.T) {
	for _, tt := range []struct {
		name            string
		classes, trainN int
	}{
		{"synthetic-pretrain", 44, defaultPretrainTrain},
		{"synthetic-transfer", 10, defaultTransferTrain},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Open(tt.name, "", "train", OpenOptions{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			ev, _ := Open(tt.name, "", "eval", OpenOptions{Seed: 1})
			again, _ := Open(tt.name, "", "train", OpenOptions{Seed: 1})
			other, _ := Open(tt.name, "", "train", OpenOptions{Seed: 2})
			if len(tr.Classes()) != tt.classes || tr.Len() != tt.trainN || ev.Len() != defaultSynthEval {
				t.Fatalf("%d classes, %d/%d records", len(tr.Classes()), tr.Len(), ev.Len())
			}
			if h, w := tr.Size(); h != 32 || w != 32 {
				t.Fatalf("size %dx%d", h, w)
			}
			a, b := make([]byte, 3072), make([]byte, 3072)
			counts := make([]int, tt.classes)
			for i := range 3 * tt.classes {
				la, _ := tr.Record(i, a)
				lb, _ := again.Record(i, b)
				if la != lb || !bytes.Equal(a, b) {
					t.Fatalf("record %d differs between two opens with the same seed", i)
				}
				counts[la]++
				other.Record(i, b)
				if bytes.Equal(a, b) {
					t.Fatalf("record %d is the same under seeds 1 and 2", i)
				}
				ev.Record(i, b)
				if bytes.Equal(a, b) {
					t.Fatalf("record %d is the same in train and eval", i)
				}
			}
			for c, n := range counts {
				if n != 3 {
					t.Errorf("class %d has %d of the first %d records, want 3", c, n, 3*tt.classes)
				}
			}
			if _, err := tr.Record(tr.Len(), a); err == nil {
				t.Error("record past the end: no error")
			}
		})
	}
	ds, _ := Open("synthetic-transfer", "", "train", OpenOptions{Samples: 123})
	if ds.Len() != 123 {
		t.Errorf("Samples 123: %d records", ds.Len())
	}
}

// TestSyntheticTransferIsNew checks the transfer classes are new
// combinations of what pretraining shows: no transfer shape-texture pair is
// a pretraining class, yet every transfer shape and texture occurs in
// pretraining, in both colour families.
func TestSyntheticTransferIsNew(t *testing.T) {
	pre, tr := synthClasses(synthPretrain), synthClasses(synthTransfer)
	if len(pre) != 44 || len(tr) != 10 {
		t.Fatalf("%d pretraining and %d transfer classes, want 44 and 10", len(pre), len(tr))
	}
	seenPair := map[[2]int]bool{}
	shapeFamilies, textureFamilies := map[int]map[int]bool{}, map[int]map[int]bool{}
	for _, c := range pre {
		if c.family < 0 {
			t.Errorf("pretraining class %q has no colour family", c.name())
		}
		seenPair[[2]int{c.shape, c.texture}] = true
		if shapeFamilies[c.shape] == nil {
			shapeFamilies[c.shape] = map[int]bool{}
		}
		if textureFamilies[c.texture] == nil {
			textureFamilies[c.texture] = map[int]bool{}
		}
		shapeFamilies[c.shape][c.family] = true
		textureFamilies[c.texture][c.family] = true
	}
	names := map[string]bool{}
	for _, c := range tr {
		if names[c.name()] {
			t.Errorf("transfer class %q occurs twice", c.name())
		}
		names[c.name()] = true
		if c.family >= 0 {
			t.Errorf("transfer class %q is tied to a colour family", c.name())
		}
		if seenPair[[2]int{c.shape, c.texture}] {
			t.Errorf("transfer class %q is also a pretraining class", c.name())
		}
		if len(shapeFamilies[c.shape]) != len(familyNames) || len(textureFamilies[c.texture]) != len(familyNames) {
			t.Errorf("transfer class %q: its shape or texture is missing from pretraining", c.name())
		}
	}
}

// TestSyntheticIsLearnable checks the synthetic images carry their labels:
// a nearest-centroid classifier on coarse colour and layout features must
// beat chance by a wide margin on held-out images. (The ViT learns far
// more; this only rules out noise.)
func TestSyntheticIsLearnable(t *testing.T) {
	for _, tt := range []struct {
		name   string
		minAcc float64
	}{
		{"synthetic-pretrain", 0.20}, // chance 1/44
		{"synthetic-transfer", 0.35}, // chance 1/10
	} {
		tr, _ := Open(tt.name, "", "train", OpenOptions{})
		ev, _ := Open(tt.name, "", "eval", OpenOptions{})
		k := len(tr.Classes())
		feat := func(img []byte) []float64 {
			// Per 8x8 cell: mean luma and mean absolute horizontal and
			// vertical luma differences (texture), plus mean saturation
			// hue proxies (R-B, G-B) over the image.
			f := make([]float64, 0, 3*16+2)
			var rb, gb float64
			for cy := 0; cy < 4; cy++ {
				for cx := 0; cx < 4; cx++ {
					var lum, dh, dv float64
					for y := cy * 8; y < cy*8+8; y++ {
						for x := cx * 8; x < cx*8+8; x++ {
							l := func(x, y int) float64 {
								return float64(img[y*32+x]) + float64(img[1024+y*32+x]) + float64(img[2048+y*32+x])
							}
							lum += l(x, y)
							if x < 31 {
								dh += abs64(l(x+1, y) - l(x, y))
							}
							if y < 31 {
								dv += abs64(l(x, y+1) - l(x, y))
							}
						}
					}
					f = append(f, lum/64/100, dh/64/30, dv/64/30)
				}
			}
			for i := 0; i < 1024; i++ {
				rb += float64(img[i]) - float64(img[2048+i])
				gb += float64(img[1024+i]) - float64(img[2048+i])
			}
			return append(f, rb/1024/20, gb/1024/20)
		}
		cent := make([][]float64, k)
		n := make([]int, k)
		img := make([]byte, 3072)
		for i := range 40 * k {
			l, _ := tr.Record(i, img)
			f := feat(img)
			if cent[l] == nil {
				cent[l] = make([]float64, len(f))
			}
			for j, v := range f {
				cent[l][j] += v
			}
			n[l]++
		}
		for c := range cent {
			for j := range cent[c] {
				cent[c][j] /= float64(n[c])
			}
		}
		correct, total := 0, 1000
		for i := range total {
			l, _ := ev.Record(i, img)
			f := feat(img)
			best, bestD := 0, -1.0
			for c := range cent {
				d := 0.0
				for j, v := range f {
					d += (v - cent[c][j]) * (v - cent[c][j])
				}
				if bestD < 0 || d < bestD {
					best, bestD = c, d
				}
			}
			if best == l {
				correct++
			}
		}
		acc := float64(correct) / float64(total)
		t.Logf("%s: nearest-centroid accuracy %.3f (chance %.3f)", tt.name, acc, 1/float64(k))
		if acc < tt.minAcc {
			t.Errorf("%s: nearest-centroid accuracy %.3f, want at least %.2f", tt.name, acc, tt.minAcc)
		}
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
