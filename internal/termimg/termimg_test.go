package termimg

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name.golden, byte for byte but for
// the PNG files inside, which are compared by their pixels (normalizePNG).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if normalizePNG(t, got) != normalizePNG(t, string(want)) {
		t.Errorf("%s differs from %s:\n got %q\nwant %q", name, path, got, want)
	}
}

// pngRun is a PNG file in base64, as the kitty and iTerm2 sequences carry it.
var pngRun = regexp.MustCompile(`iVBORw0KGgo[A-Za-z0-9+/]*=*`)

// normalizePNG replaces each PNG in s by its size and pixels, and iTerm2's
// size= by a mark: image/png compresses differently from one Go release to
// the next, and what a sequence must carry is the picture, not those bytes.
func normalizePNG(t *testing.T, s string) string {
	t.Helper()
	s = pngRun.ReplaceAllStringFunc(s, func(run string) string {
		data, err := base64.StdEncoding.DecodeString(run)
		if err != nil {
			t.Fatalf("base64 PNG: %v", err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("PNG: %v", err)
		}
		b := img.Bounds()
		h := fnv.New64a()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				h.Write([]byte{c.R, c.G, c.B, c.A})
			}
		}
		return fmt.Sprintf("<png %dx%d %016x>", b.Dx(), b.Dy(), h.Sum64())
	})
	return regexp.MustCompile(`size=[0-9]+`).ReplaceAllString(s, "size=<png>")
}

// sample is a 3×7 picture: red, green and blue columns over a white
// bottom row, so that sixel needs two bands and several colours.
func sample() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 3, 7))
	cols := []color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}}
	for y := range 7 {
		for x := range 3 {
			c := cols[x]
			if y == 6 {
				c = color.RGBA{255, 255, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestEncodersGolden(t *testing.T) {
	t.Parallel()
	img := sample()
	tests := []struct {
		name string
		p    Protocol
		pass bool
	}{
		{name: "kitty", p: Kitty},
		{name: "iterm2", p: ITerm2},
		{name: "sixel", p: Sixel},
		{name: "kitty_tmux", p: Kitty, pass: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			golden(t, tt.name, Encode(tt.p, img, 4, 2, tt.pass))
		})
	}
	if got := Encode(None, img, 4, 2, false); got != "" {
		t.Errorf("None encodes %q", got)
	}
}

func TestKittyChunks(t *testing.T) {
	t.Parallel()
	// Noise compresses badly: the PNG needs several chunks.
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	seq := KittySeq(img, 8, 4)
	parts := strings.Split(strings.TrimSuffix(seq, "\x1b\\"), "\x1b\\")
	if len(parts) < 2 {
		t.Fatalf("one chunk for %d bytes", len(seq))
	}
	for i, p := range parts {
		_, payload, _ := strings.Cut(p, ";")
		if len(payload) > kittyChunk {
			t.Errorf("chunk %d carries %d bytes", i, len(payload))
		}
		last := i == len(parts)-1
		if strings.Contains(p, "m=1;") == last {
			t.Errorf("chunk %d: %q says more=%v", i, p[:min(len(p), 40)], !last)
		}
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want Protocol
		pass bool
	}{
		{name: "kitty", env: map[string]string{"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, want: Kitty},
		{name: "ghostty", env: map[string]string{"TERM_PROGRAM": "ghostty"}, want: Kitty},
		{name: "iterm2", env: map[string]string{"TERM_PROGRAM": "iTerm.app"}, want: ITerm2},
		{name: "iterm2 over ssh", env: map[string]string{"LC_TERMINAL": "iTerm2", "TERM": "xterm-256color"}, want: ITerm2},
		{name: "wezterm", env: map[string]string{"TERM_PROGRAM": "WezTerm"}, want: ITerm2},
		{name: "foot", env: map[string]string{"TERM": "foot"}, want: Sixel},
		{name: "xterm", env: map[string]string{"TERM": "xterm-256color"}, want: None},
		{name: "nothing", env: map[string]string{}, want: None},
		{name: "kitty in tmux", env: map[string]string{"KITTY_WINDOW_ID": "1", "TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"}, want: None},
		{name: "screen", env: map[string]string{"TERM_PROGRAM": "iTerm.app", "TERM": "screen-256color"}, want: None},
		{name: "forced in tmux", env: map[string]string{"TMUX": "x", "XPOST_THUMBNAILS": "kitty"}, want: Kitty, pass: true},
		{name: "turned off", env: map[string]string{"KITTY_WINDOW_ID": "1", "XPOST_THUMBNAILS": "off"}, want: None},
		{name: "forced sixel", env: map[string]string{"XPOST_THUMBNAILS": "sixel"}, want: Sixel},
		{name: "bad setting is ignored", env: map[string]string{"TERM_PROGRAM": "iTerm.app", "XPOST_THUMBNAILS": "maybe"}, want: ITerm2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, pass := Detect(func(k string) string { return tt.env[k] })
			if p != tt.want || pass != tt.pass {
				t.Errorf("Detect = %v, %v; want %v, %v", p, pass, tt.want, tt.pass)
			}
		})
	}
}

func encoded(t testing.TB, enc func(*bytes.Buffer, image.Image) error) []byte {
	var b bytes.Buffer
	if err := enc(&b, sample()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func samples(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"png":  encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) }),
		"jpeg": encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) }),
		"gif":  encoded(t, func(b *bytes.Buffer, i image.Image) error { return gif.Encode(b, i, nil) }),
	}
}

