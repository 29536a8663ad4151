package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// A minimal reader for Python pickles, enough for the dicts of lists,
// strings and NumPy arrays that the CIFAR Python archives hold (protocol 2,
// written by Python 2) and for the same data re-pickled by Python 3 (up to
// protocol 5). It builds plain values and never runs code: a global such as
// numpy.core.multiarray._reconstruct becomes a pyGlobal, and REDUCE and
// BUILD become a pyObject that the CIFAR reader interprets itself.

type (
	pyNone   struct{}
	pyBytes  []byte
	pyTuple  []any
	pyList   struct{ items []any }
	pyDict   struct{ m map[string]any }
	pyGlobal struct{ module, name string }
	// pyObject is the result of calling fn with args, then setting state.
	pyObject struct {
		fn    any
		args  pyTuple
		state any
	}
	pyMark struct{}
)

// pickleError is a malformed pickle; offset is where the reader stopped.
type pickleError struct {
	offset int
	msg    string
}

func (e *pickleError) Error() string { return fmt.Sprintf("pickle offset %d: %s", e.offset, e.msg) }

var errPickleTruncated = errors.New("unexpected end of data: the file is truncated")

type unpickler struct {
	data  []byte
	pos   int
	stack []any
	memo  map[int]any
}

// unpickle decodes one pickled value from data. Byte strings in the result
// share data's memory.
func unpickle(data []byte) (v any, err error) {
	u := &unpickler{data: data, memo: map[int]any{}}
	v, err = u.run()
	if err != nil {
		if errors.Is(err, errPickleTruncated) {
			return nil, fmt.Errorf("pickle offset %d: %w", u.pos, err)
		}
		var pe *pickleError
		if !errors.As(err, &pe) {
			err = &pickleError{u.pos, err.Error()}
		}
	}
	return v, err
}

func (u *unpickler) take(n int) ([]byte, error) {
	if n < 0 || n > len(u.data)-u.pos {
		return nil, errPickleTruncated
	}
	b := u.data[u.pos : u.pos+n : u.pos+n]
	u.pos += n
	return b, nil
}

