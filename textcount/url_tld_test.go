package textcount

import (
	"bytes"
	"os"
	"testing"

	"github.com/xpostdev/xpost/textcount/internal/gen/tld/tldgen"
)

// TestTLDTableCurrent regenerates the TLD table from the reference's list,
// when it is present, and checks that the committed table matches it.
func TestTLDTableCurrent(t *testing.T) {
	t.Parallel()
	path := referenceData(t, "twitter-text", "conformance", "tld_lib.yml")
	yml, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tldgen.Generate(yml)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tld_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tld_table.go is not what internal/gen/tld generates from %s; run go generate", path)
	}
}

// TestTLDTable checks the committed table on its own: its size, that every
// entry is reachable, and the fold table's order.
func TestTLDTable(t *testing.T) {
	t.Parallel()
	if tldCount != tldgen.WantTotal || tldGenericCount != tldgen.WantGeneric {
		t.Errorf("table has %d TLDs, %d generic; want %d and %d", tldCount, tldGenericCount, tldgen.WantTotal, tldgen.WantGeneric)
	}
	seen := make([]bool, tldCount)
	for _, n := range tldNodes {
		if n.prio >= 0 {
			if int(n.prio) >= tldCount || seen[n.prio] {
				t.Fatalf("priority %d out of range or repeated", n.prio)
			}
			seen[n.prio] = true
		}
	}
	for i, ok := range seen {
		if !ok {
			t.Errorf("no trie node ends TLD %d", i)
		}
	}
	for i := 1; i < len(tldFold); i++ {
		if tldFold[i-1][0] >= tldFold[i][0] {
			t.Fatalf("tldFold is not sorted at %d", i)
		}
	}
}

// TestCanon checks the JavaScript canonicalization the table is built with
// on the cases docs/counting.md §6.7 names.
func TestCanon(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   rune
		want rune
	}{
		{name: "ASCII lower", in: 'a', want: 'A'},
		{name: "ASCII upper", in: 'Z', want: 'Z'},
		{name: "digit", in: '7', want: '7'},
		{name: "Cyrillic", in: 'р', want: 'Р'},
		{name: "long s stays", in: 'ſ', want: 'ſ'},
		{name: "dotless i stays", in: 'ı', want: 'ı'},
		{name: "Kelvin sign stays", in: '\u212A', want: '\u212A'},
		{name: "sharp s stays", in: 'ß', want: 'ß'},
		{name: "ypogegrammeni stays", in: '\u1FB3', want: '\u1FB3'},
		{name: "lunate epsilon", in: 'ϵ', want: 'Ε'},
		{name: "Georgian to Mtavruli", in: 'გ', want: 'Გ'},
		{name: "rounded ve", in: '\u1C80', want: 'В'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tldgen.Canon(uint16(tt.in)); got != uint16(tt.want) {
				t.Errorf("Canon(%U) = %U, want %U", tt.in, got, tt.want)
			}
		})
	}
}