func TestThumbnail(t *testing.T) {
	t.Parallel()
	for format, data := range samples(t) {
		img, info, err := Thumbnail(bytes.NewReader(data), 2, 2)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if info != (Info{Format: format, Width: 3, Height: 7}) {
			t.Errorf("%s: info %+v", format, info)
		}
		// 3×7 into 2×2: the height decides, 0×2 is at least 1×2.
		if b := img.Bounds(); b.Dx() != 1 || b.Dy() != 2 {
			t.Errorf("%s: scaled to %v", format, b)
		}
	}
	// A header that claims a huge canvas is not decoded.
	huge := samples(t)["png"]
	huge = append([]byte(nil), huge...)
	copy(huge[16:24], []byte{0, 0x10, 0, 0, 0, 0x10, 0, 0}) // 1M × 1M; the CRC no longer matches
	if _, _, err := Thumbnail(bytes.NewReader(huge), 10, 10); err == nil {
		t.Error("a 1M×1M picture was decoded")
	}
}

// FuzzThumbnail feeds broken pictures to the decoders: an error, never a
// panic, and a thumbnail that fits the box.
func FuzzThumbnail(f *testing.F) {
	for _, data := range samples(f) {
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("GIF89a\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := Thumbnail(bytes.NewReader(data), 16, 8)
		if err != nil {
			return
		}
		if b := img.Bounds(); b.Dx() > 16 || b.Dy() > 8 {
			t.Fatalf("thumbnail %v does not fit 16×8", b)
		}
		for _, p := range []Protocol{Kitty, ITerm2, Sixel} {
			Encode(p, img, 4, 2, false)
		}
	})
}

func TestMayAskAndDA1(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	if !MayAsk(env("TERM", "xterm-256color")) {
		t.Error("a plain xterm is not asked")
	}
	if MayAsk(env("TMUX", "x")) || MayAsk(env("XPOST_THUMBNAILS", "off")) || MayAsk(env("TERM", "screen")) {
		t.Error("asked in tmux, in screen or with thumbnails set")
	}
	// xterm -ti vt340 answers 63;1;2;3;4;6;…; a VT220 62;1;2;6;…
	if !SixelInDA1([]int{63, 1, 2, 3, 4, 6}) || SixelInDA1([]int{62, 1, 2, 6}) || SixelInDA1([]int{4}) || SixelInDA1(nil) {
		t.Error("SixelInDA1 misreads the attributes")
	}
}