func (u *unpickler) uint(n int) (uint64, error) {
	b, err := u.take(n)
	if err != nil {
		return 0, err
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, nil
}

func (u *unpickler) line() (string, error) {
	i := bytes.IndexByte(u.data[u.pos:], '\n')
	if i < 0 {
		return "", errPickleTruncated
	}
	s := string(u.data[u.pos : u.pos+i])
	u.pos += i + 1
	return s, nil
}

func (u *unpickler) push(v any) { u.stack = append(u.stack, v) }

func (u *unpickler) pop() (any, error) {
	if len(u.stack) == 0 {
		return nil, errors.New("stack underflow")
	}
	v := u.stack[len(u.stack)-1]
	u.stack = u.stack[:len(u.stack)-1]
	if _, ok := v.(pyMark); ok {
		return nil, errors.New("unexpected mark")
	}
	return v, nil
}

// popMark pops everything down to the topmost mark.
func (u *unpickler) popMark() ([]any, error) {
	for i := len(u.stack) - 1; i >= 0; i-- {
		if _, ok := u.stack[i].(pyMark); ok {
			items := append([]any(nil), u.stack[i+1:]...)
			u.stack = u.stack[:i]
			return items, nil
		}
	}
	return nil, errors.New("no mark on the stack")
}

func (u *unpickler) top() (any, error) {
	if len(u.stack) == 0 {
		return nil, errors.New("stack underflow")
	}
	return u.stack[len(u.stack)-1], nil
}

// dictKey turns a pickled key into a Go map key: str and bytes alike.
func dictKey(k any) (string, error) {
	switch k := k.(type) {
	case string:
		return k, nil
	case pyBytes:
		return string(k), nil
	case int64:
		return strconv.FormatInt(k, 10), nil
	}
	if b, ok := pyAsBytes(k); ok { // Python 3's bytes at protocol 2
		return string(b), nil
	}
	return "", fmt.Errorf("unsupported dict key type %s", pyTypeName(k))
}

func (u *unpickler) setItems(d any, kv []any) error {
	dict, ok := d.(*pyDict)
	if !ok {
		return fmt.Errorf("setitem on %T, not a dict", d)
	}
	if len(kv)%2 != 0 {
		return errors.New("odd number of items for a dict")
	}
	for i := 0; i < len(kv); i += 2 {
		k, err := dictKey(kv[i])
		if err != nil {
			return err
		}
		dict.m[k] = kv[i+1]
	}
	return nil
}

func (u *unpickler) run() (any, error) {
	for {
		start := u.pos
		op, err := u.take(1)
		if err != nil {
			return nil, err
		}
		switch op[0] {
		case 0x80: // PROTO
			if _, err := u.take(1); err != nil {
				return nil, err
			}
		case 0x95: // FRAME: frames are only a read-ahead hint
			if _, err := u.take(8); err != nil {
				return nil, err
			}
		case '.': // STOP
			v, err := u.pop()
			if err != nil {
				return nil, err
			}
			return v, nil
		case '(':
			u.push(pyMark{})
		case '0': // POP
			if _, err := u.pop(); err != nil {
				return nil, err
			}
		case '1': // POP_MARK
			if _, err := u.popMark(); err != nil {
				return nil, err
			}
		case '2': // DUP
			v, err := u.top()
			if err != nil {
				return nil, err
			}
			u.push(v)
		case 'N':
			u.push(pyNone{})
		case 0x88:
			u.push(true)
		case 0x89:
			u.push(false)
		case 'J': // BININT
			v, err := u.uint(4)
			if err != nil {
				return nil, err
			}
			u.push(int64(int32(uint32(v))))
		case 'K': // BININT1
			v, err := u.uint(1)
			if err != nil {
				return nil, err
			}
			u.push(int64(v))
		case 'M': // BININT2
			v, err := u.uint(2)
			if err != nil {
				return nil, err
			}
			u.push(int64(v))
		case 0x8a, 0x8b: // LONG1, LONG4
			n, err := u.uint(map[byte]int{0x8a: 1, 0x8b: 4}[op[0]])
			if err != nil {
				return nil, err
			}
			if n > 8 {
				return nil, fmt.Errorf("integer of %d bytes does not fit in 64 bits", n)
			}
			b, err := u.take(int(n))
			if err != nil {
				return nil, err
			}
			var v uint64
			for i := len(b) - 1; i >= 0; i-- {
				v = v<<8 | uint64(b[i])
			}
			if n > 0 && n < 8 && b[n-1]&0x80 != 0 { // sign-extend
				v |= ^uint64(0) << (8 * n)
			}
			u.push(int64(v))
		case 'I', 'L': // INT, LONG (text)
			s, err := u.line()
			if err != nil {
				return nil, err
			}
			switch s {
			case "01":
				u.push(true)
				continue
			case "00":
				u.push(false)
				continue
			}
			v, err := strconv.ParseInt(trimSuffix(s, "L"), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("bad integer %q", s)
			}
			u.push(v)
		case 'G': // BINFLOAT
			b, err := u.take(8)
			if err != nil {
				return nil, err
			}
			u.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
		case 'F':
			s, err := u.line()
			if err != nil {
				return nil, err
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("bad float %q", s)
			}
			u.push(v)
		case 'T', 'B', 'U', 'C', 0x8e, 0x96: // byte strings
			lenBytes := map[byte]int{'T': 4, 'B': 4, 'U': 1, 'C': 1, 0x8e: 8, 0x96: 8}[op[0]]
			n, err := u.uint(lenBytes)
			if err != nil {
				return nil, err
			}
			if n > uint64(len(u.data)) {
				return nil, errPickleTruncated
			}
			b, err := u.take(int(n))
			if err != nil {
				return nil, err
			}
			u.push(pyBytes(b))
		case 'X', 0x8c, 0x8d: // unicode strings
			lenBytes := map[byte]int{'X': 4, 0x8c: 1, 0x8d: 8}[op[0]]
			n, err := u.uint(lenBytes)
			if err != nil {
				return nil, err
			}
			if n > uint64(len(u.data)) {
				return nil, errPickleTruncated
			}
			b, err := u.take(int(n))
			if err != nil {
				return nil, err
			}
			u.push(string(b))
		case ']':
			u.push(&pyList{})
		case 'l':
			items, err := u.popMark()
			if err != nil {
				return nil, err
			}
			u.push(&pyList{items: items})
		case 'a', 'e': // APPEND, APPENDS
			var items []any
			if op[0] == 'a' {
				v, err := u.pop()
				if err != nil {
					return nil, err
				}
				items = []any{v}
			} else if items, err = u.popMark(); err != nil {
				return nil, err
			}
			l, err := u.top()
			if err != nil {
				return nil, err
			}
			list, ok := l.(*pyList)
			if !ok {
				return nil, fmt.Errorf("append to %T, not a list", l)
			}
			list.items = append(list.items, items...)
		case ')':
			u.push(pyTuple{})
		case 't':
			items, err := u.popMark()
			if err != nil {
				return nil, err
			}
			u.push(pyTuple(items))
		case 0x85, 0x86, 0x87: // TUPLE1..3
			n := int(op[0]-0x85) + 1
			if len(u.stack) < n {
				return nil, errors.New("stack underflow")
			}
			t := make(pyTuple, n)
			for i := n - 1; i >= 0; i-- {
				if t[i], err = u.pop(); err != nil {
					return nil, err
				}
			}
			u.push(t)
		case '}':
			u.push(&pyDict{m: map[string]any{}})
		case 'd':
			items, err := u.popMark()
			if err != nil {
				return nil, err
			}
			d := &pyDict{m: map[string]any{}}
			if err := u.setItems(d, items); err != nil {
				return nil, err
			}
			u.push(d)
		case 's', 'u': // SETITEM, SETITEMS
			var kv []any
			if op[0] == 's' {
				v, err1 := u.pop()
				k, err2 := u.pop()
				if err := errors.Join(err1, err2); err != nil {
					return nil, err
				}
				kv = []any{k, v}
			} else if kv, err = u.popMark(); err != nil {
				return nil, err
			}
			d, err := u.top()
			if err != nil {
				return nil, err
			}
			if err := u.setItems(d, kv); err != nil {
				return nil, err
			}
		case 'c': // GLOBAL
			mod, err1 := u.line()
			name, err2 := u.line()
			if err := errors.Join(err1, err2); err != nil {
				return nil, errPickleTruncated
			}
			u.push(pyGlobal{mod, name})
		case 0x93: // STACK_GLOBAL
			name, err1 := u.pop()
			mod, err2 := u.pop()
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			ms, ok1 := mod.(string)
			ns, ok2 := name.(string)
			if !ok1 || !ok2 {
				return nil, errors.New("STACK_GLOBAL needs two strings")
			}
			u.push(pyGlobal{ms, ns})
		case 'R', 0x81: // REDUCE, NEWOBJ
			args, err1 := u.pop()
			fn, err2 := u.pop()
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			t, ok := args.(pyTuple)
			if !ok {
				return nil, fmt.Errorf("call arguments are %T, not a tuple", args)
			}
			u.push(&pyObject{fn: fn, args: t})
		case 'b': // BUILD
			state, err := u.pop()
			if err != nil {
				return nil, err
			}
			o, err := u.top()
			if err != nil {
				return nil, err
			}
			obj, ok := o.(*pyObject)
			if !ok {
				return nil, fmt.Errorf("build on %T, not an object", o)
			}
			obj.state = state
		case 'q', 'r', 'p', 0x94: // BINPUT, LONG_BINPUT, PUT, MEMOIZE
			idx := len(u.memo) // MEMOIZE takes the next free index
			if op[0] != 0x94 {
				var err error
				if idx, err = u.memoIndex(op[0]); err != nil {
					return nil, err
				}
			}
			v, err := u.top()
			if err != nil {
				return nil, err
			}
			u.memo[idx] = v
		case 'h', 'j', 'g': // BINGET, LONG_BINGET, GET
			idx, err := u.memoIndex(op[0])
			if err != nil {
				return nil, err
			}
			v, ok := u.memo[idx]
			if !ok {
				return nil, fmt.Errorf("memo index %d was never stored", idx)
			}
			u.push(v)
		default:
			u.pos = start
			return nil, fmt.Errorf("unsupported opcode 0x%02x", op[0])
		}
	}
}

func trimSuffix(s, suffix string) string {
	if len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)]
	}
	return s
}

