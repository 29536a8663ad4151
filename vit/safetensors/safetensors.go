// Package safetensors reads and writes the safetensors file format: an 8-byte
// little-endian header length, a JSON header mapping each tensor name to its
// dtype, shape and byte range, then the raw little-endian tensor data.
//
// Reading validates everything the header claims against the file (sizes,
// offsets, dtypes, overlaps) and reports the first problem by name, so a
// corrupt or truncated checkpoint yields a clear error, never a panic.
// Writing is atomic: a temporary file in the same directory is written,
// synced and renamed over the target.
//
// The format is described at https://github.com/huggingface/safetensors.
package safetensors

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"

	"github.com/adaptformer/adaptformer/internal/atomicfile"
)

// maxHeaderSize bounds the JSON header, as the reference implementation does,
// so that a corrupt length cannot make the reader allocate without limit.
const maxHeaderSize = 100 << 20

// Tensor is one named tensor: its dtype ("F32", "I64", ...), its shape and its
// raw little-endian bytes.
type Tensor struct {
	Name  string
	DType string
	Shape []int
	Data  []byte
}

// File is a parsed safetensors file.
type File struct {
	// Metadata is the header's optional "__metadata__" string map (never nil).
	Metadata map[string]string
	// Tensors are in the order the header lists them.
	Tensors []Tensor
}

// dtypeSizes gives the byte size of each element type the format defines.
var dtypeSizes = map[string]int{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
	"I16": 2, "U16": 2, "F16": 2, "BF16": 2,
	"I32": 4, "U32": 4, "F32": 4,
	"I64": 8, "U64": 8, "F64": 8,
}

// DTypeSize reports the byte size of one element of dtype, or 0 when the
// dtype is unknown.
func DTypeSize(dtype string) int { return dtypeSizes[dtype] }

// NumElements is the product of the shape (1 for a scalar).
func (t Tensor) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Get returns the tensor called name.
func (f *File) Get(name string) (Tensor, bool) {
	for _, t := range f.Tensors {
		if t.Name == name {
			return t, true
		}
	}
	return Tensor{}, false
}

// ReadFile reads and validates the safetensors file at path.
func ReadFile(path string) (*File, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	f, err := Parse(buf)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %s: %w", path, err)
	}
	return f, nil
}

// headerEntry is one tensor's description in the JSON header.
type headerEntry struct {
	DType       string `json:"dtype"`
	Shape       []int  `json:"shape"`
	DataOffsets []int  `json:"data_offsets"`
}

