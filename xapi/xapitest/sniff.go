package xapitest

import "bytes"

// sniffLen is how many leading bytes sniffMediaType needs.
const sniffLen = 16

// sniffMediaType names the media type the leading bytes of a file show, or
// "" when they match no format the upload endpoints accept. It looks only
// at magic numbers; it does not validate the whole file.
func sniffMediaType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && bytes.HasPrefix(b, []byte("RIFF")) && string(b[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(b, []byte("BM")):
		return "image/bmp"
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "image/tiff"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		if string(b[8:12]) == "qt  " {
			return "video/quicktime"
		}
		return "video/mp4"
	case bytes.HasPrefix(b, []byte{0x1a, 0x45, 0xdf, 0xa3}):
		return "video/webm"
	case len(b) > 0 && b[0] == 0x47:
		return "video/mp2t"
	case bytes.HasPrefix(b, []byte("WEBVTT")), bytes.HasPrefix(b, []byte("\xef\xbb\xbfWEBVTT")):
		return "text/vtt"
	case bytes.HasPrefix(b, []byte("glTF")):
		return "model/gltf-binary"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "model/vnd.usdz+zip"
	}
	return ""
}

// sniffMatches reports whether bytes sniffed as sniffed may be uploaded
// as declared. JPEG and progressive JPEG, and MP4 and QuickTime (both ISO
// base media files), are interchangeable; SRT has no magic number, so any
// bytes that are not a recognised binary format pass as SRT.
func sniffMatches(declared, sniffed string) bool {
	switch declared {
	case sniffed:
		return true
	case "image/jpeg", "image/pjpeg":
		return sniffed == "image/jpeg"
	case "video/mp4", "video/quicktime":
		return sniffed == "video/mp4" || sniffed == "video/quicktime"
	case "text/srt":
		return sniffed == ""
	}
	return false
}
