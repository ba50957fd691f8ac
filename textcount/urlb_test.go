package textcount

import (
	"testing"
	"unicode/utf16"
)

func BenchmarkTinyURLs(b *testing.B) {
	var ns [][]uint16
	for _, s := range benchTiny {
		n := utf16.Encode([]rune(s))
		if firstDomainDot(n) >= 0 {
			ns = append(ns, n)
		}
	}
	var dst []entity
	for b.Loop() {
		for _, n := range ns {
			dst = appendURLs(dst[:0], n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ns)), "ns/text")
}
