package org.matrixregistration.dist;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.matrixregistration.cli.MatrixRegistrationCli;

/** {@code java -jar matrix-registration.jar [--config-path FILE] COMMAND}: the process entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (MatrixRegistrationCli.serves(args)) {
            // The web server's I/O library registers management beans as it starts, which creates
            // the platform MBean server and all of the JVM's own beans: tens of milliseconds of a
            // start on the main thread, which can as well run beside reading the configuration.
            Thread management = new Thread(ManagementFactory::getPlatformMBeanServer, "management-start");
            management.setDaemon(true);
            management.start();
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        ApplicationFactory factory = new ApplicationFactory(System.getenv(), Path.of("").toAbsolutePath());
        int exitCode = MatrixRegistrationCli.run(factory, out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
