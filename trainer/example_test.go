package trainer_test

import (
	"fmt"
	"log"

	"github.com/adaptformer/adaptformer/trainer"
)

// A run trains in its own goroutine; its events say how it goes, and its
// control methods may be called from anywhere (a key handler, a signal).
func ExampleNew() {
	cfg := trainer.DefaultConfig()
	cfg.Dataset = "synthetic-transfer"
	cfg.Mode = "adaptformer"
	cfg.InitFrom = "runs/pretrain" // the newest good checkpoint of that run
	cfg.Epochs = 10

	run, err := trainer.New("runs/transfer", cfg, trainer.WithName("transfer, adapters only"))
	if err != nil {
		log.Fatal(err)
	}
	events := run.Events()
	run.Start()
	for e := range events {
		switch e := e.(type) {
		case trainer.EpochEvent:
			fmt.Printf("epoch %d: eval top-1 %.1f%%\n", e.Epoch, 100*e.EvalTop1)
		case trainer.StatusEvent:
			fmt.Println(e.Status, e.Message)
		}
	}
	if err := run.Wait(); err != nil {
		log.Fatal(err)
	}
}
