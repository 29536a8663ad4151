package data

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// EnvDataDir names the environment variable that sets the default dataset
// folder.
const EnvDataDir = "ADAPTFORMER_DATA"

// DefaultDir is the folder datasets are downloaded to and read from when no
// flag names one: $ADAPTFORMER_DATA when set, otherwise "datasets" in the
// working directory.
func DefaultDir(getenv func(string) string) string {
	if getenv != nil {
		if v := strings.TrimSpace(getenv(EnvDataDir)); v != "" {
			return v
		}
	}
	return "datasets"
}

// Source is a downloadable dataset archive.
type Source struct {
	// URL is where the archive is served.
	URL string
	// MD5 is the archive's published checksum, in hex.
	MD5 string
	// Folder is the top-level folder the archive unpacks to; it is what
	// lands in the target folder.
	Folder string
}

// OfficialSource returns the archive of a dataset that can be downloaded:
// the binary versions of CIFAR-10 and CIFAR-100 from their authors' site,
// and Tiny-ImageNet's zip from the Stanford course that published it, with
// the checksums published there. Tiny-ImageNet's archive is converted after
// unpacking (DownloadTinyImageNet), not used as it is.
func OfficialSource(name string) (Source, bool) {
	switch name {
	case "tiny-imagenet":
		return Source{URL: "http://cs231n.stanford.edu/tiny-imagenet-200.zip",
			MD5: "90528d7ca1a48142e341f4ef8d21d0de", Folder: TinyImageNetTree}, true
	case "cifar10":
		return Source{URL: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
			MD5: "c32a1d4ab5d03f1284b67883e8d87530", Folder: "cifar-10-batches-bin"}, true
	case "cifar100":
		return Source{URL: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
			MD5: "03b5dce01913d631647c71ecec9e9cb8", Folder: "cifar-100-binary"}, true
	}
	return Source{}, false
}

// DownloadOptions tune Download.
type DownloadOptions struct {
	// Client makes the request; nil means http.DefaultClient.
	Client *http.Client
	// Progress receives a one-line progress bar, redrawn with carriage
	// returns; nil means none.
	Progress io.Writer
}

// Download fetches src's archive into dir, checks its MD5 and unpacks it
// there, returning the folder it unpacked (dir/src.Folder). The transfer
// goes to a ".part" file in dir; if it is cut off, calling Download again
// resumes it with an HTTP range request. A checksum mismatch discards the
// partial file. Unpacking is atomic: into a temporary folder in dir, then
// renamed into place, so dir never holds a half-unpacked set.
func Download(ctx context.Context, src Source, dir string, opt DownloadOptions) (string, error) {
	target := filepath.Join(dir, src.Folder)
	if _, err := os.Stat(target); err == nil {
		return "", fmt.Errorf("%s already exists; remove it to download again", target)
	}
	part, err := downloadArchive(ctx, src, dir, opt)
	if err != nil {
		return "", err
	}
	if err := extract(part, dir, src.Folder); err != nil {
		os.Remove(part)
		return "", err
	}
	os.Remove(part)
	return target, nil
}

// downloadArchive fetches src's archive into a ".part" file in dir (made
// when missing), resuming one a cut-off transfer left, and checks its MD5,
// discarding the file on a mismatch. It returns the file's path.
func downloadArchive(ctx context.Context, src Source, dir string, opt DownloadOptions) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	u, err := url.Parse(src.URL)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("bad archive URL %q", src.URL)
	}
	base := path.Base(u.Path)
	if base == "/" || base == "." {
		base = "archive"
	}
	part := filepath.Join(dir, "."+base+".part")
	if err := fetch(ctx, src.URL, part, base, opt); err != nil {
		return "", err
	}
	if err := checkMD5(part, src.MD5); err != nil {
		os.Remove(part)
		return "", fmt.Errorf("%s: %w; the download was discarded, run the command again", src.URL, err)
	}
	return part, nil
}

