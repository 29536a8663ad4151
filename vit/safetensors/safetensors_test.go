package safetensors

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.safetensors")
	in := []Tensor{
		F32("zeta", []int{2, 3}, []float32{1, -2, 3.5, 0, float32(math.Inf(1)), 1e-30}),
		I64("alpha", []int{3}, []int64{-1, 0, 1 << 40}),
		F32("scalar", []int{}, []float32{7}),
	}
	meta := map[string]string{"config": `{"a": 1}`, "step": "12"}
	if err := WriteFile(path, in, meta); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Metadata, meta) {
		t.Errorf("metadata = %v, want %v", f.Metadata, meta)
	}
	if len(f.Tensors) != len(in) {
		t.Fatalf("got %d tensors, want %d", len(f.Tensors), len(in))
	}
	for i, want := range in {
		got := f.Tensors[i]
		if got.Name != want.Name || got.DType != want.DType || !reflect.DeepEqual(got.Shape, want.Shape) || string(got.Data) != string(want.Data) {
			t.Errorf("tensor %d = %s %s %v, want %s %s %v (header order must be kept)", i, got.Name, got.DType, got.Shape, want.Name, want.DType, want.Shape)
		}
	}
	z, ok := f.Get("zeta")
	if !ok {
		t.Fatal("Get(zeta) not found")
	}
	v, err := z.Float32()
	if err != nil || v[2] != 3.5 || !math.IsInf(float64(v[4]), 1) {
		t.Errorf("zeta = %v, %v", v, err)
	}
	a, _ := f.Get("alpha")
	iv, err := a.Int64()
	if err != nil || !reflect.DeepEqual(iv, []int64{-1, 0, 1 << 40}) {
		t.Errorf("alpha = %v, %v", iv, err)
	}
	if _, err := a.Float32(); err == nil {
		t.Error("Float32 of an I64 tensor: want an error")
	}
	// The header is padded so the data section starts 8-byte aligned.
	raw, _ := os.ReadFile(path)
	if n := binary.LittleEndian.Uint64(raw); (8+n)%8 != 0 {
		t.Errorf("header length %d leaves the data unaligned", n)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after WriteFile, want 1", len(entries))
	}
}

func TestHalfPrecision(t *testing.T) {
	tests := []struct {
		dtype string
		bits  uint16
		want  float32
	}{
		{"F16", 0x3c00, 1},
		{"F16", 0xc000, -2},
		{"F16", 0x3555, 0.333251953125},
		{"F16", 0x0001, 5.9604645e-08},
		{"F16", 0x7c00, float32(math.Inf(1))},
		{"BF16", 0x3f80, 1},
		{"BF16", 0xc040, -3},
	}
	for _, tc := range tests {
		data := binary.LittleEndian.AppendUint16(nil, tc.bits)
		got, err := Tensor{Name: "h", DType: tc.dtype, Shape: []int{1}, Data: data}.Float32()
		if err != nil || got[0] != tc.want {
			t.Errorf("%s %#04x = %v, %v; want %v", tc.dtype, tc.bits, got, err, tc.want)
		}
	}
}

// build assembles a raw file from a header string and a data section.
func build(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

func TestParseErrors(t *testing.T) {
	good := build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8))
	if _, err := Parse(good); err != nil {
		t.Fatalf("valid file: %v", err)
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"truncated data", good[:len(good)-3], "truncated"},
		{"truncated header", good[:20], "truncated"},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<40), "exceeds"},
		{"not json", build("hello", nil), "not a JSON object"},
		{"bad json", build(`{"a":{"dtype":"F32",`, nil), "tensor \"a\""},
		{"unknown dtype", build(`{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)), "unknown dtype"},
		{"size mismatch", build(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, make([]byte, 8)), "needs 12 bytes"},
		{"bad offsets", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}`, make([]byte, 8)), "invalid data_offsets"},
		{"negative dim", build(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, make([]byte, 4)), "negative"},
		{"missing shape", build(`{"a":{"dtype":"F32","data_offsets":[0,4]}}`, make([]byte, 4)), "missing shape"},
		{"trailing bytes", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 8)), "after the last tensor"},
		{"overlap", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)), "overlaps"},
		{"gap", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)), "gap"},
		{"duplicate", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)), "twice"},
		{"bad metadata", build(`{"__metadata__":{"a":1}}`, nil), "__metadata__"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse: error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestReadFileNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.safetensors")
	if err := os.WriteFile(path, []byte{1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("ReadFile error %v does not name %s", err, path)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing file: want an error")
	}
}

func TestWriteFileRejectsBadTensors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.safetensors")
	bad := [][]Tensor{
		{{Name: "a", DType: "F32", Shape: []int{2}, Data: make([]byte, 4)}},
		{{Name: "a", DType: "Q4", Shape: []int{1}, Data: make([]byte, 4)}},
		{F32("a", []int{1}, []float32{1}), F32("a", []int{1}, []float32{1})},
	}
	for i, ts := range bad {
		if err := WriteFile(path, ts, nil); err == nil {
			t.Errorf("case %d: want an error", i)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed writes left %d files", len(entries))
	}
}

func TestReadsFixture(t *testing.T) {
	f, err := ReadFile(filepath.Join("..", "testdata", "seed_style.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Tensors[0].Name != "param/cls_token" || f.Metadata["config"] == "" {
		t.Errorf("first tensor %q, metadata %v", f.Tensors[0].Name, f.Metadata)
	}
	labels, ok := f.Get("labels")
	if !ok {
		t.Fatal("no labels")
	}
	if _, err := labels.Int64(); err != nil {
		t.Error(err)
	}
}