// pyAsBytes returns a pickled byte string: a bytes value, or the
// _codecs.encode(str, "latin1") call that Python 3 writes for bytes at
// protocols below 3, or a str holding Latin-1 text.
func pyAsBytes(v any) ([]byte, bool) {
	switch v := v.(type) {
	case pyBytes:
		return v, true
	case string:
		return latin1(v)
	case *pyObject:
		if g, ok := v.fn.(pyGlobal); ok && g.module == "_codecs" && g.name == "encode" && len(v.args) >= 1 {
			if s, ok := v.args[0].(string); ok {
				return latin1(s)
			}
		}
	}
	return nil, false
}

func latin1(s string) ([]byte, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// pyAsString returns a str or a bytes value as a Go string.
func pyAsString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	}
	if b, ok := pyAsBytes(v); ok {
		return string(b), true
	}
	return "", false
}

// ndarray is a decoded NumPy array: its shape, element type and raw
// little-endian (or byte) data.
type ndarray struct {
	shape []int
	dtype string // NumPy type string without byte order, e.g. "u1", "i8"
	data  []byte
}

// pyAsNDArray interprets the object that pickling a NumPy array produces:
// _reconstruct(ndarray, (0,), b'b') with state (version, shape, dtype,
// is_fortran, raw data).
func pyAsNDArray(v any) (*ndarray, error) {
	o, ok := v.(*pyObject)
	if !ok {
		return nil, fmt.Errorf("%s, expected a NumPy array", pyTypeName(v))
	}
	g, ok := o.fn.(pyGlobal)
	if !ok || g.name != "_reconstruct" || (g.module != "numpy.core.multiarray" && g.module != "numpy._core.multiarray") {
		return nil, fmt.Errorf("%s, expected a NumPy array", pyTypeName(v))
	}
	st, ok := o.state.(pyTuple)
	if !ok || len(st) != 5 {
		return nil, errors.New("NumPy array without the expected 5-item state")
	}
	shapeT, ok := st[1].(pyTuple)
	if !ok {
		return nil, errors.New("NumPy array shape is not a tuple")
	}
	a := &ndarray{}
	count := 1
	for _, d := range shapeT {
		n, ok := d.(int64)
		if !ok || n < 0 || n > math.MaxInt32 {
			return nil, fmt.Errorf("NumPy array has a bad dimension %v", d)
		}
		a.shape = append(a.shape, int(n))
		count *= int(n)
	}
	dt, ok := st[2].(*pyObject)
	if !ok || len(dt.args) == 0 {
		return nil, errors.New("NumPy array without a dtype")
	}
	ts, ok := pyAsString(dt.args[0])
	if !ok {
		return nil, errors.New("NumPy dtype without a type string")
	}
	order := "|"
	if s, ok := dt.state.(pyTuple); ok && len(s) > 1 {
		if o, ok := pyAsString(s[1]); ok {
			order = o
		}
	}
	if order == ">" {
		return nil, fmt.Errorf("NumPy array of big-endian %s, expected little-endian", ts)
	}
	a.dtype = ts
	if fortran, _ := st[3].(bool); fortran && len(a.shape) > 1 {
		return nil, errors.New("NumPy array in Fortran order, expected C order")
	}
	if a.data, ok = pyAsBytes(st[4]); !ok {
		return nil, fmt.Errorf("NumPy array data is %s, expected bytes", pyTypeName(st[4]))
	}
	size, ok := map[string]int{"u1": 1, "i1": 1, "b1": 1, "u2": 2, "i2": 2, "u4": 4, "i4": 4, "u8": 8, "i8": 8}[ts]
	if !ok {
		return nil, fmt.Errorf("NumPy array of %s, expected an integer type", ts)
	}
	if len(a.data) != count*size {
		return nil, fmt.Errorf("NumPy array of shape %v and type %s holds %d bytes, expected %d", a.shape, ts, len(a.data), count*size)
	}
	return a, nil
}

