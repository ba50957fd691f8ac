package termimg

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // GIF pictures
	_ "image/jpeg"
	_ "image/png"
	"io"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // WebP pictures, which X takes
)

// Info is what is said of a picture in words, with or without its
// thumbnail.
type Info struct {
	// Format is the decoder's name: "png", "jpeg", "gif", "webp".
	Format        string
	Width, Height int
}

// maxPixels bounds the pictures decoded for a thumbnail: a small file can
// claim a huge canvas, and decoding it would take the memory of its
// claim.
const maxPixels = 64 << 20

// ErrTooLarge is a picture whose canvas is too large to decode for a
// thumbnail (its Info is still known).
var ErrTooLarge = errors.New("the picture is too large to preview")

// ReadInfo reads a picture's format and dimensions from its header only.
func ReadInfo(r io.Reader) (Info, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return Info{}, fmt.Errorf("not a picture that can be previewed: %w", err)
	}
	return Info{Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}

// Thumbnail decodes the picture in r (a ReadSeeker, so the header can be
// checked first) and scales it to fit within w×h pixels, keeping its
// proportions and never enlarging it. A damaged or hostile file gives an
// error, never a panic.
func Thumbnail(r io.ReadSeeker, w, h int) (img image.Image, info Info, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("the picture cannot be read: %v", p)
		}
	}()
	info, err = ReadInfo(r)
	if err != nil {
		return nil, Info{}, err
	}
	if info.Width <= 0 || info.Height <= 0 {
		return nil, info, errors.New("the picture has no pixels")
	}
	if int64(info.Width)*int64(info.Height) > maxPixels {
		return nil, info, ErrTooLarge
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, info, err
	}
	src, _, err := image.Decode(r)
	if err != nil {
		return nil, info, fmt.Errorf("the picture cannot be read: %w", err)
	}
	return Scale(src, w, h), info, nil
}

// Scale fits src within w×h pixels, keeping its proportions; a picture
// that fits already is returned as it is.
func Scale(src image.Image, w, h int) image.Image {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw <= 0 || sh <= 0 || w <= 0 || h <= 0 || (sw <= w && sh <= h) {
		return src
	}
	dw, dh := w, sh*w/sw
	if dh > h {
		dw, dh = sw*h/sh, h
	}
	dst := image.NewRGBA(image.Rect(0, 0, max(1, dw), max(1, dh)))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}
