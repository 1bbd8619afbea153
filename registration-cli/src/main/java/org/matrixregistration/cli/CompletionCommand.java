package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash}: picocli's generated completion script for every command and option. */
@Command(
        name = "completion",
        description = {
            "Print a shell completion script for bash (zsh loads the same script).",
            "",
            "Try it:   source <(" + MatrixRegistrationCli.COMMAND_NAME + " completion bash)",
            "Install:  save the output as /etc/bash_completion.d/" + MatrixRegistrationCli.COMMAND_NAME
        })
final class CompletionCommand implements Callable<Integer> {
    static final List<String> SHELLS = List.of("bash", "zsh");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh.")
    String shell;

    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SHELLS.iterator();
        }
    }

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        if (!SHELLS.contains(shell)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for positional parameter at index 0 (SHELL): '" + shell + "' is not one of bash, zsh");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(MatrixRegistrationCli.COMMAND_NAME, spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
