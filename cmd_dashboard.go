package main

// runDashboard is being written; until then it says so.
func runDashboard(env *cliEnv, args []string) error {
	return usagef("the dashboard command is not available yet")
}
