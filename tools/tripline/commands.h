// Sub-commands of the `tripline` program. Each takes the arguments after its name
// (argv[0] is the sub-command name) and returns the process exit status.
#pragma once

namespace tripline::cli {

int RunMatch(int argc, char** argv);    // tripline match: test one pattern on stdin lines
int RunLogtest(int argc, char** argv);  // tripline logtest: wazuh-logtest compatible
int RunTest(int argc, char** argv);     // tripline test: run ruleset unit-test .ini files
int RunRun(int argc, char** argv);      // tripline run: offline correlation of exported logs
int RunServe(int argc, char** argv);    // tripline serve: the logtest socket service
int RunLint(int argc, char** argv);     // tripline lint: ruleset diagnostics and semantic checks

}  // namespace tripline::cli
