//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package textcount

// littleEndian is whether the machine keeps a word's low byte first; on
// the others, and on any not listed in endian_le.go, words are read with
// binary.LittleEndian.
const littleEndian = false