// Parse decodes a whole safetensors file held in buf. The returned tensors'
// Data slices alias buf.
func Parse(buf []byte) (*File, error) {
	if len(buf) < 8 {
		return nil, fmt.Errorf("file is %d bytes, too short for the 8-byte header length (truncated?)", len(buf))
	}
	n := binary.LittleEndian.Uint64(buf[:8])
	if n > maxHeaderSize {
		return nil, fmt.Errorf("header length %d exceeds the %d-byte limit (corrupt file?)", n, maxHeaderSize)
	}
	if n > uint64(len(buf)-8) {
		return nil, fmt.Errorf("header length %d exceeds the %d bytes after it (truncated?)", n, len(buf)-8)
	}
	header := buf[8 : 8+n]
	data := buf[8+n:]
	if len(bytes.TrimSpace(header)) == 0 || bytes.TrimLeft(header, " \t\r\n")[0] != '{' {
		return nil, errors.New("header is not a JSON object (not a safetensors file?)")
	}

	names, entries, meta, err := decodeHeader(header)
	if err != nil {
		return nil, err
	}
	f := &File{Metadata: meta, Tensors: make([]Tensor, 0, len(names))}
	type span struct {
		name       string
		begin, end int
	}
	spans := make([]span, 0, len(names))
	for _, name := range names {
		e := entries[name]
		size := DTypeSize(e.DType)
		if size == 0 {
			return nil, fmt.Errorf("tensor %q: unknown dtype %q", name, e.DType)
		}
		if e.Shape == nil {
			return nil, fmt.Errorf("tensor %q: missing shape", name)
		}
		count := 1
		for _, d := range e.Shape {
			if d < 0 {
				return nil, fmt.Errorf("tensor %q: negative dimension in shape %v", name, e.Shape)
			}
			if d != 0 && count > math.MaxInt32/d {
				return nil, fmt.Errorf("tensor %q: shape %v is too large", name, e.Shape)
			}
			count *= d
		}
		if len(e.DataOffsets) != 2 {
			return nil, fmt.Errorf("tensor %q: data_offsets must be [begin, end], got %v", name, e.DataOffsets)
		}
		begin, end := e.DataOffsets[0], e.DataOffsets[1]
		if begin < 0 || end < begin {
			return nil, fmt.Errorf("tensor %q: invalid data_offsets [%d, %d]", name, begin, end)
		}
		if end > len(data) {
			return nil, fmt.Errorf("tensor %q: data ends at byte %d but the file holds only %d data bytes (truncated?)", name, end, len(data))
		}
		if want := count * size; end-begin != want {
			return nil, fmt.Errorf("tensor %q: %s %v needs %d bytes, data_offsets give %d", name, e.DType, e.Shape, want, end-begin)
		}
		spans = append(spans, span{name, begin, end})
		f.Tensors = append(f.Tensors, Tensor{
			Name:  name,
			DType: e.DType,
			Shape: slices.Clone(e.Shape),
			Data:  data[begin:end:end],
		})
	}
	// The byte ranges must tile the data section exactly: no overlaps, no
	// holes, nothing trailing (as the reference implementation requires).
	sort.Slice(spans, func(i, j int) bool { return spans[i].begin < spans[j].begin })
	pos := 0
	for _, s := range spans {
		if s.begin != pos {
			if s.begin < pos {
				return nil, fmt.Errorf("tensor %q: data overlaps the previous tensor", s.name)
			}
			return nil, fmt.Errorf("tensor %q: gap in the data before byte %d", s.name, s.begin)
		}
		pos = s.end
	}
	if pos != len(data) {
		return nil, fmt.Errorf("%d bytes of data after the last tensor (corrupt file?)", len(data)-pos)
	}
	return f, nil
}

// decodeHeader parses the JSON header, keeping the tensors' order.
func decodeHeader(header []byte) (names []string, entries map[string]headerEntry, meta map[string]string, err error) {
	dec := json.NewDecoder(bytes.NewReader(header))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the opening brace, checked above
		return nil, nil, nil, fmt.Errorf("header: %w", err)
	}
	entries = make(map[string]headerEntry)
	meta = make(map[string]string)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("header is not valid JSON: %w", err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, nil, nil, fmt.Errorf("header: expected a tensor name, got %v", tok)
		}
		if name == "__metadata__" {
			if err := dec.Decode(&meta); err != nil {
				return nil, nil, nil, fmt.Errorf("header: __metadata__ must map strings to strings: %w", err)
			}
			continue
		}
		if _, dup := entries[name]; dup {
			return nil, nil, nil, fmt.Errorf("header: tensor %q listed twice", name)
		}
		var e headerEntry
		if err := dec.Decode(&e); err != nil {
			return nil, nil, nil, fmt.Errorf("header: tensor %q: %w", name, err)
		}
		entries[name] = e
		names = append(names, name)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, nil, fmt.Errorf("header is not valid JSON: %w", err)
	}
	if meta == nil {
		meta = make(map[string]string)
	}
	return names, entries, meta, nil
}

// Float32 decodes the tensor as float32 values, converting from F32, F64, F16
// or BF16.
func (t Tensor) Float32() ([]float32, error) {
	n := t.NumElements()
	if len(t.Data) != n*DTypeSize(t.DType) {
		return nil, fmt.Errorf("tensor %q: %d bytes do not hold %s %v", t.Name, len(t.Data), t.DType, t.Shape)
	}
	out := make([]float32, n)
	switch t.DType {
	case "F32":
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
		}
	case "F64":
		for i := range out {
			out[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(t.Data[8*i:])))
		}
	case "BF16":
		for i := range out {
			out[i] = math.Float32frombits(uint32(binary.LittleEndian.Uint16(t.Data[2*i:])) << 16)
		}
	case "F16":
		for i := range out {
			out[i] = halfToFloat32(binary.LittleEndian.Uint16(t.Data[2*i:]))
		}
	default:
		return nil, fmt.Errorf("tensor %q: dtype %s is not a float type", t.Name, t.DType)
	}
	return out, nil
}

