package xapi

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	testPNG  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	testJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
	testWEBP = []byte("RIFF\x24\x00\x00\x00WEBPVP8 ")
	testMP4  = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	testMOV  = []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ")
	testHEIC = []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	testWebM = []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm")
	testMKV  = []byte("\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x88matroska")
	// gifFrame is a graphic control extension plus a 1x1 image.
	gifFrame = "!\xf9\x04\x00\x0a\x00\x00\x00" + ",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + "\x02\x02D\x01\x00"
	// A global color table of 2 entries (flag 0x80, size 0).
	gifHead   = "GIF89a\x01\x00\x01\x00\x80\x00\x00" + "\x00\x00\x00\xff\xff\xff"
	stillGIF  = []byte(gifHead + gifFrame + ";")
	animGIF   = []byte(gifHead + "!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00" + gifFrame + gifFrame + ";")
	brokenGIF = []byte(gifHead + "\x99")
)

func writeTestFile(t testing.TB, name string, head []byte, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, head, 0o600); err != nil {
		t.Fatal(err)
	}
	if size > int64(len(head)) {
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestDetectMedia(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		file     string // the name says nothing: detection uses bytes
		head     []byte
		size     int64
		wantType string
		wantKind MediaKind
		wantErr  string
	}{
		{name: "png", file: "x.jpg", head: testPNG, wantType: "image/png", wantKind: MediaImage},
		{name: "jpeg", file: "x.png", head: testJPEG, wantType: "image/jpeg", wantKind: MediaImage},
		{name: "webp", file: "x", head: testWEBP, wantType: "image/webp", wantKind: MediaImage},
		{name: "still gif is an image", file: "x.gif", head: stillGIF, wantType: "image/gif", wantKind: MediaImage},
		{name: "animated gif", file: "x.gif", head: animGIF, wantType: "image/gif", wantKind: MediaGIF},
		{name: "mp4", file: "x.mov", head: testMP4, wantType: "video/mp4", wantKind: MediaVideo},
		{name: "mov", file: "x.mp4", head: testMOV, wantType: "video/quicktime", wantKind: MediaVideo},
		{name: "webm", file: "x", head: testWebM, wantType: "video/webm", wantKind: MediaVideo},
		{name: "image at cap", file: "x", head: testPNG, size: MaxImageBytes, wantType: "image/png", wantKind: MediaImage},
		{name: "image over cap", file: "big.png", head: testPNG, size: 7_549_747, wantErr: "big.png is 7.2 MB; images can be at most 5 MB: compress it"},
		{name: "gif over cap", file: "a.gif", head: animGIF, size: MaxGIFBytes + 1, wantErr: "GIFs can be at most 15 MB"},
		{name: "video at cap", file: "v", head: testMP4, size: MaxVideoBytes, wantType: "video/mp4", wantKind: MediaVideo},
		{name: "video over cap", file: "v", head: testMP4, size: MaxVideoBytes + 1, wantErr: "videos can be at most 512 MB"},
		{name: "heic", file: "x.heic", head: testHEIC, wantErr: "is not an image X accepts: HEIC — convert it to JPEG or PNG"},
		{name: "mkv", file: "x.mkv", head: testMKV, wantErr: "convert it to MP4"},
		{name: "broken gif", file: "x.gif", head: brokenGIF, wantErr: "damaged GIF"},
		{name: "text", file: "notes.txt", head: []byte("hello there, this is text"), wantErr: "notes.txt is not a supported media file"},
		{name: "empty", file: "e.png", head: nil, wantErr: "not a supported media file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeTestFile(t, tt.file, tt.head, tt.size)
			m, err := DetectMedia(p)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("DetectMedia = %+v, %v; want error %q", m, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Type != tt.wantType || m.Kind != tt.wantKind || m.Path != p {
				t.Errorf("DetectMedia = %+v, want %s %v", m, tt.wantType, tt.wantKind)
			}
		})
	}
	if _, err := DetectMedia(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a directory, not a file: pass a regular file") {
		t.Errorf("directory: %v", err)
	}
	if _, err := DetectMedia(filepath.Join(t.TempDir(), "missing.png")); err == nil {
		t.Error("missing file accepted")
	}
}

func FuzzGIFFrames(f *testing.F) {
	f.Add(stillGIF)
	f.Add(animGIF)
	f.Add(brokenGIF)
	f.Fuzz(func(t *testing.T, b []byte) {
		n, _ := gifFrames(bufio.NewReader(bytes.NewReader(b)), 2)
		if n < 0 || n > 2 {
			t.Fatalf("gifFrames = %d, want 0..2", n)
		}
	})
}

func FuzzDetectMedia(f *testing.F) {
	for _, b := range [][]byte{testPNG, testJPEG, testWEBP, testMP4, testMOV, testHEIC, testWebM, testMKV, stillGIF, animGIF, brokenGIF} {
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := DetectMedia(p)
		if err != nil {
			return
		}
		if m.Size != int64(len(b)) || m.Category == "" || m.Type == "" || m.Size > m.Kind.MaxBytes() {
			t.Fatalf("DetectMedia = %+v", m)
		}
	})
}
