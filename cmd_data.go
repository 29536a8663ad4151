package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/adaptformer/adaptformer/data"
)

// runData dispatches the data subcommands: download, verify and list.
func runData(env *cliEnv, args []string) error {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, `usage: adaptformer data download cifar10|cifar100|tiny-imagenet [--dir DIR] [--from ARCHIVE]
       adaptformer data verify --dataset NAME [--dir DIR]
       adaptformer data list

Downloads, checks and lists datasets. Run 'adaptformer data COMMAND -h' for flags.`)
	}
	if len(args) == 0 {
		usage(env.stderr)
		return usagef("missing data command: download, verify or list")
	}
	switch args[0] {
	case "download":
		return runDataDownload(env, args[1:])
	case "verify":
		return runDataVerify(env, args[1:])
	case "list":
		return runDataList(env, args[1:])
	case "-h", "--help", "help":
		usage(env.stdout)
		return nil
	}
	return usagef("unknown data command %q, expected download, verify or list", args[0])
}

// parseWithName parses flags that may come before or after one positional
// name, as in "download cifar10 --dir d" and "download --dir d cifar10".
func parseWithName(fs *flag.FlagSet, args []string) (name string, help bool, err error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", true, nil
		}
		return "", false, usagef("%v", err)
	}
	rest := fs.Args()
	if name == "" && len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return "", false, usagef("unexpected arguments: %s", strings.Join(rest, " "))
	}
	return name, false, nil
}

func runDataDownload(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("data download", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, `usage: adaptformer data download cifar10|cifar100|tiny-imagenet [flags]

Downloads the binary version of the set from its authors' site, resumably,
checks its MD5 and unpacks it into DIR atomically. tiny-imagenet's zip is
converted once into DIR/`+data.TinyImageNet32Folder+` (the tiny-imagenet-32
set, 32x32, the labelled val split as its test split); --from also takes the
unpacked tiny-imagenet-200 folder. flags:`)
		fs.PrintDefaults()
	}
	dir := fs.String("dir", data.DefaultDir(env.getenv), "folder to put the set in (default $"+data.EnvDataDir+" or ./datasets)")
	from := fs.String("from", "", "install from the archive `PATH` already on disk (tiny-imagenet: or its unpacked tree) instead of downloading")
	url := fs.String("url", "", "download from this mirror `URL` instead of the official site")
	sum := fs.String("md5", "", "expected MD5 of the archive, in hex (default: the published one)")
	name, help, err := parseWithName(fs, args)
	if help || err != nil {
		return err
	}
	if name == "" {
		return usagef("missing dataset: cifar10, cifar100 or tiny-imagenet")
	}
	if name == "tiny-imagenet-32" { // the name the set is read by
		name = "tiny-imagenet"
	}
	src, ok := data.OfficialSource(name)
	if !ok {
		return usagef("cannot download %q: expected cifar10, cifar100 or tiny-imagenet (the synthetic sets need no download; others are placed by hand)", name)
	}
	if *url != "" {
		src.URL = *url
	}
	if *sum != "" {
		if len(*sum) != 32 || strings.Trim(strings.ToLower(*sum), "0123456789abcdef") != "" {
			return usagef("--md5 %q: expected 32 hex digits", *sum)
		}
		src.MD5 = *sum
	}
	if name == "tiny-imagenet" {
		return downloadTinyImageNet(env, src, *dir, *from)
	}
	var folder string
	if *from != "" {
		fmt.Fprintf(env.stderr, "checking and unpacking %s\n", *from)
		folder, err = data.Install(*from, src, *dir)
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		fmt.Fprintf(env.stderr, "downloading %s\n", src.URL)
		folder, err = data.Download(ctx, src, *dir, data.DownloadOptions{Progress: env.stderr})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s: MD5 ok, unpacked to %s\n", name, folder)
	return nil
}

