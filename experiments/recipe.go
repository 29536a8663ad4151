package experiments

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
)

// Recipe kinds.
const (
	// KindSeed is the reproduction's experiment: pretrain upstream, then
	// transfer twice from the pretrained checkpoint, once with the backbone
	// frozen (adaptformer) and once fully fine-tuned, same schedule and seed.
	KindSeed = "seed"
	// KindTransfer is the transfer pair from an existing checkpoint, run
	// directory or weights file (transfer.init_from), or from a [pretrain]
	// run when the file has one.
	KindTransfer = "transfer"
	// KindSweep is the transfer pair repeated over several seeds, so that a
	// comparison reports a mean and a spread rather than one run each.
	KindSweep = "sweep"
	// KindSingle is one run, any mode.
	KindSingle = "single"
)

// Kinds lists the recipe kinds.
func Kinds() []string { return []string{KindSeed, KindTransfer, KindSweep, KindSingle} }

// Recipe is an experiment: which runs to train, with which configs, and in
// which order. It is read from a TOML file a person edits (LoadRecipe), or
// built in code from DefaultRecipe; Plan expands it into runs.
type Recipe struct {
	Kind        string // seed | transfer | sweep | single
	Name        string // names the experiment's directory in the store: <name>-<date>-<time>
	Description string // free text, for people
	Source      string // the file the recipe was read from; "" when built in code

	// Pretrain is the upstream run: always for seed, optional for transfer
	// and sweep (nil: transfer from Transfer.InitFrom), unused for single.
	Pretrain *trainer.Config
	// Transfer is the config every transfer run shares (seed, transfer and
	// sweep); each run replaces its Mode, and a sweep its Seed. When there
	// is a Pretrain run, InitFrom is replaced by the pretraining run's
	// final checkpoint.
	Transfer trainer.Config
	// Modes are the transfer runs' modes, by default adaptformer then full.
	Modes []string
	// Seeds are a sweep's seeds: one transfer pair per seed.
	Seeds []uint64
	// Run is the single run's config (kind single).
	Run trainer.Config
}

// PlannedRun is one run of a recipe, before it exists on disk.
type PlannedRun struct {
	// Name is unique within the recipe: "pretrain", "transfer-adaptformer",
	// "seed2-full", "run". It becomes the last element of the run's ID.
	Name string
	// Config is the run's complete training config.
	Config trainer.Config
	// After names the planned runs that must finish before this one starts.
	After []string
	// InitFrom names the planned run whose final checkpoint this run's
	// Config.InitFrom is set to when it starts ("" for none).
	InitFrom string
}

// The offline defaults: the micro model on the built-in synthetic sets,
// sized to run end to end in about four minutes on 2 cores. They train with
// AdamW (lr 0.002, weight decay 0.05): SGD, the reproduction's optimizer,
// takes a small ViT from scratch to only ~13% on synthetic-pretrain in the
// same time, against 56% with AdamW (measured with the micro preset, 4
// epochs of 20,000 images). A recipe sets optimizer = "sgd", lr = 0.01 and
// weight_decay = 5e-4 for the reproduction's schedule.
const (
	defaultPreset          = "micro"
	defaultPretrainSet     = "synthetic-pretrain"
	defaultTransferSet     = "synthetic-transfer"
	defaultPretrainEpochs  = 4
	defaultPretrainImages  = 20000
	defaultTransferEpochs  = 10 // the reproduction's transfer schedule
	defaultTransferImages  = 5000
	defaultEvalImages      = 1000
	defaultPretrainWarmup  = 50
	defaultTransferWarmup  = 30
	defaultOptimizer       = "adamw"
	defaultLR              = 0.002
	defaultWeightDecay     = 0.05
	defaultCheckpointEvery = 0
)

// defaultPretrain is the seed recipe's pretraining config.
func defaultPretrain() trainer.Config {
	return offlineConfig("full", defaultPretrainSet, defaultPretrainEpochs, defaultPretrainImages, defaultPretrainWarmup)
}

