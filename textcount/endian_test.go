package textcount

import (
	"testing"
	"unsafe"
)

// TestLittleEndianConst: the build tags of endian_le.go name this machine
// rightly, or the ASCII widening would read the bytes of a word backwards.
func TestLittleEndianConst(t *testing.T) {
	x := uint16(1)
	if got := *(*byte)(unsafe.Pointer(&x)) == 1; got != littleEndian {
		t.Fatalf("littleEndian is %v, but this machine stores the low byte first: %v", littleEndian, got)
	}
}
