//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package textcount

// littleEndian is whether the machine keeps a word's low byte first; the
// ASCII widening in appendStableRun loads eight bytes as one word.
const littleEndian = true