// defaultTransfer is the transfer runs' config (Mode is set per run).
func defaultTransfer() trainer.Config {
	return offlineConfig("adaptformer", defaultTransferSet, defaultTransferEpochs, defaultTransferImages, defaultTransferWarmup)
}

// offlineConfig is the trainer's default config with the offline defaults
// above and the given mode, dataset and schedule.
func offlineConfig(mode, dataset string, epochs, images, warmup int) trainer.Config {
	c := trainer.DefaultConfig()
	c.Preset, c.Mode, c.Dataset = defaultPreset, mode, dataset
	c.Epochs, c.TrainLimit, c.EvalLimit, c.WarmupSteps = epochs, images, defaultEvalImages, warmup
	c.Optimizer, c.LR, c.WeightDecay = defaultOptimizer, defaultLR, defaultWeightDecay
	return c
}

// DefaultRecipe returns the built-in recipe of a kind, with offline
// defaults: the micro preset on the synthetic sets (synthetic-pretrain
// upstream, synthetic-transfer downstream). The transfer kind has no
// pretraining run and needs Transfer.InitFrom set before it plans. An
// unknown kind gives a recipe whose Plan reports it.
func DefaultRecipe(kind string) Recipe {
	r := Recipe{Kind: kind, Name: kind}
	switch kind {
	case KindSeed:
		p := defaultPretrain()
		r.Description = "pretrain upstream, then transfer with the backbone frozen (adaptformer) and fully fine-tuned (full)"
		r.Pretrain = &p
		r.Transfer = defaultTransfer()
		r.Modes = []string{"adaptformer", "full"}
	case KindTransfer:
		r.Description = "transfer a pretrained model with the backbone frozen (adaptformer) and fully fine-tuned (full)"
		r.Transfer = defaultTransfer()
		r.Modes = []string{"adaptformer", "full"}
	case KindSweep:
		p := defaultPretrain()
		r.Description = "the transfer pair over several seeds, for a mean and a spread"
		r.Pretrain = &p
		r.Transfer = defaultTransfer()
		r.Modes = []string{"adaptformer", "full"}
		r.Seeds = []uint64{1, 2, 3}
	case KindSingle:
		r.Description = "one run"
		r.Run = defaultPretrain()
	}
	return r
}

