// Package framememo remembers what was drawn for the last two frames of a
// terminal view, so that what a frame draws again unchanged (most lines,
// on a keystroke) costs a look-up. It is for memos that follow the frames
// of one view; it is not a general cache: nothing is kept longer than the
// frame after the one that last used it.
package framememo

// Memo maps what a piece of a frame depends on to what it drew. The zero
// value is ready to use.
type Memo[K comparable, V any] struct {
	cur, prev map[K]V
}

// Get returns what was drawn for k in this frame or the one before; a hit
// from the one before is kept for the next.
func (m *Memo[K, V]) Get(k K) (V, bool) {
	if v, ok := m.cur[k]; ok {
		return v, true
	}
	v, ok := m.prev[k]
	if ok {
		m.Put(k, v)
	}
	return v, ok
}

// Put remembers v for k in this frame.
func (m *Memo[K, V]) Put(k K, v V) {
	if m.cur == nil {
		m.cur = make(map[K]V)
	}
	m.cur[k] = v
}

// NextFrame ends a frame: what it did not use is forgotten.
func (m *Memo[K, V]) NextFrame() {
	m.prev, m.cur = m.cur, m.prev
	clear(m.cur)
}

// Forget drops everything, when what the keys do not capture (widths,
// styles) changes.
func (m *Memo[K, V]) Forget() {
	clear(m.cur)
	clear(m.prev)
}
