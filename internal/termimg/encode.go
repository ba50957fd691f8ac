package termimg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/png"
	"strings"

	"golang.org/x/image/draw"
)

// Encode writes img in protocol p to cover cols×rows cells, the space
// the caller reserved; "" for None. With passthrough the sequence is
// wrapped for tmux (allow-passthrough on).
func Encode(p Protocol, img image.Image, cols, rows int, passthrough bool) string {
	var s string
	switch p {
	case Kitty:
		s = KittySeq(img, cols, rows)
	case ITerm2:
		s = ITerm2Seq(img, cols, rows)
	case Sixel:
		s = SixelSeq(img)
	}
	if passthrough && s != "" {
		s = Passthrough(s)
	}
	return s
}

// pngBytes is img as a PNG file.
func pngBytes(img image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	_ = enc.Encode(&b, img) // writing to memory fails only on a bad image, which draws nothing
	return b.Bytes()
}

// kittyChunk is the most base64 a kitty graphics command may carry.
const kittyChunk = 4096

// KittySeq is img in the kitty graphics protocol: a PNG sent and shown at
// once (a=T) over cols×rows cells, in chunks of 4096 bytes of base64, the
// cursor left where it was (C=1), with the id the caller's Delete names.
func KittySeq(img image.Image, cols, rows int) string {
	data := base64.StdEncoding.EncodeToString(pngBytes(img))
	var b strings.Builder
	first := true
	for len(data) > 0 || first {
		n := min(kittyChunk, len(data))
		chunk := data[:n]
		data = data[n:]
		more := 0
		if len(data) > 0 {
			more = 1
		}
		if first {
			fmt.Fprintf(&b, "\x1b_Ga=T,f=100,t=d,i=%d,q=2,C=1,c=%d,r=%d,m=%d;%s\x1b\\", KittyID, cols, rows, more, chunk)
			first = false
		} else {
			fmt.Fprintf(&b, "\x1b_Gm=%d;%s\x1b\\", more, chunk)
		}
	}
	return b.String()
}

// KittyID is the image id of the thumbnails termimg draws with kitty.
const KittyID = 31337

// KittyDelete removes the kitty thumbnail: kitty keeps pictures over the
// text until they are deleted, unlike the other protocols, whose
// pictures go with the cells they cover.
func KittyDelete() string { return fmt.Sprintf("\x1b_Ga=d,d=I,i=%d,q=2\x1b\\", KittyID) }

// ITerm2Seq is img as an iTerm2 inline image over cols×rows cells.
func ITerm2Seq(img image.Image, cols, rows int) string {
	data := pngBytes(img)
	return fmt.Sprintf("\x1b]1337;File=inline=1;size=%d;width=%d;height=%d;preserveAspectRatio=1;doNotMoveCursor=1:%s\a",
		len(data), cols, rows, base64.StdEncoding.EncodeToString(data))
}

// SixelSeq is img in sixel graphics, in the 216 colours of the web-safe
// cube plus greys (palette.WebSafe) dithered with Floyd-Steinberg: six
// rows of pixels per band, each colour a run-length encoded pass.
func SixelSeq(img image.Image) string {
	b := img.Bounds()
	pal := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), palette.WebSafe)
	draw.FloydSteinberg.Draw(pal, pal.Bounds(), img, b.Min)
	var s strings.Builder
	// P2=1: pixels of colour 0... are left as they are (transparent).
	fmt.Fprintf(&s, "\x1bP0;1;0q\"1;1;%d;%d", pal.Rect.Dx(), pal.Rect.Dy())
	used := make([]bool, len(pal.Palette))
	for _, i := range pal.Pix {
		used[i] = true
	}
	for i, c := range pal.Palette {
		if !used[i] {
			continue
		}
		r, g, bl, _ := color.RGBAModel.Convert(c).RGBA()
		fmt.Fprintf(&s, "#%d;2;%d;%d;%d", i, r*100/0xffff, g*100/0xffff, bl*100/0xffff)
	}
	w, h := pal.Rect.Dx(), pal.Rect.Dy()
	for y0 := 0; y0 < h; y0 += 6 {
		firstColour := true
		for ci := range pal.Palette {
			if !used[ci] {
				continue
			}
			row := make([]byte, w)
			seen := false
			for x := 0; x < w; x++ {
				var bits byte
				for dy := 0; dy < 6 && y0+dy < h; dy++ {
					if int(pal.Pix[(y0+dy)*pal.Stride+x]) == ci {
						bits |= 1 << dy
					}
				}
				row[x] = '?' + bits
				seen = seen || bits != 0
			}
			if !seen {
				continue
			}
			if !firstColour {
				s.WriteByte('$') // back to the start of the band
			}
			firstColour = false
			fmt.Fprintf(&s, "#%d", ci)
			writeRuns(&s, row)
		}
		s.WriteByte('-') // next band
	}
	s.WriteString("\x1b\\")
	return s.String()
}

// writeRuns writes sixel characters, runs of four or more as !n c.
func writeRuns(s *strings.Builder, row []byte) {
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && row[j] == row[i] {
			j++
		}
		if n := j - i; n >= 4 {
			fmt.Fprintf(s, "!%d%c", n, row[i])
		} else {
			s.Write(row[i:j])
		}
		i = j
	}
}

// Passthrough wraps seq for tmux's passthrough (allow-passthrough on):
// inside DCS tmux; … ST, with
// every ESC doubled.
func Passthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}
