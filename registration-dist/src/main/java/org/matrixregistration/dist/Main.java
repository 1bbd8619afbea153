package org.matrixregistration.dist;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.matrixregistration.cli.MatrixRegistrationCli;

/** {@code java -jar matrix-registration.jar [--config-path FILE] COMMAND}: the process entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        ApplicationFactory factory = new ApplicationFactory(System.getenv(), Path.of("").toAbsolutePath());
        int exitCode = MatrixRegistrationCli.run(factory, out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