// Plan expands the recipe into its runs, in the order they should start,
// and checks every config. Errors name the run and the field.
func (r Recipe) Plan() ([]PlannedRun, error) {
	if !slices.Contains(Kinds(), r.Kind) {
		return nil, fmt.Errorf("kind: must be one of %s, got %q", strings.Join(Kinds(), ", "), r.Kind)
	}
	var errs []error
	if err := checkName(r.Name); err != nil {
		errs = append(errs, err)
	}
	var runs []PlannedRun
	if r.Kind == KindSingle {
		runs = append(runs, PlannedRun{Name: "run", Config: r.Run})
	} else {
		if err := checkModes(r.Modes); err != nil {
			errs = append(errs, err)
		}
		if r.Kind == KindSeed && r.Pretrain == nil {
			errs = append(errs, errors.New("pretrain: the seed recipe needs a pretraining run"))
		}
		if r.Pretrain != nil {
			runs = append(runs, PlannedRun{Name: "pretrain", Config: *r.Pretrain})
			if r.Transfer.InitFrom != "" {
				errs = append(errs, fmt.Errorf("transfer.init_from: the transfer runs start from the [pretrain] run's final checkpoint; drop init_from, or the [pretrain] table to start from %q", r.Transfer.InitFrom))
			}
			if r.Pretrain.Preset != r.Transfer.Preset {
				errs = append(errs, fmt.Errorf("transfer.preset: %q differs from pretrain.preset %q; the transfer runs load the pretrained weights, so set the preset once in [defaults]",
					r.Transfer.Preset, r.Pretrain.Preset))
			}
		} else if r.Transfer.InitFrom == "" {
			errs = append(errs, errors.New("transfer.init_from: required without a [pretrain] run (a checkpoint, a run directory or a weights file)"))
		}
		seeds := []uint64{r.Transfer.Seed}
		if r.Kind == KindSweep {
			if err := checkSeeds(r.Seeds); err != nil {
				errs = append(errs, err)
			}
			seeds = r.Seeds
		}
		for _, seed := range seeds {
			for _, mode := range r.Modes {
				if !slices.Contains(trainer.Modes(), mode) {
					continue // reported by checkModes
				}
				p := PlannedRun{Name: "transfer-" + mode, Config: r.Transfer}
				if r.Kind == KindSweep {
					p.Name = fmt.Sprintf("seed%d-%s", seed, mode)
				}
				p.Config.Mode = mode
				p.Config.Seed = seed
				if r.Pretrain != nil {
					p.After = []string{"pretrain"}
					p.InitFrom = "pretrain"
					p.Config.InitFrom = ""
				}
				runs = append(runs, p)
			}
		}
	}
	for _, p := range runs {
		if err := checkConfig(p.Config); err != nil {
			errs = append(errs, fmt.Errorf("run %s: %w", p.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return runs, nil
}

// checkConfig is Config.Validate plus the checks the trainer makes when it
// creates a run, so that a recipe fails before anything is queued.
func checkConfig(c trainer.Config) error {
	var errs []error
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Preset != "" {
		if _, err := vit.Preset(c.Preset); err != nil {
			errs = append(errs, fmt.Errorf("preset: %w", err))
		}
	}
	return errors.Join(errs...)
}

func checkName(name string) error {
	if name == "" {
		return errors.New("name: must not be empty")
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("name: %q must use only letters, digits, '-', '_' and '.' (it names a directory)", name)
		}
	}
	if strings.HasPrefix(name, ".") {
		return fmt.Errorf("name: %q must not start with '.'", name)
	}
	return nil
}

func checkModes(modes []string) error {
	if len(modes) == 0 {
		return errors.New("transfer.modes: must list at least one mode")
	}
	seen := map[string]bool{}
	for _, m := range modes {
		if !slices.Contains(trainer.Modes(), m) {
			return fmt.Errorf("transfer.modes: %q is not one of %s", m, strings.Join(trainer.Modes(), ", "))
		}
		if seen[m] {
			return fmt.Errorf("transfer.modes: %q is listed twice", m)
		}
		seen[m] = true
	}
	return nil
}

func checkSeeds(seeds []uint64) error {
	if len(seeds) == 0 {
		return errors.New("transfer.seeds: a sweep needs at least one seed")
	}
	seen := map[uint64]bool{}
	for _, s := range seeds {
		if seen[s] {
			return fmt.Errorf("transfer.seeds: %d is listed twice", s)
		}
		seen[s] = true
	}
	return nil
}

// RecipeError is one problem with a recipe file: where it is and what is
// wrong.
type RecipeError struct {
	File  string // the recipe file
	Line  int    // 1-based; 0 when the problem has no single line
	Field string // "pretrain.epochs", "kind", ...; "" for a syntax error
	Err   error
}

// Error reads "FILE:LINE: FIELD: problem", like a compiler's errors.
func (e *RecipeError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the problem without its place.
func (e *RecipeError) Unwrap() error { return e.Err }

// The tables a recipe file may have.
const (
	tableDefaults = "defaults"
	tablePretrain = "pretrain"
	tableTransfer = "transfer"
	tableRun      = "run"
)

// LoadRecipe reads a recipe from a TOML file. Fields it leaves out keep
// DefaultRecipe(kind)'s values; [defaults] applies to every run of the
// recipe, before the run's own table. Every problem is reported, each as a
// *RecipeError naming the file, the line and the field; unknown keys are
// errors, so that a typo never silently keeps a default.
func LoadRecipe(path string) (Recipe, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Recipe{}, fmt.Errorf("read recipe: %w", err)
	}
	return ParseRecipe(path, b)
}

// ParseRecipe is LoadRecipe on the file's content; name is used in errors.
func ParseRecipe(name string, content []byte) (Recipe, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(content), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Recipe{}, &RecipeError{File: name, Line: pe.Position.Line, Err: errors.New(pe.Message)}
		}
		return Recipe{}, &RecipeError{File: name, Err: err}
	}
	p := recipeParser{file: name, lines: keyLines(content), doc: doc}
	return p.parse()
}

// recipeParser turns a decoded TOML document into a Recipe, collecting
// errors.
type recipeParser struct {
	file  string
	lines map[string]int // "table.key" and "[table]" -> line
	doc   map[string]any
	errs  []error
}

func (p *recipeParser) fail(field string, format string, args ...any) {
	p.add(&RecipeError{File: p.file, Line: p.line(field), Field: field, Err: fmt.Errorf(format, args...)})
}

// add records an error once: [defaults] is applied to several runs, and the
// transfer runs share their table, so the same problem can come up again.
func (p *recipeParser) add(e *RecipeError) {
	for _, old := range p.errs {
		if o := old.(*RecipeError); o.Field == e.Field && o.Err.Error() == e.Err.Error() {
			return
		}
	}
	p.errs = append(p.errs, e)
}

// line is the line of a field, of its table when the field is not in the
// file, or 0.
func (p *recipeParser) line(field string) int {
	if n, ok := p.lines[field]; ok {
		return n
	}
	table, _, _ := strings.Cut(field, ".")
	return p.lines["["+table+"]"]
}

func (p *recipeParser) parse() (Recipe, error) {
	kind, ok := p.str("kind")
	if !ok {
		return Recipe{}, errors.Join(p.errs...)
	}
	if kind == "" {
		p.fail("kind", "missing: set kind to one of %s", strings.Join(Kinds(), ", "))
		return Recipe{}, errors.Join(p.errs...)
	}
	if !slices.Contains(Kinds(), kind) {
		p.fail("kind", "must be one of %s, got %q", strings.Join(Kinds(), ", "), kind)
		return Recipe{}, errors.Join(p.errs...)
	}
	r := DefaultRecipe(kind)
	r.Source = p.file
	if name, _ := p.str("name"); name != "" {
		r.Name = name
		if err := checkName(name); err != nil {
			p.fail("name", "%v", strings.TrimPrefix(err.Error(), "name: "))
		}
	}
	if d, _ := p.str("description"); d != "" {
		r.Description = d
	}

	allowed := map[string][]string{
		KindSeed:     {tableDefaults, tablePretrain, tableTransfer},
		KindTransfer: {tableDefaults, tablePretrain, tableTransfer},
		KindSweep:    {tableDefaults, tablePretrain, tableTransfer},
		KindSingle:   {tableDefaults, tableRun},
	}[kind]
	for _, key := range sortedKeys(p.doc) {
		switch key {
		case "kind", "name", "description":
			continue
		}
		if _, isTable := p.doc[key].(map[string]any); !isTable || !slices.Contains(allowed, key) {
			if isTable && slices.Contains([]string{tableDefaults, tablePretrain, tableTransfer, tableRun}, key) {
				p.fail(key, "a %s recipe has no [%s] table (it has %s)", kind, key, tableList(allowed))
			} else if isTable {
				p.fail(key, "unknown table [%s] (a %s recipe has %s)", key, kind, tableList(allowed))
			} else {
				p.fail(key, "unknown field (the top level has kind, name and description)")
			}
		}
	}

	defaults, _ := p.doc[tableDefaults].(map[string]any)
	_, hasPretrain := p.doc[tablePretrain]
	switch kind {
	case KindSingle:
		r.Run = p.config(r.Run, defaults, tableRun, nil)
	default:
		// The seed recipe always pretrains; transfer and sweep pretrain
		// when the file has a [pretrain] table, and otherwise start from
		// transfer.init_from.
		if kind == KindSeed || hasPretrain {
			c := p.config(defaultPretrain(), defaults, tablePretrain, nil)
			r.Pretrain = &c
		} else {
			r.Pretrain = nil
		}
		extra := map[string]func(any){
			"modes": func(v any) { r.Modes = p.strings(tableTransfer+".modes", v) },
			"mode": func(any) {
				p.fail(tableTransfer+".mode", "the transfer runs' modes are a list: modes = [\"adaptformer\", \"full\"]")
			},
		}
		if kind == KindSweep {
			extra["seeds"] = func(v any) { r.Seeds = p.seeds(tableTransfer+".seeds", v) }
		}
		r.Transfer = p.config(r.Transfer, defaults, tableTransfer, extra)
	}
	// The checks that need the whole recipe, reported at the best line.
	// They run even after the errors above, which leave the defaults in
	// place, so that one pass reports every problem.
	if _, err := r.Plan(); err != nil {
		for _, e := range flatten(err) {
			field, line := p.locate(e.Error())
			p.add(&RecipeError{File: p.file, Line: line, Field: field, Err: errors.New(stripField(e.Error(), field))})
		}
	}
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b error) int { return a.(*RecipeError).Line - b.(*RecipeError).Line })
		return Recipe{}, errors.Join(p.errs...)
	}
	return r, nil
}