// downloadTinyImageNet fetches (or takes from a copy on disk) Tiny-ImageNet
// and converts it into dir. A converted set already there is left alone:
// running the command again is not an error.
func downloadTinyImageNet(env *cliEnv, src data.Source, dir, from string) error {
	target := filepath.Join(dir, data.TinyImageNet32Folder)
	if _, err := os.Lstat(target); err == nil {
		fmt.Fprintf(env.stdout, "tiny-imagenet: %s already exists, nothing to do (remove it to convert again; 'adaptformer data verify tiny-imagenet-32 --dir %s' says what it holds)\n", target, dir)
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	conv := data.ConvertOptions{Progress: env.stderr}
	start := time.Now()
	var folder, how string
	var err error
	switch {
	case from != "":
		fmt.Fprintf(env.stderr, "tiny-imagenet: converting %s\n", from)
		folder, err = data.InstallTinyImageNet(ctx, from, src, dir, conv)
		how = "converted " + from
		if st, statErr := os.Stat(from); statErr == nil && !st.IsDir() && src.MD5 != "" {
			how = "MD5 ok, " + how
		}
	default:
		fmt.Fprintf(env.stderr, "downloading %s\n", src.URL)
		folder, err = data.DownloadTinyImageNet(ctx, src, dir, data.DownloadOptions{Progress: env.stderr}, conv)
		how = "MD5 ok, converted"
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "tiny-imagenet: %s to %s in %s (the tiny-imagenet-32 set)\n", how, folder, time.Since(start).Round(time.Second))
	return nil
}

func runDataVerify(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("data verify", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, `usage: adaptformer data verify --dataset NAME [flags]

Reads every record of both splits and prints the counts per split and per
class; exits with status 1 at the first problem. flags:`)
		fs.PrintDefaults()
	}
	dataset := fs.String("dataset", "", "dataset: "+strings.Join(data.Names(), ", "))
	dir := fs.String("dir", data.DefaultDir(env.getenv), "folder holding the set (default $"+data.EnvDataDir+" or ./datasets)")
	coarse := fs.Bool("coarse", false, "CIFAR-100: the 20 coarse labels")
	seed := fs.Uint64("seed", 0, "synthetic sets: the seed of the images")
	perClass := fs.Bool("per-class", false, "list every class even when there are more than 20")
	name, help, err := parseWithName(fs, args)
	if help || err != nil {
		return err
	}
	if name != "" && *dataset != "" && name != *dataset {
		return usagef("two datasets named: %s and %s", name, *dataset)
	}
	if *dataset == "" {
		*dataset = name
	}
	if *dataset == "" {
		return usagef("missing --dataset: one of %s", strings.Join(data.Names(), ", "))
	}
	if data.Describe(*dataset) == "" {
		return usagef("unknown dataset %q, expected one of %s", *dataset, strings.Join(data.Names(), ", "))
	}
	if *coarse && *dataset != "cifar100" {
		return usagef("--coarse picks CIFAR-100's 20 coarse labels; %s has no coarse labels", *dataset)
	}
	rep := data.Verify(*dataset, *dir, data.OpenOptions{Coarse: *coarse, Seed: *seed})
	printReport(env.stdout, rep, *perClass)
	if rep.Note != "" {
		fmt.Fprintln(env.stdout, rep.Note)
	}
	if rep.Problem != nil {
		return fmt.Errorf("verify %s: %w", *dataset, rep.Problem)
	}
	fmt.Fprintln(env.stdout, "ok")
	return nil
}

func printReport(w io.Writer, rep data.Report, all bool) {
	if len(rep.Splits) == 0 {
		return
	}
	fmt.Fprintf(w, "%s: %d classes\n", rep.Dataset, len(rep.Classes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "split\trecords\tsmallest class\tlargest class\t")
	for _, s := range rep.Splits {
		lo, hi := s.Records, 0
		for _, n := range s.PerClass {
			lo, hi = min(lo, n), max(hi, n)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", s.Split, s.Records, lo, hi)
	}
	tw.Flush()
	if len(rep.Classes) > 20 && !all {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "label\tclass")
	for _, s := range rep.Splits {
		fmt.Fprintf(tw, "\t%s", s.Split)
	}
	fmt.Fprintln(tw)
	for i, c := range rep.Classes {
		fmt.Fprintf(tw, "%d\t%s", i, c)
		for _, s := range rep.Splits {
			fmt.Fprintf(tw, "\t%d", s.PerClass[i])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func runDataList(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("data list", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: adaptformer data list")
		fmt.Fprintln(fs.Output(), "\nLists the datasets train, run and the dashboard accept, with what each is.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	for _, n := range data.Names() {
		fmt.Fprintf(tw, "%s\t%s\n", n, data.Describe(n))
	}
	return tw.Flush()
}
