package main

import (
	"path/filepath"
	"testing"

	"github.com/xpostdev/xpost/xapi"
)

func TestDemoMediaIsAccepted(t *testing.T) {
	t.Parallel()
	dir, err := writeDemoMedia(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, mime string
		kind             xapi.MediaKind
	}{
		{name: "picture", file: "sunset.png", mime: "image/png", kind: xapi.MediaImage},
		{name: "animated GIF", file: "bouncing.gif", mime: "image/gif", kind: xapi.MediaGIF},
		{name: "video", file: "clip.mp4", mime: "video/mp4", kind: xapi.MediaVideo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := xapi.DetectMedia(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if m.Type != tt.mime || m.Kind != tt.kind {
				t.Errorf("%s detected as %s (%v), want %s (%v)", tt.file, m.Type, m.Kind, tt.mime, tt.kind)
			}
		})
	}
}
