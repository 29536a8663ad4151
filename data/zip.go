package data

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// zipLimits bound what extractZip writes, so that a hostile or broken
// archive cannot fill the disk: entries counts files and folders, fileBytes
// bounds one file and totalBytes all of them.
type zipLimits struct {
	entries               int
	fileBytes, totalBytes uint64
}

// tinyZipLimits are generous for the official Tiny-ImageNet archive: about
// 120,600 entries, 250 MB unpacked, the largest file (words.txt) 2.7 MB.
var tinyZipLimits = zipLimits{entries: 500_000, fileBytes: 64 << 20, totalBytes: 2 << 30}

// extractZip unpacks the zip archive into the folder into, which must
// exist. It refuses the whole archive, naming the entry, when an entry would
// land outside into (an absolute path, "..", a backslash), is anything but a
// plain file or folder (a symbolic link, a device), or breaks lim; what it
// wrote before is left for the caller to remove with into, as it is when
// ctx is cancelled. It does not sync the files: its callers unpack into a
// temporary folder they convert and delete.
func extractZip(ctx context.Context, archive, into string, lim zipLimits) error {
	zr, err := zip.OpenReader(archive)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("%s: %w (expected a zip archive)", archive, err)
	}
	defer zr.Close()
	if len(zr.File) > lim.entries {
		return fmt.Errorf("%s: %d archive entries, expected at most %d; refusing the archive", archive, len(zr.File), lim.entries)
	}
	// Check every entry before writing any: a bad archive leaves nothing.
	var total uint64
	for _, f := range zr.File {
		if _, err := zipEntryPath(f); err != nil {
			return fmt.Errorf("%s: %w; refusing the archive", archive, err)
		}
		if f.UncompressedSize64 > lim.fileBytes {
			return fmt.Errorf("%s: archive entry %q unpacks to %d bytes, expected at most %d; refusing the archive",
				archive, f.Name, f.UncompressedSize64, lim.fileBytes)
		}
		if total += f.UncompressedSize64; total > lim.totalBytes {
			return fmt.Errorf("%s: the archive unpacks to more than %d bytes, expected at most that; refusing the archive",
				archive, lim.totalBytes)
		}
	}
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: unpacking stopped: %w", archive, err)
		}
		rel, _ := zipEntryPath(f)
		dst := filepath.Join(into, rel)
		if f.Mode().IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return fmt.Errorf("%s: entry %q: %w", archive, f.Name, err)
			}
			continue
		}
		if err := writeZipEntry(f, dst, lim.fileBytes); err != nil {
			return fmt.Errorf("%s: entry %q: %w", archive, f.Name, err)
		}
	}
	return nil
}

// zipEntryPath returns the local path an entry unpacks to, or an error
// naming the entry when it would land outside the folder or is not a plain
// file or folder.
func zipEntryPath(f *zip.File) (string, error) {
	name := strings.TrimPrefix(f.Name, "./")
	// Go's archive/zip, like Windows, takes a backslash for a separator.
	if strings.Contains(name, `\`) || !filepath.IsLocal(filepath.FromSlash(strings.TrimSuffix(name, "/"))) {
		return "", fmt.Errorf("archive entry %q would land outside the target folder", f.Name)
	}
	mode := f.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return "", fmt.Errorf("archive entry %q is a symbolic link, expected only files and folders", f.Name)
	case !mode.IsDir() && !mode.IsRegular():
		return "", fmt.Errorf("archive entry %q is a special file (mode %v), expected only files and folders", f.Name, mode)
	case !mode.IsDir() && strings.HasSuffix(name, "/"):
		return "", fmt.Errorf("archive entry %q is a file whose name ends in a slash", f.Name)
	}
	return filepath.FromSlash(strings.TrimSuffix(name, "/")), nil
}

// writeZipEntry writes one file entry to dst, which must not exist, reading
// at most limit bytes.
func writeZipEntry(f *zip.File, dst string, limit uint64) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	// archive/zip already fails a body longer than its declared size; the
	// limit holds even if that changes.
	n, err := io.Copy(out, io.LimitReader(rc, int64(limit)+1))
	if err == nil && uint64(n) > limit {
		err = fmt.Errorf("unpacks to more than %d bytes", limit)
	}
	return errors.Join(err, out.Close())
}
