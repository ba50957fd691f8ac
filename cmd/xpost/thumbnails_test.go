package main

import (
	"testing"

	"github.com/xpostdev/xpost/internal/termimg"
)

func TestThumbnailsSetting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		setting string
		want    termimg.Protocol
		ask     bool
	}{
		{name: "found", env: map[string]string{"KITTY_WINDOW_ID": "3"}, want: termimg.Kitty},
		{name: "config turns off", env: map[string]string{"KITTY_WINDOW_ID": "3"}, setting: "off", want: termimg.None},
		{name: "environment wins", env: map[string]string{"KITTY_WINDOW_ID": "3", "XPOST_THUMBNAILS": "sixel"}, setting: "off", want: termimg.Sixel},
		{name: "config names one", env: map[string]string{"TERM": "xterm-256color"}, setting: "iterm2", want: termimg.ITerm2},
		{name: "unknown terminal is asked", env: map[string]string{"TERM": "xterm-256color"}, want: termimg.None, ask: true},
		{name: "not when turned off", env: map[string]string{"TERM": "xterm-256color"}, setting: "off", want: termimg.None},
		{name: "not in tmux", env: map[string]string{"TERM": "tmux-256color", "TMUX": "x"}, want: termimg.None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(nil, nil, nil, func(k string) string { return tt.env[k] })
			if got, _, ask := a.thumbnails(&config{Thumbnails: tt.setting}); got != tt.want || ask != tt.ask {
				t.Errorf("thumbnails = %v, ask %v; want %v, %v", got, ask, tt.want, tt.ask)
			}
		})
	}
}