// ints returns an integer array's elements.
func (a *ndarray) ints() []int64 {
	size := map[string]int{"u1": 1, "i1": 1, "b1": 1, "u2": 2, "i2": 2, "u4": 4, "i4": 4, "u8": 8, "i8": 8}[a.dtype]
	signed := a.dtype[0] == 'i'
	out := make([]int64, len(a.data)/size)
	for i := range out {
		var v uint64
		for k := size - 1; k >= 0; k-- {
			v = v<<8 | uint64(a.data[i*size+k])
		}
		if signed && size < 8 && v&(1<<(8*size-1)) != 0 {
			v |= ^uint64(0) << (8 * size)
		}
		out[i] = int64(v)
	}
	return out
}

func pyTypeName(v any) string {
	switch v := v.(type) {
	case pyNone:
		return "None"
	case bool:
		return "a bool"
	case int64:
		return "an int"
	case float64:
		return "a float"
	case pyBytes:
		return "bytes"
	case string:
		return "a str"
	case pyTuple:
		return "a tuple"
	case *pyList:
		return "a list"
	case *pyDict:
		return "a dict"
	case pyGlobal:
		return v.module + "." + v.name
	case *pyObject:
		if g, ok := v.fn.(pyGlobal); ok {
			return "a " + g.module + "." + g.name + " object"
		}
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// memoIndex reads the memo index of a put or get opcode: one byte after
// BINPUT and BINGET, four after the LONG_ forms, a decimal line after PUT
// and GET.
func (u *unpickler) memoIndex(op byte) (int, error) {
	switch op {
	case 'q', 'h':
		v, err := u.uint(1)
		return int(v), err
	case 'r', 'j':
		v, err := u.uint(4)
		return int(v), err
	default:
		s, err := u.line()
		if err != nil {
			return 0, err
		}
		idx, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("bad memo index %q", s)
		}
		return idx, nil
	}
}
