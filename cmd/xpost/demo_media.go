package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
)

// demoMediaDirName is the folder of the demo's config dir that holds its
// sample media, where the media picker starts in the demo.
const demoMediaDirName = "sample-media"

// writeDemoMedia writes a few small media files into dir, so that a
// newcomer can attach media in the demo without hunting for files: a PNG
// picture, an animated GIF, and a file that starts like an MP4 video (the
// fake X takes it; it does not play). It returns the folder it wrote.
func writeDemoMedia(dir string) (string, error) {
	dir = filepath.Join(dir, demoMediaDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the demo's sample media: %w", err)
	}
	pngBytes, err := demoPNG()
	if err != nil {
		return "", err
	}
	gifBytes, err := demoGIF()
	if err != nil {
		return "", err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"sunset.png", pngBytes},
		{"bouncing.gif", gifBytes},
		{"clip.mp4", demoMP4()},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o600); err != nil {
			return "", fmt.Errorf("cannot write the demo's sample media: %w", err)
		}
	}
	return dir, nil
}

// demoPNG draws a small landscape: a sky fading to orange, a sun, a sea.
func demoPNG() ([]byte, error) {
	const w, h = 320, 180
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var c color.RGBA
			if y < h*2/3 {
				t := float64(y) / float64(h*2/3)
				c = color.RGBA{uint8(40 + 200*t), uint8(60 + 80*t), uint8(140 - 90*t), 255}
				if dx, dy := x-w/2, y-h*2/3; dx*dx+dy*dy < 40*40 {
					c = color.RGBA{255, 214, 90, 255}
				}
			} else {
				c = color.RGBA{20, 50, uint8(90 + (y*37+x*11)%30), 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("cannot draw the demo's sample picture: %w", err)
	}
	return b.Bytes(), nil
}

// demoGIF draws eight frames of a ball bouncing, so it is an animated GIF,
// which X takes alone in a post.
func demoGIF() ([]byte, error) {
	const w, h, frames = 120, 80, 8
	anim := &gif.GIF{}
	pal := color.Palette(palette.Plan9)
	bg := uint8(pal.Index(color.RGBA{30, 30, 40, 255}))
	ball := uint8(pal.Index(color.RGBA{250, 120, 60, 255}))
	for f := range frames {
		img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for i := range img.Pix {
			img.Pix[i] = bg
		}
		// Up and down, highest at the middle frame.
		cy := h - 14 - (f*(frames-f)*(h-28))/((frames/2)*(frames/2))
		cx := 14 + f*(w-28)/(frames-1)
		for y := range h {
			for x := range w {
				if dx, dy := x-cx, y-cy; dx*dx+dy*dy < 12*12 {
					img.SetColorIndex(x, y, ball)
				}
			}
		}
		anim.Image = append(anim.Image, img)
		anim.Delay = append(anim.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, anim); err != nil {
		return nil, fmt.Errorf("cannot draw the demo's sample GIF: %w", err)
	}
	return b.Bytes(), nil
}

// demoMP4 is the start of an MP4 file: an ftyp box and an empty mdat box.
// Its bytes say MP4, which is all the local check and the fake X look at;
// it holds no frames to play.
func demoMP4() []byte {
	b := []byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'}
	return append(b, 0, 0, 0, 8, 'm', 'd', 'a', 't')
}
