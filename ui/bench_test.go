package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchKeystroke measures what one typed character costs: Update, then
// View, as the program runs them. It types and deletes in turn so the text
// keeps its size.
func benchKeystroke(b *testing.B, m Model) {
	b.Helper()
	var tm tea.Model = m
	a := tea.KeyPressMsg{Code: 'a', Text: "a"}
	bs := press("backspace")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := a
		if i%2 == 1 {
			k = bs
		}
		i++
		tm, _ = tm.Update(k)
		_ = tm.View()
	}
}

// BenchmarkKeystroke is one keystroke (Update and View) by the length of
// the post typed in (post=N characters, a single paragraph, typed at its
// end, or in its middle for middle=N) and by the length of the thread (thread=N full
// posts, typed in the middle one). Its cost should not grow with either.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range []int{1000, 5000, 25000} {
		b.Run(fmt.Sprintf("post=%d", n), func(b *testing.B) {
			benchKeystroke(b, longPostModel(b, n, false))
		})
	}
	b.Run("middle=25000", func(b *testing.B) {
		benchKeystroke(b, longPostModel(b, 25000, true))
	})
	for _, n := range []int{1, 25, 100} {
		b.Run(fmt.Sprintf("thread=%d", n), func(b *testing.B) {
			benchKeystroke(b, threadModel(b, n))
		})
	}
}

// threadModel is the composer with a thread of n full posts, the cursor
// at the end of the middle one.
func threadModel(b testing.TB, n int) Model {
	b.Helper()
	m := newTestModel(b, Options{})
	post := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 6)[:270]
	for i := range n {
		if i > 0 {
			m = run(m, keys("ctrl+n"))
		}
		m.compose.ed.Insert(post)
		m.compose.edited()
	}
	m.compose.focusPost(n/2, true)
	_ = m.View()
	return m
}

// longPostModel is the composer with one Premium post of n characters, a
// single paragraph with some emoji and CJK, the cursor at its end or in
// its middle.
func longPostModel(b testing.TB, n int, middle bool) Model {
	b.Helper()
	m := newTestModel(b, Options{Limit: 25000})
	m.compose.ed.Insert(longText(n))
	m.compose.edited()
	if middle {
		m.compose.ed.SetCursor(len(m.compose.ed.Text()) / 2)
	}
	_ = m.View()
	return m
}

// longText is n characters of prose with emoji and CJK, in one paragraph.
func longText(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < 4*n; i++ {
		sb.WriteString("Long posts wrap over many lines; ")
		if i%7 == 0 {
			sb.WriteString("🇺🇸 漢字 ")
		}
	}
	return string([]rune(sb.String())[:n])
}

// BenchmarkTyping types a post of n characters one key at a time, drawing
// after each, as someone typing (or a paste the terminal sends as keys)
// does. ns/char must stay flat as n grows: a cost per key that grows with
// the text makes the whole quadratic.
func BenchmarkTyping(b *testing.B) {
	for _, n := range []int{4096, 16384, 65536} {
		b.Run(fmt.Sprintf("chars=%d", n), func(b *testing.B) {
			text := []rune(longText(n))
			keys := make([]tea.KeyPressMsg, len(text))
			for i, r := range text {
				keys[i] = tea.KeyPressMsg{Code: r, Text: string(r)}
			}
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				var tm tea.Model = newTestModel(b, Options{Limit: 100000})
				b.StartTimer()
				for _, k := range keys {
					tm, _ = tm.Update(k)
					_ = tm.View()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/char")
		})
	}
}

// BenchmarkThreadMemory reports the memory of the composer holding a
// thread of 100 full posts, drawn, typed in and with a history of
// changes: MiB-model is the heap it holds, MiB-heap the whole process's
// live heap then, MiB-sys all the memory the process took from the system
// (the test binary included, an upper bound of the program's). The goal
// is under 32 MiB.
func BenchmarkThreadMemory(b *testing.B) {
	var model, heap, sys uint64
	first := true
	for b.Loop() {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := threadModel(b, 100)
		benchType(m, 500)
		// Structural steps hold the whole thread, before and after.
		m = run(m, keys("ctrl+n", "ctrl+x", "alt+up", "alt+down", "ctrl+z", "ctrl+z", "ctrl+y"))
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		model = max(model, after.HeapAlloc-min(after.HeapAlloc, before.HeapAlloc))
		// The process's figures are those with one composer alive: each
		// test model stays reachable until the benchmark's cleanups run,
		// so later iterations would count every earlier one too (0.7 MiB
		// each, 19 MiB of heap after 27 of them).
		if first {
			heap, sys, first = after.HeapAlloc, after.Sys, false
		}
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(model)/(1<<20), "MiB-model")
	b.ReportMetric(float64(heap)/(1<<20), "MiB-heap")
	b.ReportMetric(float64(sys)/(1<<20), "MiB-sys")
}

// benchType types n characters into m, drawing after each.
func benchType(m Model, n int) {
	var tm tea.Model = m
	for range n {
		tm, _ = tm.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
		_ = tm.View()
	}
}
