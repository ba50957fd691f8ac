package framememo

import "testing"

func TestMemoKeepsTwoFrames(t *testing.T) {
	t.Parallel()
	var m Memo[string, int]
	m.Put("a", 1)
	m.Put("b", 2)
	m.NextFrame()
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Fatalf("a from the frame before = %d, %v", v, ok)
	}
	m.NextFrame() // b was not used in that frame
	if _, ok := m.Get("b"); ok {
		t.Errorf("b outlived a frame that did not use it")
	}
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Errorf("a, used in the frame before, = %d, %v", v, ok)
	}
	m.Forget()
	if _, ok := m.Get("a"); ok {
		t.Errorf("a outlived Forget")
	}
}
