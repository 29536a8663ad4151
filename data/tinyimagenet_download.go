package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// TinyImageNet32Folder is the folder a converted Tiny-ImageNet lands in
// and the tiny-imagenet-32 set is read from.
const TinyImageNet32Folder = "tiny-imagenet-32-batches-bin"

// DownloadTinyImageNet fetches Tiny-ImageNet's zip archive (src, see
// OfficialSource) into dir as Download fetches CIFAR's: resumably, through
// a ".part" file, checked against src.MD5. It then unpacks it into a
// temporary folder in dir and converts that with ConvertTinyImageNet into
// dir/tiny-imagenet-32-batches-bin, the folder it returns. The unpacked tree
// is removed either way; the archive is removed once converted, and kept
// when converting fails so that running again converts without fetching it
// again.
func DownloadTinyImageNet(ctx context.Context, src Source, dir string, opt DownloadOptions, conv ConvertOptions) (string, error) {
	target := filepath.Join(dir, TinyImageNet32Folder)
	if _, err := os.Lstat(target); err == nil {
		return "", fmt.Errorf("%s already exists; remove it to download again", target)
	}
	part, err := downloadArchive(ctx, src, dir, opt)
	if err != nil {
		return "", err
	}
	if conv.Context == nil {
		conv.Context = ctx
	}
	if err := convertTinyZip(ctx, part, dir, target, conv); err != nil {
		return "", fmt.Errorf("%w (the checked archive stays as %s: run the command again to convert it without downloading)", err, part)
	}
	os.Remove(part)
	return target, nil
}

// InstallTinyImageNet converts Tiny-ImageNet from a copy on disk into
// dir/tiny-imagenet-32-batches-bin and returns that folder. from is the
// official zip archive, checked against src.MD5 when that is set, or an
// unpacked tiny-imagenet-200 tree or the folder holding one. The archive
// is unpacked into a temporary folder in dir that is removed afterwards;
// neither it nor a tree is changed.
func InstallTinyImageNet(ctx context.Context, from string, src Source, dir string, conv ConvertOptions) (string, error) {
	target := filepath.Join(dir, TinyImageNet32Folder)
	if _, err := os.Lstat(target); err == nil {
		return "", fmt.Errorf("%s already exists; remove it to install again", target)
	}
	st, err := os.Stat(from)
	if err != nil {
		return "", fmt.Errorf("tiny-imagenet: %w (expected %s.zip or an unpacked %s folder)", err, TinyImageNetTree, TinyImageNetTree)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if conv.Context == nil {
		conv.Context = ctx
	}
	if st.IsDir() {
		if err := ConvertTinyImageNet(from, target, conv); err != nil {
			return "", err
		}
		return target, nil
	}
	if err := checkMD5(from, src.MD5); err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	if err := convertTinyZip(ctx, from, dir, target, conv); err != nil {
		return "", err
	}
	return target, nil
}

// convertTinyZip unpacks the archive into a temporary folder in dir,
// converts the tree it holds into target and removes the folder.
func convertTinyZip(ctx context.Context, archive, dir, target string, conv ConvertOptions) error {
	tmp, err := os.MkdirTemp(dir, ".extract-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if conv.Progress != nil {
		fmt.Fprintf(conv.Progress, "tiny-imagenet: unpacking %s\n", archive)
	}
	if err := extractZip(ctx, archive, tmp, tinyZipLimits); err != nil {
		return err
	}
	root := filepath.Join(tmp, TinyImageNetTree)
	if !isDir(root) {
		return fmt.Errorf("%s: the archive has no folder %s, expected Tiny-ImageNet's archive", archive, TinyImageNetTree)
	}
	return ConvertTinyImageNet(root, target, conv)
}