// Install unpacks an archive already on disk, after checking it against
// src.MD5 (when set), and returns the folder it unpacked.
func Install(archive string, src Source, dir string) (string, error) {
	target := filepath.Join(dir, src.Folder)
	if _, err := os.Stat(target); err == nil {
		return "", fmt.Errorf("%s already exists; remove it to install again", target)
	}
	if err := checkMD5(archive, src.MD5); err != nil {
		return "", fmt.Errorf("%s: %w", archive, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := extract(archive, dir, src.Folder); err != nil {
		return "", err
	}
	return target, nil
}

// fetch downloads rawURL into part, resuming from part's current length.
func fetch(ctx context.Context, rawURL, part, label string, opt DownloadOptions) error {
	client := opt.Client
	if client == nil {
		client = http.DefaultClient
	}
	f, err := os.OpenFile(part, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	have, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return err
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("download %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	total := int64(-1)
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0:
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != have {
			return fmt.Errorf("download %s: the server resumed at %q, expected byte %d", rawURL, resp.Header.Get("Content-Range"), have)
		}
		total = size
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && have > 0:
		return nil // part already holds everything; the checksum decides
	case resp.StatusCode == http.StatusOK:
		// A fresh transfer, or a server that ignores ranges: start over.
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		have = 0
		total = resp.ContentLength
	default:
		return fmt.Errorf("download %s: %s", rawURL, resp.Status)
	}

	bar := newProgressBar(opt.Progress, label, have, total)
	n, copyErr := io.Copy(f, io.TeeReader(resp.Body, bar))
	bar.finish()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", part, err)
	}
	if copyErr == nil && total >= 0 && have+n < total {
		copyErr = io.ErrUnexpectedEOF
	}
	if copyErr != nil {
		return fmt.Errorf("download %s interrupted after %d of %s bytes (%v); run the command again to resume",
			rawURL, have+n, sizeString(total), copyErr)
	}
	return nil
}

func sizeString(n int64) string {
	if n < 0 {
		return "?"
	}
	return strconv.FormatInt(n, 10)
}

// parseContentRange parses "bytes START-END/SIZE" (SIZE may be "*").
func parseContentRange(s string) (start, size int64, ok bool) {
	rest, found := strings.CutPrefix(s, "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, sz, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	first, _, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	size = -1
	if sz != "*" {
		if size, err = strconv.ParseInt(sz, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, size, true
}

// checkMD5 compares a file's MD5 with want (hex); an empty want skips the
// check.
func checkMD5(path, want string) error {
	if want == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, want) {
		return fmt.Errorf("checksum mismatch: MD5 %s, expected %s", got, strings.ToLower(want))
	}
	return nil
}

// extract unpacks a .tar or .tar.gz archive into a temporary folder in dir
// and renames its top-level folder want into dir. It refuses entries that
// would land outside the folder (absolute paths, "..", links) and anything
// but plain files and folders.
func extract(archive, dir, want string) (err error) {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", archive, err)
		}
		defer gz.Close()
		r = gz
	}
	tmp, err := os.MkdirTemp(dir, ".extract-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: reading the archive: %w (expected a .tar or .tar.gz file)", archive, err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("%s: archive entry %q would land outside the target folder; refusing the archive", archive, h.Name)
		}
		dst := filepath.Join(tmp, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeEntry(dst, tr); err != nil {
				return fmt.Errorf("%s: entry %q: %w", archive, h.Name, err)
			}
		case tar.TypeXGlobalHeader:
		default:
			return fmt.Errorf("%s: archive entry %q is a %s, expected only files and folders; refusing the archive",
				archive, h.Name, typeName(h.Typeflag))
		}
	}
	got := filepath.Join(tmp, want)
	if st, err := os.Stat(got); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: the archive has no folder %s, expected the dataset's archive", archive, want)
	}
	if err := os.Rename(got, filepath.Join(dir, want)); err != nil {
		return fmt.Errorf("move the unpacked set into place: %w", err)
	}
	return syncDir(dir)
}

func typeName(t byte) string {
	switch t {
	case tar.TypeSymlink:
		return "symbolic link"
	case tar.TypeLink:
		return "hard link"
	}
	return fmt.Sprintf("special entry (type %q)", t)
}

func writeEntry(dst string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Sync(), f.Close())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // best effort: not every file system syncs folders
	return nil
}

// progressBar draws "name [#####.....]  45%  73.1/162.0 MB  5.2 MB/s".
type progressBar struct {
	w           io.Writer
	label       string
	done, total int64
	start       time.Time
	startBytes  int64
	last        time.Time
}

func newProgressBar(w io.Writer, label string, done, total int64) *progressBar {
	now := time.Now()
	return &progressBar{w: w, label: label, done: done, total: total, start: now, startBytes: done}
}

func (p *progressBar) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.last = now
		p.draw()
	}
	return len(b), nil
}

func (p *progressBar) draw() {
	if p.w == nil {
		return
	}
	const width = 30
	mb := func(n int64) float64 { return float64(n) / 1e6 }
	rate := ""
	if secs := time.Since(p.start).Seconds(); secs > 0.2 {
		rate = fmt.Sprintf("  %.1f MB/s", mb(p.done-p.startBytes)/secs)
	}
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s  %.1f MB%s   ", p.label, mb(p.done), rate)
		return
	}
	frac := min(float64(p.done)/float64(p.total), 1)
	fill := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%  %.1f/%.1f MB%s   ", p.label,
		strings.Repeat("#", fill), strings.Repeat(".", width-fill), 100*frac, mb(p.done), mb(p.total), rate)
}

func (p *progressBar) finish() {
	if p.w == nil {
		return
	}
	p.draw()
	fmt.Fprintln(p.w)
}
