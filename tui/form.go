package tui

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
)

// newForm is the new-experiment form: a recipe kind and the fields that
// matter most, with offline defaults (the micro model on the built-in
// synthetic sets).
type newForm struct {
	form *huh.Form
	v    formValues
}

// formValues are the form's answers, as typed.
type formValues struct {
	Kind, Name, Preset, Dataset, Upstream, Target, Mode, InitFrom string
	Epochs, TransferEpochs, Batch, LR, Seed, TrainImages          string
}

// defaultFormValues fills the form from the single-run recipe's defaults,
// with the freeze flag of the next launch.
func defaultFormValues(mode string) formValues {
	c := experiments.DefaultRecipe(experiments.KindSingle).Run
	t := experiments.DefaultRecipe(experiments.KindSeed).Transfer
	return formValues{
		Kind:           experiments.KindSingle,
		Name:           "",
		Preset:         c.Preset,
		Dataset:        c.Dataset,
		Upstream:       "synthetic-pretrain",
		Target:         "synthetic-transfer",
		Mode:           mode,
		Epochs:         strconv.Itoa(c.Epochs),
		TransferEpochs: strconv.Itoa(t.Epochs),
		Batch:          strconv.Itoa(c.Batch),
		LR:             strconv.FormatFloat(c.LR, 'g', -1, 64),
		Seed:           strconv.FormatUint(c.Seed, 10),
		TrainImages:    strconv.Itoa(c.TrainLimit),
		InitFrom:       experiments.DefaultInitFrom(),
	}
}

// buildForm makes the form with v as the answers it starts from.
func buildForm(v formValues, datasets []string, color bool, w, h int) *newForm {
	f := &newForm{v: v}
	if len(datasets) == 0 {
		datasets = []string{"synthetic-pretrain", "synthetic-transfer"}
	}

	kinds := []huh.Option[string]{
		huh.NewOption("single: one run", experiments.KindSingle),
		huh.NewOption("seed: pretrain, then adaptformer and full transfer", experiments.KindSeed),
		huh.NewOption("transfer: adaptformer and full from a checkpoint", experiments.KindTransfer),
		huh.NewOption("sweep: the transfer pair over seeds 1, 2, 3", experiments.KindSweep),
	}
	isKind := func(kinds ...string) func() bool {
		return func() bool {
			for _, k := range kinds {
				if f.v.Kind == k {
					return true
				}
			}
			return false
		}
	}
	datasetSelect := func(title, desc string, v *string) *huh.Select[string] {
		return huh.NewSelect[string]().Title(title).Description(desc).Options(huh.NewOptions(datasets...)...).Value(v).Inline(true)
	}
	what := huh.NewGroup(
		huh.NewSelect[string]().Title("Recipe").Options(kinds...).Value(&f.v.Kind).Inline(true),
		huh.NewInput().Title("Name").Placeholder("default: preset-mode, or the recipe kind").Value(&f.v.Name).Validate(validName),
		huh.NewSelect[string]().Title("Preset").Options(huh.NewOptions(vit.PresetNames()...)...).Value(&f.v.Preset).Inline(true),
	)
	single := huh.NewGroup(
		datasetSelect("Dataset", "", &f.v.Dataset),
		huh.NewSelect[string]().Title("Mode").Description("full trains everything; adaptformer freezes the backbone, trains adapters and head").
			Options(huh.NewOptions(trainer.Modes()...)...).Value(&f.v.Mode).Inline(true),
	).WithHideFunc(func() bool { return !isKind(experiments.KindSingle)() })
	pretrained := huh.NewGroup(
		datasetSelect("Upstream dataset", "the pretraining run's", &f.v.Upstream),
		datasetSelect("Transfer dataset", "the adaptformer and full runs'", &f.v.Target),
		huh.NewInput().Title("Transfer epochs").Description("of the adaptformer and full runs (Epochs below: the pretraining run's)").
			Value(&f.v.TransferEpochs).Validate(positiveInt("transfer epochs")),
	).WithHideFunc(func() bool { return !isKind(experiments.KindSeed, experiments.KindSweep)() })
	// Init from is not its group's first field: huh v1.0.0 leaves a form
	// with no focused field when shift+tab leaves a group from a field that
	// fails its validation.
	transfer := huh.NewGroup(
		datasetSelect("Transfer dataset", "the adaptformer and full runs'", &f.v.Target),
		huh.NewInput().Title("Init from").Description("a checkpoint, a run directory, a weights file or a shipped model (which sets the preset)").Value(&f.v.InitFrom).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" && f.v.Kind == experiments.KindTransfer {
				return errors.New("the transfer recipe needs pretrained weights")
			}
			return nil
		}),
	).WithHideFunc(func() bool { return !isKind(experiments.KindTransfer)() })
	optim := huh.NewGroup(
		huh.NewInput().Title("Epochs").DescriptionFunc(func() string {
			if isKind(experiments.KindSeed, experiments.KindSweep)() {
				return "of the pretraining run"
			}
			return ""
		}, &f.v.Kind).Value(&f.v.Epochs).Validate(positiveInt("epochs")),
		huh.NewInput().Title("Batch").Value(&f.v.Batch).Validate(positiveInt("batch")),
		huh.NewInput().Title("Learning rate").Value(&f.v.LR).Validate(positiveFloat("learning rate")),
		huh.NewInput().Title("Seed").DescriptionFunc(func() string {
			switch {
			case isKind(experiments.KindSweep)():
				return "of the pretraining run; the transfer pairs use seeds 1, 2 and 3"
			case isKind(experiments.KindSeed)():
				return "of every run"
			}
			return "initialisation, data order, augmentation and dropout"
		}, &f.v.Kind).Value(&f.v.Seed).Validate(nonNegativeInt("seed")),
		huh.NewInput().Title("Training images").Description("per run; 0: the whole set").Value(&f.v.TrainImages).Validate(nonNegativeInt("training images")),
	)
	theme := huh.ThemeBase()
	if color {
		theme = huh.ThemeCharm()
	}
	f.form = huh.NewForm(what, single, pretrained, transfer, optim).WithShowHelp(true).WithTheme(theme)
	f.resize(w, h)
	return f
}

