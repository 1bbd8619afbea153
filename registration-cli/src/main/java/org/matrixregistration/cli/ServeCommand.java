package org.matrixregistration.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: runs the portal, as in the Python tool. */
@Command(name = "serve", description = "Run the registration portal (web server) until it is stopped.")
final class ServeCommand extends SessionCommand {
    @Mixin
    HelpOption help;

    ServeCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() throws Exception {
        session.environment().serve();
        return 0;
    }
}