// str reads a top-level string key.
func (p *recipeParser) str(key string) (string, bool) {
	v, ok := p.doc[key]
	if !ok {
		return "", true
	}
	s, isStr := v.(string)
	if !isStr {
		p.fail(key, "expected a string, got %s", tomlType(v))
		return "", false
	}
	return s, true
}

func (p *recipeParser) strings(field string, v any) []string {
	list, ok := v.([]any)
	if !ok {
		p.fail(field, "expected a list of strings, got %s", tomlType(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			p.fail(field, "expected a list of strings, found %s", tomlType(x))
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (p *recipeParser) seeds(field string, v any) []uint64 {
	list, ok := v.([]any)
	if !ok {
		p.fail(field, "expected a list of non-negative integers, got %s", tomlType(v))
		return nil
	}
	out := make([]uint64, 0, len(list))
	for _, x := range list {
		n, ok := x.(int64)
		if !ok || n < 0 {
			p.fail(field, "expected a list of non-negative integers, found %s", tomlType(x))
			return nil
		}
		out = append(out, uint64(n))
	}
	return out
}

// config applies the [defaults] table and then the named table to base.
// extra handles the table's keys that are not Config fields.
func (p *recipeParser) config(base trainer.Config, defaults map[string]any, table string, extra map[string]func(any)) trainer.Config {
	fields := configFields()
	apply := func(tbl string, m map[string]any, extra map[string]func(any)) {
		for _, key := range sortedKeys(m) {
			v := m[key]
			field := tbl + "." + key
			if f, ok := extra[key]; ok {
				f(v)
				continue
			}
			ft, ok := fields[key]
			if !ok {
				hint := ""
				if s := closest(key, fields); s != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", s)
				}
				p.fail(field, "unknown field%s", hint)
				continue
			}
			if f, isFloat := v.(float64); isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
				p.fail(field, "expected a finite number, got %v", f)
				continue
			}
			b, err := json.Marshal(map[string]any{key: v})
			if err == nil {
				err = json.Unmarshal(b, &base)
			}
			if err != nil {
				p.fail(field, "expected %s, got %s", describeType(ft), tomlType(v))
			}
		}
	}
	if defaults != nil {
		apply(tableDefaults, defaults, nil)
	}
	if v, ok := p.doc[table]; ok {
		m, isTable := v.(map[string]any)
		if !isTable {
			p.fail(table, "expected a table [%s], got %s", table, tomlType(v))
			return base
		}
		apply(table, m, extra)
	}
	return base
}

// locate finds the field a Plan or Validate error is about, and its line.
// Such errors read "run NAME: [invalid training config: ]FIELD: ...".
func (p *recipeParser) locate(msg string) (field string, line int) {
	table := ""
	if rest, ok := strings.CutPrefix(msg, "run "); ok {
		name, after, _ := strings.Cut(rest, ": ")
		switch {
		case name == "pretrain":
			table = tablePretrain
		case name == "run":
			table = tableRun
		default:
			table = tableTransfer
		}
		msg = strings.TrimPrefix(after, "invalid training config: ")
	}
	key, _, _ := strings.Cut(msg, ":")
	if strings.Contains(key, ".") {
		return key, p.line(key)
	}
	if table == "" {
		return key, p.line(key)
	}
	field = table + "." + key
	if _, ok := configFields()[key]; !ok {
		return table, p.lines["["+table+"]"]
	}
	if n, ok := p.lines[field]; ok {
		return field, n
	}
	if n, ok := p.lines[tableDefaults+"."+key]; ok {
		return tableDefaults + "." + key, n
	}
	return field, p.line(field)
}

// stripField removes the "run NAME: " and field prefixes that RecipeError
// prints itself.
func stripField(msg, field string) string {
	if rest, ok := strings.CutPrefix(msg, "run "); ok {
		_, after, _ := strings.Cut(rest, ": ")
		msg = strings.TrimPrefix(after, "invalid training config: ")
	}
	key := field[strings.LastIndexByte(field, '.')+1:]
	if m, ok := strings.CutPrefix(msg, field+": "); ok {
		return m
	}
	if m, ok := strings.CutPrefix(msg, key+": "); ok {
		return m
	}
	return msg
}

// flatten splits joined errors into their parts.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	if w := errors.Unwrap(err); w != nil {
		if j, ok := w.(interface{ Unwrap() []error }); ok {
			prefix := strings.TrimSuffix(err.Error(), w.Error())
			var out []error
			for _, e := range j.Unwrap() {
				for _, f := range flatten(e) {
					out = append(out, errors.New(prefix+f.Error()))
				}
			}
			return out
		}
	}
	return []error{err}
}

