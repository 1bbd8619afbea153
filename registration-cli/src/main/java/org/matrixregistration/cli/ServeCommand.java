package org.matrixregistration.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: runs the portal, as in the Python tool. */
@Command(name = "serve", description = "Run the registration portal (web server) until it is stopped.")
final class ServeCommand implements Callable<Integer> {
    private final Session session;

    @Mixin
    HelpOption help;

    ServeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        session.environment().serve();
        return 0;
    }
}
