package main

// runTrain is being written; until then it says so.
func runTrain(env *cliEnv, args []string) error {
	return usagef("the train command is not available yet")
}