// configFields maps trainer.Config's JSON names, which recipes use as keys,
// to their types.
func configFields() map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	t := reflect.TypeFor[trainer.Config]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
	}
	return fields
}

// ConfigKeys lists the keys a recipe's run tables accept: trainer.Config's
// fields by their JSON names.
func ConfigKeys() []string {
	return sortedKeys(configFields())
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describeType(t.Elem())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "a non-negative integer"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(describeType(t.Elem()), "an "), "a ") + "s"
	}
	return t.String()
}

func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return fmt.Sprintf("the integer %d", v)
	case float64:
		return fmt.Sprintf("the number %v", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

func tableList(tables []string) string {
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = "[" + t + "]"
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// closest is the known key nearest to key by edit distance, if close.
func closest[V any](key string, known map[string]V) string {
	// A known key the typo starts with ("batchsize": batch) beats one a
	// few edits away ("patch_size").
	prefix := ""
	for k := range known {
		if len(k) >= 3 && strings.HasPrefix(key, k) && len(k) > len(prefix) {
			prefix = k
		}
	}
	if prefix != "" {
		return prefix
	}
	best, bestD := "", 3
	for k := range known {
		if d := editDistance(key, k); d < bestD || d == bestD && best != "" && k < best {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// keyLines finds the line of every "[table]" header and "table.key" (or
// top-level "key") in a TOML file. It understands what recipes use: table
// headers, bare and quoted keys, comments and multi-line arrays; a key it
// cannot place is reported without a line.
func keyLines(content []byte) map[string]int {
	lines := map[string]int{}
	table := ""
	depth := 0 // open brackets of a multi-line value
	sc := bufio.NewScanner(strings.NewReader(string(content)))
	sc.Buffer(make([]byte, 0, 64*1024), len(content)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if depth > 0 {
			depth += bracketBalance(line)
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") && !strings.HasPrefix(line, "[[") {
			end := strings.IndexByte(line, ']')
			if end > 0 {
				table = strings.Trim(strings.TrimSpace(line[1:end]), `"'`)
				if _, seen := lines["["+table+"]"]; !seen {
					lines["["+table+"]"] = n
				}
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		full := key
		if table != "" {
			full = table + "." + key
		}
		if _, seen := lines[full]; !seen {
			lines[full] = n
		}
		depth = bracketBalance(value)
		if depth < 0 {
			depth = 0
		}
	}
	return lines
}

// bracketBalance counts '[' minus ']' outside strings and comments.
func bracketBalance(s string) int {
	n := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return n
		case c == '[':
			n++
		case c == ']':
			n--
		}
	}
	return n
}