func (f *newForm) resize(w, h int) {
	f.form = f.form.WithWidth(min(max(w-6, 40), 78))
}

func validName(s string) error {
	if strings.ContainsAny(s, `/\`) {
		return errors.New("a name cannot hold / or \\")
	}
	return nil
}

func positiveInt(what string) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("%s: a whole number of at least 1", what)
		}
		return nil
	}
}

func nonNegativeInt(what string) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return fmt.Errorf("%s: a whole number, 0 or more", what)
		}
		return nil
	}
}

func positiveFloat(what string) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !(v > 0) || v > 10 {
			return fmt.Errorf("%s: a number such as 0.01", what)
		}
		return nil
	}
}

// apply sets the answers shared by every run on c.
func (v formValues) apply(c *trainer.Config, dataDir string) {
	c.Preset = v.Preset
	c.Epochs, _ = strconv.Atoi(strings.TrimSpace(v.Epochs))
	c.Batch, _ = strconv.Atoi(strings.TrimSpace(v.Batch))
	c.LR, _ = strconv.ParseFloat(strings.TrimSpace(v.LR), 64)
	c.MinLR = min(c.MinLR, c.LR)
	seed, _ := strconv.ParseUint(strings.TrimSpace(v.Seed), 10, 64)
	c.Seed = seed
	c.TrainLimit, _ = strconv.Atoi(strings.TrimSpace(v.TrainImages))
	if !strings.HasPrefix(c.Dataset, "synthetic-") {
		c.DataDir = dataDir
	}
}

// recipe turns the answers into a recipe (kinds seed, transfer, sweep) or a
// single run's name and config.
func (v formValues) recipe(dataDir string) (experiments.Recipe, error) {
	r := experiments.DefaultRecipe(v.Kind)
	if name := strings.TrimSpace(v.Name); name != "" {
		r.Name = name
	}
	switch v.Kind {
	case experiments.KindSingle:
		r.Run.Dataset, r.Run.Mode = v.Dataset, v.Mode
		v.apply(&r.Run, dataDir)
	default:
		if r.Pretrain != nil {
			r.Pretrain.Dataset = v.Upstream
			v.apply(r.Pretrain, dataDir)
		}
		r.Transfer.Dataset = v.Target
		if r.Pretrain == nil { // else the transfers start from the pretraining run
			r.Transfer.InitFrom = strings.TrimSpace(v.InitFrom)
		}
		tv := v
		if r.Pretrain != nil { // seed and sweep: Epochs is the pretraining run's
			tv.Epochs = v.TransferEpochs
		}
		tv.apply(&r.Transfer, dataDir)
		// A shipped model loads only into the preset it was trained with.
		// (A file of that name wins over it, as init_from resolves.)
		if _, err := os.Stat(r.Transfer.InitFrom); err != nil {
			if preset, ok := experiments.ShippedPreset(r.Transfer.InitFrom); ok {
				r.Transfer.Preset = preset
			}
		}
	}
	if _, err := r.Plan(); err != nil {
		return r, err
	}
	return r, nil
}

// openForm shows the new-experiment form.
func (m *Model) openForm() tea.Cmd {
	if m.opt.Queue == nil {
		return m.setNotice(errNoQueue.Error(), true)
	}
	// The last answers again (a researcher launches variations), with the
	// freeze flag of the next launch.
	v := defaultFormValues(m.nextMode)
	if m.lastForm != nil {
		v = *m.lastForm
		v.Mode, v.Name = m.nextMode, ""
	}
	m.form = buildForm(v, m.datasets, m.st.Color(), m.width, m.height)
	m.back, m.screen = m.screen, screenNew
	return m.form.form.Init()
}

// formKey handles a key on the form: esc cancels, ctrl+c quits, the rest
// goes to the form.
func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.closeForm()
		return nil
	case "ctrl+c":
		return m.quit()
	}
	return m.updateForm(msg)
}

// updateForm passes a message to the form and launches when it completes.
func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	model, cmd := m.form.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.form.form = f
	}
	switch m.form.form.State {
	case huh.StateCompleted:
		v := m.form.v
		m.lastForm = &v
		m.form = nil
		m.screen = screenRuns
		return m.launch(v)
	case huh.StateAborted:
		m.closeForm()
		return nil
	}
	return cmd
}

// closeForm drops the form without launching and goes back to the screen
// it was opened from.
func (m *Model) closeForm() {
	m.form = nil
	m.screen = screenRuns
	if m.back == screenRun || m.back == screenCompare {
		m.screen = m.back
	}
}

// launch submits the form's runs to the queue.
func (m *Model) launch(v formValues) tea.Cmd {
	r, err := v.recipe(m.opt.DataDir)
	if err != nil {
		return m.setNotice("launch: "+err.Error(), true)
	}
	q := m.opt.Queue
	if v.Kind == experiments.KindSingle {
		name := r.Name
		if strings.TrimSpace(v.Name) == "" {
			name = r.Run.Preset + "-" + r.Run.Mode // the queue adds the date and time
		}
		cfg := r.Run
		return func() tea.Msg {
			id, err := q.SubmitConfig(name, cfg)
			return launchedMsg{ids: []string{id}, err: err}
		}
	}
	return func() tea.Msg {
		ids, err := q.Submit(r)
		return launchedMsg{ids: ids, err: err}
	}
}

// formView draws the form in a panel.
func (m *Model) formView(w, h int) string {
	if m.form == nil {
		return ""
	}
	title := m.st.Bold.Render("New experiment") + m.st.Dim.Render("  · "+datasetsNote(m.datasets, m.opt.DataDir))
	box := m.st.Focused.Padding(0, 1).Render(m.form.form.View())
	return lipgloss.JoinVertical(lipgloss.Left, truncate(title, w), box)
}

// datasetsNote tells where the form's datasets come from: the synthetic
// sets are built in, the others were found in dataDir.
func datasetsNote(datasets []string, dataDir string) string {
	var onDisk []string
	for _, d := range datasets {
		if !strings.HasPrefix(d, "synthetic-") {
			onDisk = append(onDisk, d)
		}
	}
	switch {
	case len(onDisk) > 0:
		return "synthetic sets built in; " + strings.Join(onDisk, ", ") + " found in " + dataDir
	case dataDir != "":
		return "only the built-in synthetic sets: no dataset found in " + dataDir + " (adaptformer data)"
	}
	return "the built-in synthetic sets train offline"
}
