package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/adaptformer/adaptformer/trainer"
)

// resumeFile, in the runs root, lists the runs a dashboard checkpointed
// when it quit, so that the next start can offer to resume them: a
// shutdown leaves them "stopped", which alone does not tell them from runs
// a person stopped on purpose.
const resumeFile = ".dashboard-resume.json"

type resumeList struct {
	Runs []string `json:"runs"`
}

// writeResumeList records ids in root atomically; no ids removes the file.
func writeResumeList(root string, ids []string) error {
	path := filepath.Join(root, resumeFile)
	if len(ids) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forget runs to resume: %w", err)
		}
		return nil
	}
	b, err := json.MarshalIndent(resumeList{Runs: ids}, "", "  ")
	if err != nil {
		return err
	}
	if err := trainer.WriteFileAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("remember runs to resume: %w", err)
	}
	return nil
}

// readResumeList reads the runs recorded by the last quit; a missing or
// unreadable file is an empty list (the offer is a convenience).
func readResumeList(root string) []string {
	b, err := os.ReadFile(filepath.Join(root, resumeFile))
	if err != nil {
		return nil
	}
	var l resumeList
	if json.Unmarshal(b, &l) != nil {
		return nil
	}
	return l.Runs
}
