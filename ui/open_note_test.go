package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// A screen that opens a draft has its note shown once the draft is open;
// without one the composer names the draft by its text, not its file id.
func TestOpenDraftStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, note, want string
	}{
		{name: "with a note", note: "Deleted; its text is back in the composer.", want: "Deleted; its text is back in the composer."},
		{name: "without a note", want: "Opened the draft “Text kept for later”."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				dir := t.TempDir()
				d := draft.New()
				d.Posts[0].Text = "Text kept for later"
				if err := (&draft.Store{Dir: dir}).Save(d); err != nil {
					t.Fatal(err)
				}
				m := newTestModel(t, Options{DraftDir: dir})
				var tm tea.Model = m
				tm, cmd := tm.Update(openDraftMsg{ID: d.ID, Note: tt.note})
				loaded := expectMsg[draftLoadedMsg](t, cmd)
				tm, cmd = tm.Update(loaded)
				st := expectMsg[statusMsg](t, cmd)
				if st.Text != tt.want {
					t.Errorf("status %q, want %q", st.Text, tt.want)
				}
				if out := screenText(tm); !strings.Contains(out, "Text kept for later") {
					t.Errorf("the draft is not open:\n%s", out)
				}
			})
		})
	}
}
