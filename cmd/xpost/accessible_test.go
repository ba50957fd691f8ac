package main

import (
	"io"
	"strings"
	"testing"
)

// The composer's accessible mode comes from --accessible, else
// XPOST_ACCESSIBLE, else config.json.
func TestAccessibleMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		flag   bool
		env    string
		config bool
		want   bool
	}{
		{name: "nothing", want: false},
		{name: "flag", flag: true, want: true},
		{name: "env 1", env: "1", want: true},
		{name: "env true", env: "TRUE", want: true},
		{name: "config", config: true, want: true},
		{name: "env 0 over config", env: "0", config: true, want: false},
		{name: "flag over env 0", flag: true, env: "0", want: true},
		{name: "unknown env keeps config", env: "maybe", config: true, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(k string) string {
				if k == "XPOST_ACCESSIBLE" {
					return tt.env
				}
				return ""
			})
			a.accessible = tt.flag
			if got := a.accessibleMode(&config{Accessible: tt.config}); got != tt.want {
				t.Errorf("accessibleMode = %v, want %v", got, tt.want)
			}
		})
	}
}