// Int64 decodes the tensor as int64 values, converting from I64, I32, U8 or
// I8.
func (t Tensor) Int64() ([]int64, error) {
	n := t.NumElements()
	if len(t.Data) != n*DTypeSize(t.DType) {
		return nil, fmt.Errorf("tensor %q: %d bytes do not hold %s %v", t.Name, len(t.Data), t.DType, t.Shape)
	}
	out := make([]int64, n)
	switch t.DType {
	case "I64":
		for i := range out {
			out[i] = int64(binary.LittleEndian.Uint64(t.Data[8*i:]))
		}
	case "I32":
		for i := range out {
			out[i] = int64(int32(binary.LittleEndian.Uint32(t.Data[4*i:])))
		}
	case "U8":
		for i := range out {
			out[i] = int64(t.Data[i])
		}
	case "I8":
		for i := range out {
			out[i] = int64(int8(t.Data[i]))
		}
	default:
		return nil, fmt.Errorf("tensor %q: dtype %s is not an integer type", t.Name, t.DType)
	}
	return out, nil
}

// halfToFloat32 converts an IEEE 754 binary16 value.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // inf or NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
	case frac == 0: // signed zero
		return math.Float32frombits(sign)
	default: // subnormal: value = frac * 2^-24
		v := float32(frac) * (1.0 / (1 << 24))
		if sign != 0 {
			v = -v
		}
		return v
	}
}

// F32 builds an F32 tensor from values (copied).
func F32(name string, shape []int, data []float32) Tensor {
	b := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return Tensor{Name: name, DType: "F32", Shape: slices.Clone(shape), Data: b}
}

// I64 builds an I64 tensor from values (copied).
func I64(name string, shape []int, data []int64) Tensor {
	b := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(v))
	}
	return Tensor{Name: name, DType: "I64", Shape: slices.Clone(shape), Data: b}
}

// Encode writes tensors (in the given order) and metadata in the safetensors
// format to w.
func Encode(w io.Writer, tensors []Tensor, meta map[string]string) error {
	header, err := encodeHeader(tensors, meta)
	if err != nil {
		return err
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(header)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	for _, t := range tensors {
		if _, err := w.Write(t.Data); err != nil {
			return err
		}
	}
	return nil
}

// encodeHeader builds the JSON header, padded with spaces to a multiple of 8
// bytes so that the data section stays aligned (as the reference writer does).
func encodeHeader(tensors []Tensor, meta map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	if len(meta) > 0 {
		m, err := json.Marshal(meta)
		if err != nil {
			return nil, fmt.Errorf("safetensors: metadata: %w", err)
		}
		b.WriteString(`"__metadata__":`)
		b.Write(m)
	}
	seen := make(map[string]bool, len(tensors))
	offset := 0
	for i, t := range tensors {
		if t.Name == "" || t.Name == "__metadata__" {
			return nil, fmt.Errorf("safetensors: tensor %d: invalid name %q", i, t.Name)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("safetensors: tensor %q listed twice", t.Name)
		}
		seen[t.Name] = true
		size := DTypeSize(t.DType)
		if size == 0 {
			return nil, fmt.Errorf("safetensors: tensor %q: unknown dtype %q", t.Name, t.DType)
		}
		for _, d := range t.Shape {
			if d < 0 {
				return nil, fmt.Errorf("safetensors: tensor %q: negative dimension in shape %v", t.Name, t.Shape)
			}
		}
		if want := t.NumElements() * size; len(t.Data) != want {
			return nil, fmt.Errorf("safetensors: tensor %q: %s %v needs %d bytes, has %d", t.Name, t.DType, t.Shape, want, len(t.Data))
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		e, err := json.Marshal(headerEntry{DType: t.DType, Shape: shape, DataOffsets: []int{offset, offset + len(t.Data)}})
		if err != nil {
			return nil, err
		}
		name, _ := json.Marshal(t.Name)
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(e)
		offset += len(t.Data)
	}
	b.WriteByte('}')
	for b.Len()%8 != 0 {
		b.WriteByte(' ')
	}
	return b.Bytes(), nil
}

// WriteFile writes tensors and metadata to path atomically (see package
// atomicfile), so a crash leaves either the old file or the new one.
func WriteFile(path string, tensors []Tensor, meta map[string]string) error {
	// Validate before touching the file system.
	if _, err := encodeHeader(tensors, meta); err != nil {
		return err
	}
	err := atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := Encode(bw, tensors, meta); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}
